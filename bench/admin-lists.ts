// The back-office's request lists over HTTP at BENCH_ADMIN_ROWS requests, each beside the same list written by hand in
// SQL: the default list (every request in scope, oldest first), the approver's queue (open requests, oldest first, as
// the sidebar opens it) and a search (the list's search box, accents typed). Lists count up to 10,000 rows and show
// "10,000+" beyond (admin/list-action.ts), so the hand-written SQL counts the same way.
import { Client as PgClient } from 'pg';
import { AdminHttp } from '../client/admin-http';
import { NATIONAL_AUTHORITY_ROLE } from '../domain/entitlement';
import { foldForSearch } from '../domain/search-text';
import type { Db } from '../lib/db';
import { LIST_COUNT_LIMIT } from '../admin/list-action';
import { fillRequests } from './fixtures';
import { round, since, summarise } from './stats';

export interface AdminListsDeps {
  db: Db;
  databaseUrl: string;
  baseUrl: string;
  demoPassword: string;
  tag: string;
  say(line: string): void;
}

/** An applicant of the filled rows (bench/fixtures.ts names them "Bench Person <n>"), typed with an accent. */
const SEARCH = 'Pérson 1234';

const LISTS = {
  default: { query: '', where: '' },
  queue: { query: 'filters.status=REQUESTED&sortBy=createdAt&direction=asc&', where: `AND r.status = 'REQUESTED'` },
  search: {
    query: `filters.q=${encodeURIComponent(SEARCH)}&`,
    // The same folded expressions as admin/request-reads.ts, on which the trigram indexes are built; the matching
    // people and organisations read once (ARRAY(…)), then their requests through the foreign-key indexes.
    where: `AND (r."accountId" = ANY (ARRAY(SELECT id FROM "Account" WHERE lower(regexp_replace(normalize(
        "firstName" || ' ' || "lastName" || ' ' || email, NFD), U&'[\\0300-\\036F]', '', 'g')) LIKE $3))
      OR r."organisationId" = ANY (ARRAY(SELECT id FROM "Organisation" WHERE lower(regexp_replace(normalize(
        name || ' ' || coalesce(code, ''), NFD), U&'[\\0300-\\036F]', '', 'g')) LIKE $3)))`,
  },
};
type ListName = keyof typeof LISTS;

/**
 * A list as one would write it by hand: the routing of domain/approver-routing.ts applied to the approver's VALID posts
 * inside the SQL (as the back-office reloads them on every request), one query for the page of 10 with the
 * organisation and the applicant, one for the total (up to the list's limit).
 */
function handWritten(pg: PgClient, approverId: string, list: ListName) {
  const scoped = `
    WITH posts AS (
      SELECT ro.environment, ro."isAdministrator", o.id, o."countryCode", o.kind, o."authorityRoleCode", o."isCommission"
      FROM "Role" ro JOIN "Organisation" o ON o.id = ro."organisationId" JOIN "Account" a ON a.id = ro."accountId"
      WHERE ro."accountId" = $1 AND ro.status = 'VALID' AND a.status = 'ACTIVE'
    ),
    national AS (SELECT environment, "countryCode" FROM posts WHERE kind = 'AUTHORITY' AND "authorityRoleCode" = $2 AND NOT "isCommission"),
    commission AS (SELECT environment FROM posts WHERE "isCommission"),
    administered AS (SELECT id FROM posts WHERE "isAdministrator")
    SELECT r.*, o.name AS "organisationName"
    FROM "AuthorisationRequest" r JOIN "Organisation" o ON o.id = r."organisationId"
    WHERE r."accountId" <> $1 ${LISTS[list].where} AND (
      -- national authority: its country's organisations other than the Commission and national authorities
      ((r.environment, o."countryCode") IN (SELECT environment, "countryCode" FROM national)
        AND NOT o."isCommission" AND (o.kind <> 'AUTHORITY' OR o."authorityRoleCode" IS DISTINCT FROM $2))
      -- the Commission: attach requests to the Commission and to national authorities
      OR (r.type = 'ATTACH' AND r.environment IN (SELECT environment FROM commission)
        AND (o."isCommission" OR (o.kind = 'AUTHORITY' AND o."authorityRoleCode" = $2)))
      -- administrators: attach requests to the organisations they administer
      OR (r.type = 'ATTACH' AND r."organisationId" IN (SELECT id FROM administered)))`;
  const params: unknown[] = [approverId, NATIONAL_AUTHORITY_ROLE];
  if (list === 'search') params.push(`%${foldForSearch(SEARCH)}%`);
  return async () => {
    const [page, total] = await Promise.all([
      pg.query<{ id: string }>(
        `
        SELECT s.id, s."createdAt", s.environment, s.type, s.kind, s.status, s."expiresAt", s."organisationId",
               s."organisationName", s."accountId", a.email, a."firstName", a."lastName"
        FROM (${scoped} ORDER BY r."createdAt" ASC, r.id ASC LIMIT 10) s JOIN "Account" a ON a.id = s."accountId"
        ORDER BY s."createdAt" ASC, s.id ASC`,
        params,
      ),
      pg.query<{ count: string }>(`SELECT count(*) AS count FROM (${scoped} LIMIT ${LIST_COUNT_LIMIT + 1}) s`, params),
    ]);
    return { ids: page.rows.map((r) => r.id), total: Number(total.rows[0]!.count) };
  };
}

