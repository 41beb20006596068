// Reads the request pages add to AdminJS's record: the applicants' full names, the whole new operator with its likely
// duplicates in the directory (domain/operator-rules.ts decides what "likely" is), and the next request of the queue.
import type { Prisma } from '@prisma/client';
import { foldForSearch } from '../domain/search-text';
import { duplicateCandidates } from '../api/use-cases/operator-duplicates';
import { likelyDuplicates } from '../domain/operator-rules';
import type { Db } from '../lib/db';
import { requestScopeWhere } from './approver-scope';
import type { AdminUser } from './session-security';

/** "Ada Lovelace" for each account id (the e-mail is the account's own link beside it). */
export async function applicantNames(db: Db, accountIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds.filter(Boolean))];
  if (!ids.length) return new Map();
  const accounts = await db.account.findMany({
    where: { id: { in: ids } },
    select: { id: true, firstName: true, lastName: true },
  });
  return new Map(accounts.map((a) => [a.id, `${a.firstName} ${a.lastName}`]));
}

/** The new operator of an operator-creation request as the approver must judge it, and who it may duplicate. */
export async function newOperatorView(db: Db, organisationId: string) {
  const operator = await db.organisation.findUnique({
    where: { id: organisationId },
    include: {
      country: true,
      activities: { include: { section: true, activityType: true } },
    },
  });
  if (!operator) return null;
  const existing = await duplicateCandidates(db, operator.environment, {
    name: operator.name,
    country: operator.countryCode,
    postcode: operator.postcode,
    eori: operator.eori,
    excludeId: operator.id,
  });
  const duplicates = likelyDuplicates(
    {
      name: operator.name,
      city: operator.city ?? undefined,
      street: operator.street ?? undefined,
      postcode: operator.postcode ?? undefined,
      eori: operator.eori ?? undefined,
    },
    existing,
  );
  return {
    id: operator.id,
    name: operator.name,
    status: operator.status,
    address: {
      street: operator.street,
      postcode: operator.postcode,
      city: operator.city,
      country: operator.country.name,
    },
    eori: operator.eori,
    contacts: { phone: operator.phone, fax: operator.fax, email: operator.email, website: operator.website },
    activities: operator.activities.map((a) => ({
      section: `${a.sectionCode} ${a.section.label}`,
      activityType: `${a.activityTypeCode} ${a.activityType.label}`,
    })),
    duplicates,
  };
}

/** The oldest waiting request this approver may decide, other than the one just decided. */
export async function nextInQueue(db: Db, user: AdminUser | undefined, afterId: string): Promise<string | null> {
  const next = await db.authorisationRequest.findFirst({
    where: { AND: [requestScopeWhere(user?.scope, user?.id), { status: 'REQUESTED', id: { not: afterId } }] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  return next?.id ?? null;
}

/**
 * The requests whose applicant (name, e-mail) or organisation (name, code) contains the term, compared case- and
 * accent-free like foldForSearch. Done in SQL: PostgreSQL's NFD normalisation with the combining marks removed, the very
 * expressions the trigram indexes of the migration million_row_lists are built on, so that a search over a million
 * requests reads the few people and organisations that match rather than every request.
 */
export async function requestSearchWhere(db: Db, term: string): Promise<Prisma.AuthorisationRequestWhereInput> {
  const folded = foldForSearch(term);
  if (!folded) return { id: { in: [] } };
  const like = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [accounts, organisations] = await Promise.all([
    db.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM "Account"
      WHERE lower(regexp_replace(normalize("firstName" || ' ' || "lastName" || ' ' || email, NFD),
        '[\u0300-\u036f]', '', 'g')) LIKE ${like}
      LIMIT 10000`,
    db.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM "Organisation"
      WHERE lower(regexp_replace(normalize(name || ' ' || coalesce(code, ''), NFD),
        '[\u0300-\u036f]', '', 'g')) LIKE ${like}
      LIMIT 10000`,
  ]);
  return {
    OR: [{ accountId: { in: accounts.map((a) => a.id) } }, { organisationId: { in: organisations.map((o) => o.id) } }],
  };
}
