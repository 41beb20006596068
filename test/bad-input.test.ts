// Bad input over every operation of the OpenAPI document (the cases are derived from the document itself) and every
// portal form: never a 5xx, and every JSON answer in the error contract. Characters PostgreSQL cannot store are 400.
import crypto from 'node:crypto';
import http from 'node:http';
import { openApiDocument } from '../api/openapi';
import { newPerson, PERSON_PASSWORD, type Person } from './support/people';
import { PortalClient, textOf, type PortalPage } from './support/portal-client';
import { startTestStack, type TestStack } from './support/stack';

const CODEC_TOKEN = crypto.randomBytes(32).toString('base64url');
let stack: TestStack;
let person: Person;
beforeAll(async () => {
  stack = await startTestStack({ codecAuthToken: CODEC_TOKEN });
  person = await newPerson(stack, 'bad-input');
});
afterAll(async () => {
  await stack?.stop();
});

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
};
interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown;
}
interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** The exact status, where the case has one answer whatever the operation (else: any 4xx). */
  status?: number;
}

const document = openApiDocument('http://traces.test');
const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
  ([template, item]) =>
    ['get', 'post', 'patch', 'delete', 'put']
      .filter((m) => item[m])
      .map((method) => ({ template, method: method.toUpperCase(), operation: item[method]! })),
);

/** A value the schema accepts (the first enum value, a uuid, a number, a short string). */
function validValue(schema: Schema = {}): unknown {
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.format === 'uuid') return crypto.randomUUID();
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [validValue(schema.items)];
  if (type === 'object')
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, validValue(s)]));
  return 'Abc';
}

const pathWith = (template: string, params: Parameter[], override: Record<string, string> = {}) =>
  template.replace(
    /\{([^}]+)\}/g,
    (_m, name: string) =>
      override[name] ?? encodeURIComponent(String(validValue(params.find((p) => p.name === name)?.schema))),
  );

const NUL = '%00';
const SURROGATE = '%ED%A0%80'; // U+D800 as (invalid) UTF-8
const BROKEN = '%E0%A4%A'; // not percent-encoded UTF-8

function casesOf(template: string, method: string, operation: Operation): Case[] {
  const params = operation.parameters ?? [];
  const label = `${method} ${template}`;
  const path = pathWith(template, params);
  const cases: Case[] = [];
  for (const p of params.filter((x) => x.in === 'path')) {
    for (const [what, value, status] of [
      ['NUL', `a${NUL}b`, 400],
      ['a lone surrogate', SURROGATE, undefined],
      ['broken percent-encoding', BROKEN, 400],
      ['a huge value', 'x'.repeat(5000), undefined],
      ['a bad uuid or enum', 'not-a-thing', undefined],
      ['a SQL fragment', "1'%20OR%20'1'='1", undefined],
    ] as const) {
      cases.push({
        name: `${label}: path ${p.name} with ${what}`,
        method,
        path: pathWith(template, params, { [p.name]: value }),
        status,
      });
    }
  }
  const separator = path.includes('?') ? '&' : '?';
  const queries = params.filter((x) => x.in === 'query');
  for (const p of queries) {
    for (const [what, value, status] of [
      ['NUL', `a${NUL}`, 400],
      ['a lone surrogate', SURROGATE, undefined],
      ['a huge value', 'x'.repeat(3000), undefined],
      ['a wrong type', 'abc', undefined],
      ['a bad enum', 'NOT_A_CODE', undefined],
      ['an array', undefined, undefined],
    ] as const) {
      const query = value === undefined ? `${p.name}=a&${p.name}=b` : `${p.name}=${value}`;
      cases.push({
        name: `${label}: query ${p.name} with ${what}`,
        method,
        path: `${path}${separator}${query}`,
        status,
      });
    }
  }
  if (template.startsWith('/api/') && (queries.length || method === 'GET')) {
    cases.push({
      name: `${label}: an unknown query parameter with NUL`,
      method,
      path: `${path}${separator}zz=${NUL}`,
      status: 400,
    });
  }
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (schema) cases.push(...bodyCases(label, method, path, schema));
  // Methods the path does not declare (a path may declare PUT beside DELETE, e.g. administrator rights).
  const declared = Object.keys(document.paths[template] as object).map((m) => m.toUpperCase());
  for (const wrong of ['TRACE', 'PUT', 'CONNECT-ME'].filter((m) => !declared.includes(m))) {
    cases.push({
      name: `${label}: method ${wrong}`,
      method: wrong === 'CONNECT-ME' ? 'PROPFIND' : wrong,
      path,
      status: 405,
    });
  }
  return cases;
}

