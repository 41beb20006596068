// Bad back-office parameters (list, show, search, export, bulk; paging, enum, date and uuid filters; unknown
// resources; characters PostgreSQL cannot store): never a 5xx; JSON answers keep the error contract.
import { AdminHttp } from './support/admin-http';
import { startAppProcess, type AppProcess } from './support/app-process';

let app: AppProcess;
let admin: AdminHttp;
beforeAll(async () => {
  app = await startAppProcess();
  admin = new AdminHttp(app.baseUrl);
  if (!(await admin.login('cca-be@example.eu', app.demoPassword))) throw new Error('the Belgian CCA could not log in');
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

const RESOURCES: Record<string, { enumField?: string; dateField?: string }> = {
  AuthorisationRequest: { enumField: 'status', dateField: 'createdAt' },
  Role: { enumField: 'status', dateField: 'createdAt' },
  Organisation: { enumField: 'kind', dateField: 'createdAt' },
  OperatorDraft: { dateField: 'createdAt' },
  Account: { enumField: 'status', dateField: 'createdAt' },
  AuditEvent: { dateField: 'at' },
};
const NUL = '%00';
const SOME_UUID = '3f2b8c1e-0d4a-4c7e-9b1a-2e5f6a7b8c9d';
const cases: Array<{ name: string; method: 'GET' | 'POST'; path: string; status?: number }> = [];
for (const [resource, { enumField, dateField }] of Object.entries(RESOURCES)) {
  const base = `/resources/${resource}`;
  // Only these resources have the export and bulk-approve actions; elsewhere the action is unknown (404).
  const hasExport = ['AuthorisationRequest', 'Role', 'AuditEvent'].includes(resource);
  const hasBulk = resource === 'AuthorisationRequest';
  const list = (query: string, status?: number) =>
    cases.push({
      name: `${resource} list ?${query.slice(0, 40)}`,
      method: 'GET',
      path: `${base}/actions/list?${query}`,
      status,
    });
  list('page=-1', 400);
  list('page=abc', 400);
  list('page=1e9', 400);
  list('perPage=0', 400);
  list('perPage=99999', 400);
  list('perPage=abc', 400);
  list('direction=sideways', 400);
  list('sortBy=nothing');
  list(`sortBy=${NUL}`, 400);
  list(`filters.id=${NUL}`, 400);
  list(`filters.nothing=x`);
  if (enumField) list(`filters.${enumField}=BOGUS`, 400);
  if (dateField) {
    list(`filters.${dateField}~~from=not-a-date`, 400);
    list(`filters.${dateField}~~to=2026-13-45`, 400);
  }
  if (enumField)
    cases.push({
      name: `${resource} export with a bad enum`,
      method: 'GET',
      path: `${base}/actions/export?filters.${enumField}=BOGUS`,
      status: hasExport ? 400 : 404,
    });
  cases.push(
    { name: `${resource} search with NUL`, method: 'GET', path: `${base}/actions/search/a${NUL}b`, status: 400 },
    {
      name: `${resource} search on a NUL property`,
      method: 'GET',
      path: `${base}/actions/search/x?searchProperty=${NUL}`,
      status: 400,
    },
    {
      name: `${resource} export with NUL`,
      method: 'GET',
      path: `${base}/actions/export?filters.id=${NUL}`,
      status: 400,
    },
    { name: `${resource} show NUL`, method: 'GET', path: `${base}/records/${NUL}/show`, status: 400 },
    { name: `${resource} show a bad id`, method: 'GET', path: `${base}/records/not-a-uuid/show`, status: 400 },
    { name: `${resource} list by a bad id`, method: 'GET', path: `${base}/actions/list?filters.id=nope`, status: 400 },
    {
      name: `${resource} an unknown record action`,
      method: 'GET',
      path: `${base}/records/${SOME_UUID}/bogus`,
      status: 404,
    },
    { name: `${resource} an unknown resource action`, method: 'GET', path: `${base}/actions/bogus`, status: 404 },
    {
      name: `${resource} a search term of 3,000 characters`,
      method: 'GET',
      path: `${base}/actions/search/${'a'.repeat(3000)}`,
      status: 400,
    },
    {
      name: `${resource} bulk with bad ids`,
      method: 'POST',
      path: `${base}/bulk/bulkApprove?recordIds=a,b`,
      status: hasBulk ? 400 : 404,
    },
    { name: `${resource} show broken encoding`, method: 'GET', path: `${base}/records/%E0%A4%A/show`, status: 400 },
    {
      name: `${resource} bulk with NUL`,
      method: 'POST',
      path: `${base}/bulk/bulkApprove?recordIds=${NUL}`,
      status: 400,
    },
  );
}
cases.push(
  { name: 'an unknown resource: list', method: 'GET', path: '/resources/Nope/actions/list', status: 404 },
  { name: 'an unknown resource: show', method: 'GET', path: '/resources/Nope/records/1/show', status: 404 },
  {
    name: 'an unknown resource: bulk',
    method: 'POST',
    path: '/resources/Nope/bulk/bulkApprove?recordIds=1',
    status: 404,
  },
  { name: 'an unknown resource with NUL', method: 'GET', path: `/resources/No${NUL}pe/actions/list`, status: 400 },
);

test.each(cases)('$name → no 5xx', async ({ method, path, status }) => {
  const response = await admin.api(method, path, method === 'POST' ? {} : undefined);
  expect(response.status).toBeLessThan(500);
  if (status) expect(response.status).toBe(status);
  if (response.status >= 400 && /json/.test(response.headers.get('content-type') ?? '')) {
    expect(typeof response.body.error.code).toBe('string');
  }
});

test('a login e-mail with NUL is refused like wrong credentials, not a 500', async () => {
  const response = await new AdminHttp(app.baseUrl).request('POST', '/admin/login', {
    form: { email: 'cca-be\u0000@example.eu', password: 'x' },
  });
  expect(response.status).toBeLessThan(500);
});

test('the page of an unknown resource is 404', async () => {
  expect((await admin.request('GET', '/admin/resources/Nope')).status).toBe(404);
});
