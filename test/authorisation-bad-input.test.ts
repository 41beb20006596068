// Bad payloads over the directory, request, operator, role and approval endpoints: always a 4xx with a code.
import crypto from 'node:crypto';
import { call } from './support/http';
import { seededId } from './support/organisations';
import { newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let person: Person;
let openRequestId: string;

const ABC = seededId('production', 'OPERATOR', 'ABC test Operator', 'BE');
const nobody = crypto.randomUUID();

beforeAll(async () => {
  stack = await startTestStack();
  person = await newPerson(stack, 'fuzzer');
  const requester = await newPerson(stack, 'requester');
  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [ABC] },
    requester.auth,
  );
  openRequestId = response.body.requests[0].id;
});
afterAll(async () => {
  await stack?.stop();
});

const REQUESTS = '/api/environments/production/authorisation-requests';
const OPERATORS = '/api/environments/production/operators';
const DIRECTORY = '/api/environments/production/directory';
const good = { kind: 'OPERATOR', organisationIds: [ABC] };
const operator = {
  name: 'Bad Input BV',
  country: 'BE',
  street: 'Straat 1',
  postcode: '1000',
  city: 'Brussel',
  activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
  phone: '+32 2 000 00 00',
};

interface Case {
  name: string;
  method: string;
  path: string | (() => string);
  body?: unknown;
  headers?: Record<string, string>;
  noAuth?: boolean;
  status: number;
  code: string;
}

