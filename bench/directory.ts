// The directory's operator search (GET /api/environments/:env/directory/operators, api/use-cases/directory.ts) at
// BENCH_DIRECTORY_ORGS organisations per environment, beside the same search written by hand in SQL.
import { Client as PgClient } from 'pg';
import type { Db } from '../lib/db';
import { call } from '../client/http';
import { foldForSearch } from '../domain/search-text';
import { round, since, summarise } from './stats';

export interface DirectoryBenchDeps {
  db: Db;
  databaseUrl: string;
  baseUrl: string;
  demoPassword: string;
  tag: string;
  say(line: string): void;
}

// Names with accents: the searches below type them with and without, as people do.
const FIRST = ['Société', 'Forêt', 'Holzhandel', 'Bois', 'Scierie', 'Madeira', 'Drewno', 'Timber', 'Árbol', 'Øko'];
const SECOND = ['Müller', 'Lefèvre', 'Nowak', 'García', 'Dupré', 'Jørgensen', 'Kovač', 'Rossi', 'Ó Briain', 'Weiß'];
/** What a person types: accents or not, one word or two, case as it comes. The country is always given. */
const SEARCHES = ['Forêt Müller', 'foret muller', 'LEFÈVRE', 'scierie dupre', 'Kovač'];

/**
 * Tops up each environment to `perEnvironment` ACTIVE operators with one activity each: a third in Germany (the
 * searched country), the rest over the other EU countries; names from FIRST × SECOND and a number.
 */
export async function fillOrganisations(db: Db, tag: string, perEnvironment: number): Promise<void> {
  const countries = (
    await db.$queryRawUnsafe<Array<{ code: string }>>(`SELECT code FROM "Country" WHERE "isEu" AND code <> 'DE'`)
  ).map((c) => c.code);
  for (const environment of ['production', 'acceptance', 'training']) {
    const [{ count }] = await db.$queryRawUnsafe<Array<{ count: bigint }>>(
      `SELECT count(*) AS count FROM "Organisation" WHERE environment = $1::"Environment"`,
      environment,
    );
    const missing = perEnvironment - Number(count);
    if (missing <= 0) continue;
    await db.$executeRawUnsafe(
      `
      WITH made AS (
        INSERT INTO "Organisation" (id, environment, kind, status, name, "searchText", "comparableName", "countryCode",
                                    street, postcode, city, "updatedAt")
        SELECT gen_random_uuid(), $1::"Environment", 'OPERATOR', 'ACTIVE', v.name,
               lower(regexp_replace(normalize(v.name || ' Hauptstraße ' || n || ' ' || (10000 + n % 89999) || ' Köln',
                 NFD), U&'[\\0300-\\036F]', '', 'g')),
               lower(v.name), CASE WHEN n % 3 = 0 THEN 'DE' ELSE ($3::text[])[1 + n % array_length($3::text[], 1)] END,
               'Hauptstraße ' || n, (10000 + n % 89999)::text, 'Köln', now()
        FROM generate_series(1, $2::int) AS n,
             LATERAL (SELECT ($4::text[])[1 + n % 10] || ' ' || ($5::text[])[1 + (n / 10) % 10] || ' ' || $6 || '-' || n AS name) v
        RETURNING id)
      INSERT INTO "OrganisationActivity" ("organisationId", "sectionCode", "activityTypeCode")
      SELECT id, 'FLEGT', 'FLEGT_TIMBER_IMPORT' FROM made`,
      environment,
      missing,
      countries,
      FIRST,
      SECOND,
      tag,
    );
  }
  await db.$executeRawUnsafe('ANALYZE "Organisation"');
  await db.$executeRawUnsafe('ANALYZE "OrganisationActivity"');
}

/**
 * The use-case's search by hand: the same filter (each word a substring of searchText), first page of 20 by name with
 * its activities, and the total.
 */
