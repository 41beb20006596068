// Reference lists and directory search over real HTTP and the seeded PostgreSQL.
import { NATIONAL_AUTHORITY_ROLE } from '../domain/entitlement';
import { ENVIRONMENTS } from '../domain/enums';
import { seedDemoApprovers, seedReferenceData } from '../prisma/seed';
import { COUNTRIES, DEMO_APPROVERS } from '../prisma/seed-data';
import { call } from './support/http';
import { newOperator } from './support/organisations';
import { newPerson, PERSON_PASSWORD, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let person: Person;

beforeAll(async () => {
  stack = await startTestStack();
  person = await newPerson(stack, 'searcher');
});
afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, auth: Record<string, string> = person.auth) =>
  call(stack.baseUrl, 'GET', path, undefined, auth);
const names = (response: { body: { items: Array<{ name: string }> } }) => response.body.items.map((i) => i.name);

describe('reference lists (public)', () => {
  test('countries: the EU-27 and the third countries of the guide', async () => {
    const response = await call(stack.baseUrl, 'GET', '/api/reference/countries');
    expect(response.status).toBe(200);
    expect(response.body.items.filter((c: any) => c.isEu)).toHaveLength(27);
    expect(response.body.items).toEqual(
      expect.arrayContaining([
        { code: 'BE', label: 'Belgium', isEu: true },
        { code: 'ID', label: 'Indonesia', isEu: false },
      ]),
    );
  });

  test('sections, activity types, authority roles and competences as {code, label}', async () => {
    const activityTypes = await call(stack.baseUrl, 'GET', '/api/reference/activity-types');
    expect(activityTypes.body.items).toEqual(
      expect.arrayContaining([
        { code: 'ORGANIC_IMPORTER', label: 'Organic Importer', section: 'ORGANIC', requiresEori: true },
        { code: 'FLEGT_TIMBER_IMPORT', label: 'Timber import', section: 'FLEGT', requiresEori: false },
      ]),
    );
    const roles = await call(stack.baseUrl, 'GET', '/api/reference/authority-roles');
    expect(roles.body.items.map((r: any) => r.code)).toEqual(
      expect.arrayContaining(['BCP', 'CO', NATIONAL_AUTHORITY_ROLE]),
    );
    for (const list of ['sections', 'competences']) {
      const response = await call(stack.baseUrl, 'GET', `/api/reference/${list}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeGreaterThan(0);
      for (const item of response.body.items)
        expect(item).toEqual({ code: expect.any(String), label: expect.any(String) });
    }
    expect((await call(stack.baseUrl, 'GET', '/api/reference/planets')).status).toBe(404);
  });
});

describe('operators', () => {
  test('Belgian operators of the guide, with address, EORI and activities', async () => {
    const response = await get('/api/environments/production/directory/operators?country=BE&q=a');
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(
      expect.arrayContaining(['ABC test Operator', 'ABIAN BALI EU SPRL', 'ACA Customs NV']),
    );
    const abian = response.body.items.find((i: any) => i.name === 'ABIAN BALI EU SPRL');
    expect(abian).toMatchObject({
      id: expect.any(String),
      country: 'BE',
      code: null,
      eori: 'BE0479168518',
      street: 'route du condroz 210',
      postcode: '4120',
      city: 'Neupré',
      activities: expect.arrayContaining([
        { section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT', label: 'Timber import' },
      ]),
    });
  });

  test('country is required', async () => {
    const response = await get('/api/environments/production/directory/operators?q=abc');
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toHaveProperty('country');
  });

  test('free text is case- and accent-insensitive, on name, address and EORI', async () => {
    expect(names(await get('/api/environments/production/directory/operators?country=be&q=NEUPRE'))).toEqual([
      'ABIAN BALI EU SPRL',
    ]);
    expect(
      names(
        await get(
          `/api/environments/production/directory/operators?country=BE&q=${encodeURIComponent('neupré  Condroz')}`,
        ),
      ),
    ).toEqual(['ABIAN BALI EU SPRL']);
    expect(names(await get('/api/environments/production/directory/operators?country=BE&q=0448324397'))).toEqual([
      'ACA Customs NV',
    ]);
    expect(names(await get('/api/environments/production/directory/operators?country=BE&q=koggenstraat'))).toEqual([
      'ACA Customs NV',
    ]);
    expect(names(await get('/api/environments/production/directory/operators?country=FR&q=aca'))).toEqual([]);
    // LIKE wildcards are searched for literally.
    expect(names(await get('/api/environments/production/directory/operators?country=BE&q=%25'))).toEqual([]);
  });

  test('filters by section and activity type', async () => {
    const flegt = names(
      await get('/api/environments/production/directory/operators?country=BE&activityType=FLEGT_TIMBER_IMPORT&q=a'),
    );
    expect(flegt).toEqual(expect.arrayContaining(['ABIAN BALI EU SPRL', 'ACA Customs NV']));
    expect(flegt).not.toContain('ABC test Operator');
    const organic = names(await get('/api/environments/production/directory/operators?country=BE&section=ORGANIC&q=a'));
    expect(organic).toEqual(expect.arrayContaining(['ABC test Operator', 'ABIAN BALI EU SPRL']));
    expect(organic).not.toContain('ACA Customs NV');
    const unknown = await get('/api/environments/production/directory/operators?country=BE&section=SPACE');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ section: expect.stringContaining('Unknown') });
  });

  test('pages: page and pageSize, with the total', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newOperator(stack, 'training', 'LU')).id);
    const first = await get('/api/environments/training/directory/operators?country=LU&q=fixture&pageSize=2');
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.body.items).toHaveLength(2);
    const second = await get('/api/environments/training/directory/operators?country=LU&q=fixture&pageSize=2&page=2');
    expect(second.body.items).toHaveLength(1);
    expect([...first.body.items, ...second.body.items].map((i: any) => i.id).sort()).toEqual(ids.sort());
    expect((await get('/api/environments/training/directory/operators?country=LU&pageSize=500')).status).toBe(400);
  });

  test('pending operators are not found', async () => {
    const pending = await newOperator(stack, 'acceptance', 'BE');
    await stack.db.organisation.update({ where: { id: pending.id }, data: { status: 'PENDING' } });
    expect(
      names(
        await get(`/api/environments/acceptance/directory/operators?country=BE&q=${encodeURIComponent(pending.name)}`),
      ),
    ).toEqual([]);
  });
});

describe('authorities', () => {
  test('by country, role, competence and name, with the code', async () => {
    const belgian = await get('/api/environments/production/directory/authorities?country=BE&q=aalst');
    expect(belgian.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'Aalst Customs Authority',
          code: 'BE0001',
          role: 'BCP',
          competences: ['ORGANIC'],
          city: 'Aalst',
        }),
        expect.objectContaining({
          name: 'douanekantoor AALST DAE - Industriezone Noord V',
          code: 'BE301000',
          role: 'CO',
        }),
      ]),
    );
    expect(names(await get('/api/environments/production/directory/authorities?country=BE&role=CO&q=aalst'))).toEqual([
      'douanekantoor AALST DAE - Industriezone Noord V',
    ]);
    expect(
      names(await get('/api/environments/production/directory/authorities?country=BE&competence=ORGANIC&q=aalst')),
    ).toEqual(['Aalst Customs Authority']);
    expect(
      names(await get(`/api/environments/production/directory/authorities?country=FR&role=${NATIONAL_AUTHORITY_ROLE}`)),
    ).toEqual(['France - Central Competent Authority']);
    const roissy = await get('/api/environments/training/directory/authorities?q=roissy%20charles');
    expect(roissy.body.items).toEqual([expect.objectContaining({ code: 'FRCDG4H', country: 'FR' })]);
  });
});

describe('control bodies', () => {
  test('one entry per certified country, each with its own code and the key of its body', async () => {
    const belgium = await get('/api/environments/production/directory/control-bodies?country=BE');
    expect(belgium.body.items.map((i: any) => [i.name, i.code])).toEqual([
      ['CERTISYS', 'BE-BIO-01'],
      ['QUALITY PARTNER', 'BE-BIO-03'],
    ]);
    const key = belgium.body.items[1].controlBodyKey;
    const everyCountry = await get(
      `/api/environments/production/directory/control-bodies?controlBodyKey=${encodeURIComponent(key)}`,
    );
    expect(everyCountry.body.items.map((i: any) => [i.country, i.code])).toEqual(
      expect.arrayContaining([
        ['BE', 'BE-BIO-03'],
        ['ID', 'ID-BIO-168'],
      ]),
    );
    expect(everyCountry.body.total).toBe(2);
  });
});

test('directory search needs a session, a known environment and a known list', async () => {
  expect((await get('/api/environments/production/directory/operators?country=BE', {})).status).toBe(401);
  const unknown = await get('/api/environments/staging/directory/operators?country=BE');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('UNKNOWN_ENVIRONMENT');
  expect((await get('/api/environments/production/directory/planets')).status).toBe(404);
});

test('environments are separate directories', async () => {
  const production = await get('/api/environments/production/directory/operators?country=BE&q=ACA');
  const training = await get('/api/environments/training/directory/operators?country=BE&q=ACA');
  expect(names(production)).toEqual(['ACA Customs NV']);
  expect(names(training)).toEqual(['ACA Customs NV']);
  expect(production.body.items[0].id).not.toBe(training.body.items[0].id);
});

test('seeding is idempotent: again, nothing is duplicated; one CCA per country and environment, and the Commission', async () => {
  const census = async () => ({
    organisations: await stack.db.organisation.count({ where: { createdById: null } }),
    activities: await stack.db.organisationActivity.count(),
    countries: await stack.db.country.count(),
    demoRoles: await stack.db.role.count({ where: { account: { email: { in: DEMO_APPROVERS.map((a) => a.email) } } } }),
  });
  await seedDemoApprovers(stack.db, PERSON_PASSWORD);
  const before = await census();
  await seedReferenceData(stack.db);
  await seedDemoApprovers(stack.db, PERSON_PASSWORD);
  expect(await census()).toEqual(before);
  expect(before.demoRoles).toBe(DEMO_APPROVERS.length * ENVIRONMENTS.length);
  for (const environment of ENVIRONMENTS) {
    const ccas = await stack.db.organisation.groupBy({
      by: ['countryCode'],
      where: { environment, authorityRoleCode: NATIONAL_AUTHORITY_ROLE },
      _count: true,
    });
    expect(ccas).toHaveLength(COUNTRIES.length);
    expect(ccas.every((c) => c._count === 1)).toBe(true);
    expect(await stack.db.organisation.count({ where: { environment, isCommission: true } })).toBe(1);
  }
});