function bodyCases(label: string, method: string, path: string, schema: Schema): Case[] {
  const valid = validValue({ type: 'object', ...schema }) as Record<string, unknown>;
  const json = (body: unknown) => JSON.stringify(body);
  const cases: Case[] = [
    { name: `${label}: body {}`, method, path, body: '{}' },
    { name: `${label}: body an array`, method, path, body: '[]' },
    { name: `${label}: body null`, method, path, body: 'null', status: 400 },
    { name: `${label}: body a string`, method, path, body: '"text"', status: 400 },
    { name: `${label}: body a number`, method, path, body: '12', status: 400 },
    { name: `${label}: broken JSON`, method, path, body: '{"a":', status: 400 },
    { name: `${label}: body with a NUL in a key`, method, path, body: json({ ...valid, 'k\u0000': 1 }), status: 400 },
    { name: `${label}: deeply nested body`, method, path, body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
    {
      name: `${label}: body too large`,
      method,
      path,
      body: json({ ...valid, x: 'x'.repeat(100_000) }),
      status: path.startsWith('/codec') ? 400 : 413,
    },
    // The codec reads every body as JSON (Temporal's tools send it without a type): a form is INVALID_JSON there.
    {
      name: `${label}: a form body`,
      method,
      path,
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: path.startsWith('/codec') ? 400 : 415,
    },
    {
      name: `${label}: gzip claimed on a plain body`,
      method,
      path,
      body: json(valid),
      headers: { 'content-encoding': 'gzip' },
      status: 400,
    },
    {
      name: `${label}: deflate claimed on a plain body`,
      method,
      path,
      body: json(valid),
      headers: { 'content-encoding': 'deflate' },
      status: 400,
    },
    {
      name: `${label}: Content-Encoding br`,
      method,
      path,
      body: json(valid),
      headers: { 'content-encoding': 'br' },
      status: 415,
    },
    {
      name: `${label}: Content-Encoding made up`,
      method,
      path,
      body: json(valid),
      headers: { 'content-encoding': 'x-nothing' },
      status: 415,
    },
    {
      name: `${label}: a charset that does not exist`,
      method,
      path,
      body: json(valid),
      headers: { 'content-type': 'application/json; charset=klingon' },
      status: 415,
    },
  ];
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const set = (value: unknown) => json({ ...valid, [field]: value });
    cases.push(
      { name: `${label}: ${field} with NUL`, method, path, body: set('a\u0000b'), status: 400 },
      { name: `${label}: ${field} with NUL in a list`, method, path, body: set(['a\u0000b']) },
      {
        name: `${label}: ${field} with a lone surrogate`,
        method,
        path,
        body: set('a\uD800b').replace('\uD800', '\\ud800'),
        status: 400,
      },
      { name: `${label}: ${field} a huge string`, method, path, body: set('x'.repeat(20_000)) },
      { name: `${label}: ${field} a number`, method, path, body: set(12345) },
      { name: `${label}: ${field} an object`, method, path, body: set({ $gt: '' }) },
      { name: `${label}: ${field} null`, method, path, body: set(null) },
    );
    if (fieldSchema.enum) cases.push({ name: `${label}: ${field} a bad enum`, method, path, body: set('NOT_A_VALUE') });
    if (fieldSchema.format === 'uuid' || fieldSchema.items?.format === 'uuid') {
      cases.push({
        name: `${label}: ${field} a bad uuid`,
        method,
        path,
        body: set(fieldSchema.items ? ['not-a-uuid'] : 'not-a-uuid'),
      });
    }
  }
  return cases;
}

