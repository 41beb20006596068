// Bad input to the registration endpoints: every one gets a 4xx with a code from the contract, never a 5xx.
import crypto from 'node:crypto';
import { call } from './support/http';
import { captchaReadsAs } from './support/captcha';
import { startTestStack, type TestStack } from './support/stack';

// The built-in captcha; each challenge reads as a known answer (test/support/captcha.ts).
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    captchaProvider: 'builtin',
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function challenge(answer = 'K7WQP') {
  const response = await call(stack.baseUrl, 'GET', '/api/captcha');
  expect(response.status).toBe(200);
  expect(response.body.image).toMatch(/^<svg/);
  await captchaReadsAs(stack.db, response.body.captchaId, answer);
  return response.body.captchaId as string;
}

const email = () => `bad.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
async function valid(overrides: Record<string, unknown> = {}) {
  const address = email();
  return {
    firstName: 'Lotte',
    lastName: 'Maes',
    email: address,
    confirmEmail: address,
    emailLanguage: 'nl',
    privacyStatementAccepted: true,
    captchaId: await challenge(),
    captchaAnswer: 'k7wqp',
    ...overrides,
  };
}
const without = async (field: string) => {
  const body: Record<string, unknown> = await valid();
  delete body[field];
  return body;
};

type Case = [name: string, body: () => Promise<unknown> | unknown, status: number, code: string, field?: string];

const registrationCases: Case[] = [
  ['empty object', () => ({}), 400, 'VALIDATION_FAILED', 'firstName'],
  ['array body', () => [], 400, 'VALIDATION_FAILED'],
  ['string body', () => '"hello"', 400, 'INVALID_JSON'],
  ['null body', () => 'null', 400, 'INVALID_JSON'],
  ['malformed JSON', () => '{"firstName": ', 400, 'INVALID_JSON'],
  ['missing firstName', () => without('firstName'), 400, 'VALIDATION_FAILED', 'firstName'],
  ['missing lastName', () => without('lastName'), 400, 'VALIDATION_FAILED', 'lastName'],
  ['missing email', () => without('email'), 400, 'VALIDATION_FAILED', 'email'],
  ['missing confirmEmail', () => without('confirmEmail'), 400, 'VALIDATION_FAILED', 'confirmEmail'],
  ['missing emailLanguage', () => without('emailLanguage'), 400, 'VALIDATION_FAILED', 'emailLanguage'],
  [
    'missing privacy statement',
    () => without('privacyStatementAccepted'),
    400,
    'VALIDATION_FAILED',
    'privacyStatementAccepted',
  ],
  [
    'privacy statement refused',
    () => valid({ privacyStatementAccepted: false }),
    400,
    'VALIDATION_FAILED',
    'privacyStatementAccepted',
  ],
  [
    'privacy statement as string',
    () => valid({ privacyStatementAccepted: 'true' }),
    400,
    'VALIDATION_FAILED',
    'privacyStatementAccepted',
  ],
  ['firstName a number', () => valid({ firstName: 42 }), 400, 'VALIDATION_FAILED', 'firstName'],
  ['firstName an object', () => valid({ firstName: { $ne: '' } }), 400, 'VALIDATION_FAILED', 'firstName'],
  ['firstName blank', () => valid({ firstName: '   ' }), 400, 'VALIDATION_FAILED', 'firstName'],
  ['huge lastName', () => valid({ lastName: 'x'.repeat(10_000) }), 400, 'VALIDATION_FAILED', 'lastName'],
  ['control characters in name', () => valid({ firstName: 'Lot\u0000te' }), 400, 'VALIDATION_FAILED', 'firstName'],
  ['bidi override in name', () => valid({ lastName: 'Maes\u202E' }), 400, 'VALIDATION_FAILED', 'lastName'],
  [
    'e-mail without @',
    () => valid({ email: 'lotte.maes.example.be', confirmEmail: 'lotte.maes.example.be' }),
    400,
    'VALIDATION_FAILED',
    'email',
  ],
  [
    'e-mail with spaces',
    () => valid({ email: 'lotte maes@example.be', confirmEmail: 'lotte maes@example.be' }),
    400,
    'VALIDATION_FAILED',
    'email',
  ],
  [
    'e-mail too long',
    () => {
      const e = `${'a'.repeat(300)}@example.be`;
      return valid({ email: e, confirmEmail: e });
    },
    400,
    'VALIDATION_FAILED',
    'email',
  ],
  [
    'confirmation differs',
    () => valid({ confirmEmail: 'someone.else@example.be' }),
    400,
    'VALIDATION_FAILED',
    'confirmEmail',
  ],
  [
    'generic mailbox info@',
    () => valid({ email: 'info@operator.example.be', confirmEmail: 'info@operator.example.be' }),
    400,
    'GENERIC_EMAIL',
    'email',
  ],
  [
    'generic mailbox bcp.antwerp@',
    () => valid({ email: 'bcp.antwerp@fgov.example.be', confirmEmail: 'bcp.antwerp@fgov.example.be' }),
    400,
    'GENERIC_EMAIL',
    'email',
  ],
  ['unknown language', () => valid({ emailLanguage: 'xx' }), 400, 'VALIDATION_FAILED', 'emailLanguage'],
  ['non-EU language', () => valid({ emailLanguage: 'ru' }), 400, 'VALIDATION_FAILED', 'emailLanguage'],
  [
    'language in upper case name',
    () => valid({ emailLanguage: 'English (en)' }),
    400,
    'VALIDATION_FAILED',
    'emailLanguage',
  ],
  ['unknown extra field', () => valid({ isAdmin: true }), 400, 'VALIDATION_FAILED'],
  ['wrong captcha answer', () => valid({ captchaAnswer: 'WRONG' }), 400, 'INVALID_CAPTCHA', 'captchaAnswer'],
  [
    'missing captcha',
    async () => {
      const b: Record<string, unknown> = await valid();
      delete b.captchaId;
      delete b.captchaAnswer;
      return b;
    },
    400,
    'INVALID_CAPTCHA',
    'captchaAnswer',
  ],
  ['unknown captcha id', () => valid({ captchaId: crypto.randomUUID() }), 400, 'INVALID_CAPTCHA', 'captchaAnswer'],
  ['captcha id not a uuid', () => valid({ captchaId: "1' OR '1'='1" }), 400, 'VALIDATION_FAILED', 'captchaId'],
];

test.each(registrationCases.map(([name, body, status, code, field]) => ({ name, body, status, code, field })))(
  'POST /api/registrations with $name → $status $code',
  async ({ body: makeBody, status, code, field }) => {
    const body = await makeBody();
    const response = await call(
      stack.baseUrl,
      'POST',
      '/api/registrations',
      typeof body === 'string' ? body : JSON.stringify(body),
    );
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    if (field) expect(Object.keys(response.body.error.fields ?? {})).toContain(field);
  },
);

const otherCases: Array<
  [
    name: string,
    method: string,
    path: string,
    body: string | undefined,
    status: number,
    code: string,
    headers?: Record<string, string>,
  ]
> = [
  [
    'a body that is too large',
    'POST',
    '/api/registrations',
    JSON.stringify({ firstName: 'x'.repeat(100_000) }),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'a body that is not JSON',
    'POST',
    '/api/registrations',
    'firstName=Lotte',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    { 'content-type': 'application/x-www-form-urlencoded' },
  ],
  [
    'password setup without token',
    'POST',
    '/api/password-setup',
    JSON.stringify({ password: 'Good-Password-1' }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'password setup with an unknown token',
    'POST',
    '/api/password-setup',
    JSON.stringify({ token: 'x'.repeat(43), password: 'Good-Password-1' }),
    400,
    'INVALID_TOKEN',
  ],
  [
    'password setup with a huge token',
    'POST',
    '/api/password-setup',
    JSON.stringify({ token: 'x'.repeat(5000), password: 'Good-Password-1' }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'password setup with a numeric password',
    'POST',
    '/api/password-setup',
    JSON.stringify({ token: 'abc', password: 12345678901 }),
    400,
    'VALIDATION_FAILED',
  ],
  ['resend for an id that is not a uuid', 'POST', '/api/registrations/not-a-uuid/resend', undefined, 404, 'NOT_FOUND'],
  [
    'login with a missing password',
    'POST',
    '/api/sessions',
    JSON.stringify({ email: 'a@b.eu' }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'login with an object as e-mail',
    'POST',
    '/api/sessions',
    JSON.stringify({ email: { $gt: '' }, password: 'x' }),
    400,
    'VALIDATION_FAILED',
  ],
  ['profile without a session', 'GET', '/api/me', undefined, 401, 'UNAUTHENTICATED'],
  [
    'profile with a forged token',
    'GET',
    '/api/me',
    undefined,
    401,
    'UNAUTHENTICATED',
    { authorization: `Bearer ${'A'.repeat(43)}` },
  ],
  [
    'profile with a malformed header',
    'GET',
    '/api/me',
    undefined,
    401,
    'UNAUTHENTICATED',
    { authorization: 'Basic Zm9vOmJhcg==' },
  ],
  ['an unknown route', 'GET', '/api/nothing-here', undefined, 404, 'NOT_FOUND'],
];

test.each(
  otherCases.map(([name, method, path, body, status, code, headers]) => ({
    name,
    method,
    path,
    body,
    status,
    code,
    headers,
  })),
)('$name → $status $code', async ({ method, path, body, status, code, headers }) => {
  const response = await call(stack.baseUrl, method, path, body, headers);
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
});

test('a captcha answers once: the right answer after a wrong one is refused, and a fresh challenge works', async () => {
  const body = await valid({ captchaAnswer: 'nope' });
  expect((await call(stack.baseUrl, 'POST', '/api/registrations', body)).body.error.code).toBe('INVALID_CAPTCHA');
  const retry = await call(stack.baseUrl, 'POST', '/api/registrations', { ...body, captchaAnswer: 'K7WQP' });
  expect(retry.body.error.code).toBe('INVALID_CAPTCHA');
  const fresh = await call(stack.baseUrl, 'POST', '/api/registrations', await valid());
  expect(fresh.status).toBe(202);
});