async function measure(admin: AdminHttp, pg: PgClient, approverId: string, list: ListName, samples: number) {
  const path = `/resources/AuthorisationRequest/actions/list?${LISTS[list].query}page=1`;
  const backOffice = async () => {
    const response = await admin.api('GET', path);
    if (response.status !== 200 || !Array.isArray(response.body?.records))
      throw new Error(`list failed: ${response.status} ${response.text.slice(0, 300)}`);
    return {
      total: response.body.meta.total as number,
      ids: (response.body.records as Array<{ id: string }>).map((r) => r.id),
    };
  };
  const sql = handWritten(pg, approverId, list);
  const adminMs: number[] = [];
  const sqlMs: number[] = [];
  let checked: { adminTotal: number; sqlTotal: number; samePage: boolean } | undefined;
  for (let i = -10; i < samples; i++) {
    let started = performance.now();
    const page = await backOffice();
    const took = since(started);
    started = performance.now();
    const expected = await sql();
    if (i < 0) continue;
    adminMs.push(took);
    sqlMs.push(since(started));
    checked ??= { adminTotal: page.total, sqlTotal: expected.total, samePage: expected.ids.join() === page.ids.join() };
  }
  if (!checked || checked.adminTotal !== checked.sqlTotal || !checked.samePage || !checked.adminTotal)
    throw new Error(
      `the hand-written SQL does not list what the back-office lists (${list}): ${JSON.stringify(checked)}`,
    );
  return { total: checked.adminTotal, backOfficeMs: summarise(adminMs), handWrittenSqlMs: summarise(sqlMs) };
}

export async function adminLists(deps: AdminListsDeps, rows: number, samples: number) {
  deps.say(`back-office lists: filling the request table to ${rows} rows …`);
  const started = performance.now();
  await fillRequests(deps.db, deps.tag, rows);
  const adminListRows = await deps.db.authorisationRequest.count();
  deps.say(`  ${adminListRows} rows (${round(since(started) / 1000)} s)`);
  const admin = new AdminHttp(deps.baseUrl);
  if (!(await admin.login('cca-be@example.eu', deps.demoPassword))) throw new Error('back-office login failed');
  const pg = new PgClient({ connectionString: deps.databaseUrl });
  await pg.connect();
  try {
    const ccaBe = await deps.db.account.findUniqueOrThrow({ where: { email: 'cca-be@example.eu' } });
    const measured = {} as Record<ListName, Awaited<ReturnType<typeof measure>>>;
    for (const list of Object.keys(LISTS) as ListName[]) {
      measured[list] = await measure(admin, pg, ccaBe.id, list, samples);
      deps.say(`  ${list}: ${JSON.stringify(measured[list])}`);
    }
    const p95 = (list: ListName) => measured[list].backOfficeMs.p95;
    const ratio = (list: ListName) => round(p95(list) / measured[list].handWrittenSqlMs.p95, 2);
    const shown = (list: ListName) => {
      const { total, backOfficeMs: b, handWrittenSqlMs: s } = measured[list];
      const count = total > LIST_COUNT_LIMIT ? `${LIST_COUNT_LIMIT}+` : String(total);
      return `${list} (${count} rows) ${b.p50}/${b.p95}, SQL ${s.p50}/${s.p95}`;
    };
    return {
      fields: {
        adminListRows,
        adminListP95Ms: p95('queue'),
        adminListRatio: ratio('queue'),
        adminDefaultListP95Ms: p95('default'),
        adminDefaultListRatio: ratio('default'),
        adminSearchP95Ms: p95('search'),
        adminSearchRatio: ratio('search'),
      },
      details: { adminList: { approver: 'cca-be@example.eu', searchTerm: SEARCH, ...measured } },
      text:
        `Back-office lists of cca-be over ${adminListRows} requests (ms p50/p95, back-office then hand-written SQL): ` +
        `${(Object.keys(LISTS) as ListName[]).map(shown).join('; ')}.`,
    };
  } finally {
    await pg.end();
  }
}