const cases: Case[] = [
  // POST authorisation-requests
  { name: 'request: empty object', method: 'POST', path: REQUESTS, body: {}, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'request: no organisations',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: empty organisation list',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: [] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: organisation id not a uuid',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: ['abc'] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: organisation id a number',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: [123] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: organisationIds a string',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: ABC },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: 51 organisations',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: Array.from({ length: 51 }, () => crypto.randomUUID()) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: unknown kind',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, kind: 'ADMIN' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: kind null',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, kind: null },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: unknown organisation',
    method: 'POST',
    path: REQUESTS,
    body: { kind: 'OPERATOR', organisationIds: [nobody] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: organisation of another environment',
    method: 'POST',
    path: '/api/environments/training/authorisation-requests',
    body: good,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: operator asked as an authority',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, kind: 'AUTHORITY' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: malformed contact e-mail',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, contactEmail: 'me-at-home' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: malformed phone',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, contactPhone: 'call me maybe' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: message too long',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, message: 'x'.repeat(2001) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'request: unknown field',
    method: 'POST',
    path: REQUESTS,
    body: { ...good, role: 'boss' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'request: array body', method: 'POST', path: REQUESTS, body: [good], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'request: JSON null', method: 'POST', path: REQUESTS, body: 'null', status: 400, code: 'INVALID_JSON' },
  { name: 'request: broken JSON', method: 'POST', path: REQUESTS, body: '{"kind":', status: 400, code: 'INVALID_JSON' },
  {
    name: 'request: a form instead of JSON',
    method: 'POST',
    path: REQUESTS,
    body: 'kind=OPERATOR',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'request: unknown environment',
    method: 'POST',
    path: '/api/environments/staging/authorisation-requests',
    body: good,
    status: 404,
    code: 'UNKNOWN_ENVIRONMENT',
  },
  {
    name: 'request: no session',
    method: 'POST',
    path: REQUESTS,
    body: good,
    noAuth: true,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  // POST operators
  { name: 'operator: empty object', method: 'POST', path: OPERATORS, body: {}, status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'operator: name a number',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, name: 42 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: name too long',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, name: 'N'.repeat(201) },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: activities a string',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, activities: 'FLEGT' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: activity without type',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, activities: [{ section: 'FLEGT' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: activity null',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, activities: [null] },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: country a name',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, country: 'Belgium' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: unknown country',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, country: 'XX' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: malformed e-mail',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, email: 'sales@' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: malformed website',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, website: 'not a site' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: malformed EORI',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, eori: '!!' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: confirmNotDuplicate a string',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, confirmNotDuplicate: 'yes' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'operator: control characters in the name',
    method: 'POST',
    path: OPERATORS,
    body: { ...operator, name: 'Evil\u0000Corp' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // directory
  {
    name: 'directory: page 0',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&page=0`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: page not a number',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&page=abc`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: negative page size',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&pageSize=-1`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: country a name',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BELGIUM`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: text too long',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&q=${'a'.repeat(101)}`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: country twice',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&country=FR`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: unknown parameter',
    method: 'GET',
    path: `${DIRECTORY}/operators?country=BE&sort=name`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: nested parameter',
    method: 'GET',
    path: `${DIRECTORY}/control-bodies?country[a]=b`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'directory: unknown authority role',
    method: 'GET',
    path: `${DIRECTORY}/authorities?role=PILOT`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  // roles and requests
  {
    name: 'roles: unknown status',
    method: 'GET',
    path: '/api/environments/production/roles?status=ACTIVE',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'roles: unknown parameter',
    method: 'GET',
    path: '/api/environments/production/roles?owner=me',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  { name: 'request detail: not an id', method: 'GET', path: `${REQUESTS}/abc`, status: 404, code: 'NOT_FOUND' },
  { name: 'request detail: unknown id', method: 'GET', path: `${REQUESTS}/${nobody}`, status: 404, code: 'NOT_FOUND' },
  {
    name: "request detail: somebody else's request",
    method: 'GET',
    path: () => `${REQUESTS}/${openRequestId}`,
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'role delete: not an id',
    method: 'DELETE',
    path: '/api/environments/production/roles/abc',
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'role delete: unknown id',
    method: 'DELETE',
    path: `/api/environments/production/roles/${nobody}`,
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "role delete: somebody else's role",
    method: 'DELETE',
    path: () => `/api/environments/production/roles/${openRequestId}`,
    status: 403,
    code: 'NOT_ENTITLED',
  },
  // approvals
  {
    name: 'decision: request id not a uuid',
    method: 'POST',
    path: '/api/approvals/abc/decision',
    body: { decision: 'APPROVE' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'decision: unknown request',
    method: 'POST',
    path: `/api/approvals/${nobody}/decision`,
    body: { decision: 'APPROVE' },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'decision: no decision',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: {},
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'decision: unknown decision',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: { decision: 'MAYBE' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'decision: reason a number',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: { decision: 'REJECT', reason: 5 },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    // The status machine asks who decides before it asks for a reason: somebody who may not decide the request is
    // told only that (the reason rule for entitled approvers is tested in approvals.test.ts).
    name: 'decision: blank reason for a rejection, by somebody who may not decide',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: { decision: 'REJECT', reason: '   ' },
    status: 403,
    code: 'NOT_ENTITLED',
  },
  {
    name: 'decision: by somebody who is no approver',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: { decision: 'APPROVE' },
    status: 403,
    code: 'NOT_ENTITLED',
  },
  {
    name: 'decision: no session',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/decision`,
    body: { decision: 'APPROVE' },
    noAuth: true,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'role action: unknown action',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/role-action`,
    body: { action: 'PROMOTE' },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'role action: suspend an open request',
    method: 'POST',
    path: () => `/api/approvals/${openRequestId}/role-action`,
    body: { action: 'SUSPEND' },
    status: 403,
    code: 'NOT_ENTITLED',
  },
  {
    name: 'reference: unknown list',
    method: 'GET',
    path: '/api/reference/planets',
    noAuth: true,
    status: 404,
    code: 'NOT_FOUND',
  },
];

test('the table has at least 30 bad payloads', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
});

test.each(cases.map((c) => [c.name, c] as const))('%s → 4xx with a code', async (_name, c) => {
  const path = typeof c.path === 'function' ? c.path() : c.path;
  const response = await call(stack.baseUrl, c.method, path, c.body, {
    ...(c.noAuth ? {} : person.auth),
    ...c.headers,
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body?.error?.code).toEqual(expect.any(String));
  expect([response.status, response.body.error.code]).toEqual([c.status, c.code]);
});

test('none of it left a request or an operator behind', async () => {
  expect(await stack.db.authorisationRequest.count({ where: { accountId: person.accountId } })).toBe(0);
  expect(await stack.db.organisation.count({ where: { name: { contains: 'Bad Input' } } })).toBe(0);
});