const apiCases = operations.flatMap(({ template, method, operation }) => casesOf(template, method, operation));
// The same misses outside the document: unknown routes under /api and /health keep the error contract.
apiCases.push(
  { name: 'GET an unknown route under /api', method: 'GET', path: '/api/nothing/here', status: 404 },
  { name: 'GET an unknown route under /api with NUL', method: 'GET', path: `/api/nothing${NUL}`, status: 400 },
  { name: 'GET an unknown route under /health', method: 'GET', path: '/health/deep', status: 404 },
  { name: 'POST /health', method: 'POST', path: '/health', status: 405 },
  { name: 'DELETE /api/openapi.json', method: 'DELETE', path: '/api/openapi.json', status: 405 },
);

test('the API cases cover every operation of the document, 400 or more of them', () => {
  expect(new Set(apiCases.map((c) => c.name.split(':')[0])).size).toBe(operations.length + 5);
  expect(apiCases.length).toBeGreaterThanOrEqual(400);
});

const isJson = (headers: Headers) => /application\/json/.test(headers.get('content-type') ?? '');

/** Over node:http, which sends any method (fetch refuses TRACE). */
function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Headers; body: any }>((resolve, reject) => {
    const request = http.request(
      `${stack.baseUrl}${path}`,
      {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(response.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: response.statusCode!, headers: h, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

test.each(apiCases)('$name', async ({ method, path, body, headers, status }) => {
  const token = path.startsWith('/codec') ? CODEC_TOKEN : person.token;
  const response = await send(method, path, body, { authorization: `Bearer ${token}`, ...headers });
  expect(response.status).toBeLessThan(500);
  if (status) expect(response.status).toBe(status);
  if (response.status === 405) expect(response.headers.get('allow')).toMatch(/[A-Z]/);
  if (response.status >= 400 && method !== 'HEAD') {
    expect(isJson(response.headers)).toBe(true);
    expect(typeof response.body.error.code).toBe('string');
    expect(typeof response.body.error.message).toBe('string');
  }
});

// ── The portal: every form, and the pages that read a query or a path ─────────────────────────────────────────────
const PORTAL_FORMS: Array<{ path: string; page: string; fields: string[]; loggedIn?: boolean }> = [
  {
    path: '/register',
    page: '/register',
    fields: ['firstName', 'lastName', 'email', 'confirmEmail', 'emailLanguage', 'captchaId', 'captchaAnswer'],
  },
  { path: '/register/resend', page: '/register', fields: ['registrationId'] },
  { path: '/set-password', page: '/login', fields: ['token', 'password', 'confirmPassword'] },
  { path: '/login', page: '/login', fields: ['email', 'password', 'next'] },
  {
    path: '/environments/production/request',
    page: '/environments/production/request',
    fields: ['kind', 'organisationIds', 'contactEmail', 'contactPhone', 'message'],
    loggedIn: true,
  },
  {
    path: '/environments/production/operators/new',
    page: '/environments/production/operators/new',
    fields: [
      'name',
      'country',
      'street',
      'postcode',
      'city',
      'phone',
      'email',
      'website',
      'eori',
      'section',
      'activityType',
    ],
    loggedIn: true,
  },
  {
    path: `/environments/production/roles/${crypto.randomUUID()}/delete`,
    page: '/environments/production/roles',
    fields: ['reason'],
    loggedIn: true,
  },
  { path: '/preferences', page: '/preferences', fields: ['timeZone', 'emailNotifications'], loggedIn: true },
  { path: '/logout', page: '/environments', fields: ['x'], loggedIn: true },
];
const PORTAL_PAGES = [
  '/register/sent?id=',
  '/set-password?token=',
  '/login?next=',
  '/environments/production/operators?country=BE&q=',
  '/environments/production/operators?country=',
  '/environments/production/authorities?q=',
  '/environments/production/authorities?role=',
  '/environments/production/control-bodies?controlBodyKey=',
  '/environments/production/request/confirm?ids=',
  '/environments/production/roles?status=',
  '/environments/production/request?kind=',
];

async function loggedInPortal(lang: 'en' | 'fr'): Promise<PortalClient> {
  const client = new PortalClient(stack.baseUrl);
  client.cookies.set('traces_lang', { value: lang, attributes: '' });
  const login = await client.get('/login');
  const home = await client.post('/login', { email: person.email, password: PERSON_PASSWORD }, login);
  expect(home.status).toBe(200);
  return client;
}

const UNSTORABLE_TEXT = { en: /cannot be stored/, fr: /ne peut pas être enregistré/ };
const portalCases = PORTAL_FORMS.flatMap((form) =>
  form.fields.flatMap((field) => (['NUL', 'surrogate'] as const).map((what) => ({ ...form, field, what }))),
);

test.each(portalCases)(
  'portal form $path: $field with $what → 400 page in the language',
  async ({ path, page, field, what, loggedIn }) => {
    const lang = field.length % 2 === 0 ? 'fr' : 'en';
    const client = loggedIn ? await loggedInPortal(lang) : new PortalClient(stack.baseUrl);
    if (!loggedIn) client.cookies.set('traces_lang', { value: lang, attributes: '' });
    const from = await client.get(page);
    // A lone surrogate cannot travel in a URL-encoded form (it is not UTF-8): the raw %ED%A0%80 bytes stand for it.
    const value = what === 'NUL' ? 'a\u0000b' : 'a\uFFFD';
    const answer =
      what === 'NUL'
        ? await client.post(path, { [field]: value }, from)
        : await rawForm(client, path, from, `${field}=a${SURROGATE}b`);
    expect(answer.status).toBeLessThan(500);
    if (what === 'NUL') {
      expect(answer.status).toBe(400);
      expect(textOf(answer as PortalPage)).toMatch(UNSTORABLE_TEXT[lang]);
    }
  },
);

async function rawForm(
  client: PortalClient,
  path: string,
  from: PortalPage,
  body: string,
): Promise<{ status: number }> {
  const token = /name="_csrf" value="([^"]+)"/.exec(from.html)?.[1] ?? '';
  const cookie = [...client.cookies].map(([n, c]) => `${n}=${encodeURIComponent(c.value)}`).join('; ');
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    body: `_csrf=${encodeURIComponent(token)}&${body}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.baseUrl, cookie },
  });
  return { status: response.status };
}

test.each(PORTAL_FORMS)(
  'portal form $path with gzip claimed on a plain body → 400, made-up encoding → 415',
  async ({ path, page, loggedIn }) => {
    const client = loggedIn ? await loggedInPortal('en') : new PortalClient(stack.baseUrl);
    const from = await client.get(page);
    expect(
      (await client.post(path, { a: 'b' }, from, { origin: stack.baseUrl, 'content-encoding': 'gzip' })).status,
    ).toBe(400);
    expect(
      (await client.post(path, { a: 'b' }, from, { origin: stack.baseUrl, 'content-encoding': 'x-nothing' })).status,
    ).toBe(415);
  },
);

const pageCases = PORTAL_PAGES.flatMap((page) =>
  (
    [
      ['NUL', NUL],
      ['surrogate', SURROGATE],
      ['huge', 'x'.repeat(3000)],
    ] as const
  ).map(([what, value]) => ({ page, what, value })),
);

test.each(pageCases)('portal page $page with $what → no 5xx', async ({ page, what, value }) => {
  const client = await loggedInPortal('fr');
  const answer = await client.get(`${page}${value}`);
  expect(answer.status).toBeLessThan(500);
  if (what === 'NUL') {
    expect(answer.status).toBe(400);
    expect(textOf(answer)).toMatch(UNSTORABLE_TEXT.fr);
  }
});

test.each([
  `/environments/a${NUL}/roles`,
  `/environments/${BROKEN}/roles`,
  `/environments/production/roles/${NUL}/delete`,
])('portal path %s → 400, never 5xx', async (path) => {
  const client = await loggedInPortal('en');
  const answer = await client.get(path);
  // A path that names no page is 404; one that cannot be read is 400.
  expect([400, 404]).toContain(answer.status);
});