async function handWritten(pg: PgClient, environment: string, country: string, q: string) {
  const words = foldForSearch(q)
    .split(' ')
    .filter(Boolean)
    .map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`);
  const where = `o.environment = $1::"Environment" AND o.kind = 'OPERATOR' AND o.status = 'ACTIVE' AND o."countryCode" = $2
    AND o."searchText" LIKE ALL ($3::text[])`;
  const [page, total] = await Promise.all([
    pg.query<{ id: string }>(
      `SELECT o.id, o.name, o."countryCode", o.code, o.eori, o.street, o.postcode, o.city,
              (SELECT json_agg(json_build_object('section', a."sectionCode", 'activityType', a."activityTypeCode", 'label', t.label))
               FROM "OrganisationActivity" a JOIN "ActivityType" t ON t.code = a."activityTypeCode"
               WHERE a."organisationId" = o.id) AS activities
       FROM "Organisation" o WHERE ${where} ORDER BY o.name, o.id LIMIT 20`,
      [environment, country, words],
    ),
    pg.query<{ count: string }>(`SELECT count(*) AS count FROM "Organisation" o WHERE ${where}`, [
      environment,
      country,
      words,
    ]),
  ]);
  return { ids: page.rows.map((r) => r.id), total: Number(total.rows[0]!.count) };
}

export async function directoryBench(deps: DirectoryBenchDeps, perEnvironment: number, samples: number) {
  deps.say(`directory search: filling to ${perEnvironment} organisations per environment …`);
  const started = performance.now();
  await fillOrganisations(deps.db, deps.tag, perEnvironment);
  const organisations = await deps.db.organisation.count({ where: { environment: 'production' } });
  deps.say(`  ${organisations} in production (${round(since(started) / 1000)} s)`);
  const login = await call(deps.baseUrl, 'POST', '/api/sessions', {
    email: 'cca-be@example.eu',
    password: deps.demoPassword,
  });
  if (login.status !== 200) throw new Error(`login for the directory failed: ${login.status}`);
  const headers = { authorization: `Bearer ${login.body.token}` };
  const api = async (q: string) => {
    const response = await call(
      deps.baseUrl,
      'GET',
      `/api/environments/production/directory/operators?country=DE&q=${encodeURIComponent(q)}`,
      undefined,
      headers,
    );
    if (response.status !== 200) throw new Error(`directory search failed: ${response.status}`);
    return {
      ids: (response.body.items as Array<{ id: string }>).map((i) => i.id),
      total: response.body.total as number,
    };
  };
  const pg = new PgClient({ connectionString: deps.databaseUrl });
  await pg.connect();
  try {
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    const totals: Record<string, number> = {};
    for (let i = -10; i < samples; i++) {
      const q = SEARCHES[(i + 10) % SEARCHES.length]!;
      let at = performance.now();
      const found = await api(q);
      const ms = since(at);
      at = performance.now();
      const sql = await handWritten(pg, 'production', 'DE', q);
      const sqlTook = since(at);
      if (found.total !== sql.total || found.ids.join() !== sql.ids.join())
        throw new Error(`the hand-written SQL does not find what the directory finds for "${q}"`);
      totals[q] = found.total;
      if (i < 0) continue;
      apiMs.push(ms);
      sqlMs.push(sqlTook);
    }
    const search = summarise(apiMs);
    const sql = summarise(sqlMs);
    return {
      fields: {
        directoryOrganisations: organisations,
        directorySearchP95Ms: search.p95,
        directorySearchRatio: round(search.p95 / sql.p95, 2),
      },
      details: { directorySearch: { country: 'DE', matches: totals, apiMs: search, handWrittenSqlMs: sql } },
      text:
        `Directory operator search (${organisations} organisations per environment, a third in DE; country DE and ` +
        `text with or without accents; ms p50/p95): API ${search.p50}/${search.p95}; hand-written SQL ${sql.p50}/${sql.p95}.`,
    };
  } finally {
    await pg.end();
  }
}
