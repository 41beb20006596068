// Where the likely duplicates of a new operator come from: PostgreSQL finds the candidates (pg_trgm over
// Organisation.comparableName), domain/operator-rules.ts likelyDuplicates decides. The API and the back-office ask here.
import { comparableName, normaliseEori, type ExistingOperator } from '../../domain/operator-rules';
import type { Environment } from '../../domain/enums';
import type { Db } from '../../lib/db';

/**
 * Operators of the environment that may be the new one: names trigram-similar in its country (the pg_trgm index on
 * comparableName), the same postcode there, or the same EORI anywhere. The domain rule (likelyDuplicates) decides.
 */
export async function duplicateCandidates(
  db: Db,
  environment: Environment,
  operator: { name: string; country: string; postcode?: string | null; eori?: string | null; excludeId?: string },
): Promise<ExistingOperator[]> {
  const name = comparableName(operator.name);
  const postcode = (operator.postcode ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const eori = operator.eori ? normaliseEori(operator.eori).number.toLowerCase() : '';
  const rows = await db.$queryRaw<ExistingOperator[]>`
    SELECT id::text AS id, name, city, eori, street, postcode FROM "Organisation"
    WHERE environment = ${environment}::"Environment" AND kind = 'OPERATOR' AND status IN ('PENDING', 'ACTIVE')
      AND (("countryCode" = ${operator.country}::text
            AND ("comparableName" % ${name}::text
              OR (${postcode}::text <> ''
                AND regexp_replace(lower(coalesce(postcode, '')), '[^a-z0-9]', '', 'g') = ${postcode}::text)))
        OR (${eori}::text <> '' AND "searchText" LIKE '%' || ${eori}::text || '%'))
    ORDER BY similarity("comparableName", ${name}::text) DESC
    LIMIT 100`;
  return rows.filter((row) => row.id !== operator.excludeId);
}
