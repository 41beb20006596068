// Bulk data for the bench, written with plain SQL (generate_series): people, operators and, for the read benchmark,
// requests that no workflow owns. Only the read side (the back-office list) looks at the request rows made here.
import type { Db } from '../lib/db';

/** `count` ACTIVE accounts without a password (the flows they take part in do not log in). Returns their ids. */
export async function insertAccounts(db: Db, tag: string, count: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `
    INSERT INTO "Account" (id, "firstName", "lastName", email, status, "activatedAt", "updatedAt")
    SELECT gen_random_uuid(), 'Bench', 'Person ' || n, 'bench.' || $1 || '.' || n || '@agri.example.be', 'ACTIVE', now(), now()
    FROM generate_series(1, $2::int) AS n
    RETURNING id`,
    tag,
    count,
  );
  return rows.map((r) => r.id);
}

/** `count` ACTIVE operators (FLEGT timber importers) in `country`. Returns their ids. */
export async function insertOperators(
  db: Db,
  tag: string,
  count: number,
  country: string,
  environment = 'production',
): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `
    INSERT INTO "Organisation" (id, environment, kind, status, name, "searchText", "countryCode", street, postcode, city, "updatedAt")
    SELECT gen_random_uuid(), $4::"Environment", 'OPERATOR', 'ACTIVE', 'Bench Operator ' || $1 || ' ' || n,
           'bench operator ' || $1 || ' ' || n, $3, 'Kaai ' || n, '8000', 'Brugge', now()
    FROM generate_series(1, $2::int) AS n
    RETURNING id`,
    tag,
    count,
    country,
    environment,
  );
  await db.$executeRawUnsafe(
    `
    INSERT INTO "OrganisationActivity" ("organisationId", "sectionCode", "activityTypeCode")
    SELECT id, 'FLEGT', 'FLEGT_TIMBER_IMPORT' FROM unnest($1::uuid[]) AS id`,
    rows.map((r) => r.id),
  );
  return rows.map((r) => r.id);
}

/**
 * Fills the request table up to `total` rows: a year of requests of every status, 80 % in production, from 20,000
 * people to 2,000 operators of which 40 % are Belgian (the benchmark's approver is Belgium's national authority, so
 * its queue is long). Returns how many rows were added.
 */
export async function fillRequests(db: Db, tag: string, total: number): Promise<number> {
  const [{ count }] = await db.$queryRawUnsafe<Array<{ count: bigint }>>(
    'SELECT count(*) AS count FROM "AuthorisationRequest"',
  );
  const missing = total - Number(count);
  if (missing <= 0) return 0;
  const accounts = await insertAccounts(db, `${tag}-list`, 20_000);
  const countries = await db.$queryRawUnsafe<Array<{ code: string }>>(
    'SELECT code FROM "Country" WHERE "isEu" ORDER BY code',
  );
  const operators: string[] = [];
  operators.push(...(await insertOperators(db, `${tag}-be`, 800, 'BE')));
  const others = countries.map((c) => c.code).filter((c) => c !== 'BE');
  for (const [i, country] of others.entries()) {
    operators.push(
      ...(await insertOperators(db, `${tag}-${country}`, Math.ceil(1200 / others.length) + (i % 2), country)),
    );
  }
  await db.$executeRawUnsafe(
    `
    INSERT INTO "AuthorisationRequest"
      (id, environment, type, kind, "accountId", "organisationId", status, "workflowId", message, "expiresAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(),
           (CASE WHEN (n / 10) % 10 < 8 THEN 'production' WHEN (n / 10) % 10 = 8 THEN 'acceptance' ELSE 'training' END)::"Environment",
           'ATTACH', 'OPERATOR', a.ids[1 + n % array_length(a.ids, 1)], o.ids[1 + (n * 7) % array_length(o.ids, 1)],
           (CASE WHEN n % 10 < 3 THEN 'REQUESTED' WHEN n % 10 < 7 THEN 'VALID' WHEN n % 10 = 7 THEN 'REJECTED'
                 WHEN n % 10 = 8 THEN 'EXPIRED' ELSE 'WITHDRAWN' END)::"RequestStatus",
           'bench-list:' || $1 || ':' || n, 'Please add me to the company', ts + interval '30 days', ts, ts
    FROM generate_series(1, $2::int) AS n,
         LATERAL (SELECT now() - (n % 525600) * interval '1 minute' AS ts) t,
         (SELECT array_agg(id) AS ids FROM unnest($3::uuid[]) AS id) a,
         (SELECT array_agg(id) AS ids FROM unnest($4::uuid[]) AS id) o`,
    tag,
    missing,
    accounts,
    operators,
  );
  await db.$executeRawUnsafe('ANALYZE');
  return missing;
}
