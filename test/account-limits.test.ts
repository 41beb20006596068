// Abuse limits and password hashing on the real stack: per-address and per-e-mail limits answer 429 with Retry-After;
// the login limit is one atomic counter (40 parallel guesses, at most 5 evaluated); hashing is bounded to the cores and
// fair between client addresses, so a flood of bad logins does not hold up a real one; old scrypt hashes still log in
// and are upgraded; concurrent registrations of one e-mail all get 202; nothing tells pending, registered, unknown.
import crypto from 'node:crypto';
import { defaultLimits, parseLimit } from '../lib/abuse-limit-config';
import { loadConfig } from '../lib/config';
import { ARGON2ID } from '../lib/secrets';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { newPerson, PERSON_PASSWORD, uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;

beforeAll(async () => {
  // The defaults, also per client address: each test talks from addresses of its own (X-Forwarded-For from the
  // loopback proxy, which the app trusts).
  stack = await startTestStack({ limits: defaultLimits() });
});
afterAll(async () => {
  await stack?.stop();
});

const from = (address: string) => ({ 'x-forwarded-for': address });
let addressCounter = 0;
/** A client address no other request of this file uses (the stack's counters are its own). */
const uniqueAddress = () => `198.51.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`;
const application = (email: string) => ({
  firstName: 'Bram',
  lastName: 'Claes',
  email,
  confirmEmail: email,
  emailLanguage: 'en',
  privacyStatementAccepted: true,
});

test('the defaults, and limits are read from the environment', () => {
  const { limits, mailIntervalMs, passwordResetTtlMs, emailChangeTtlMs } = loadConfig({}).accounts;
  expect(limits.LIMIT_REGISTRATION_PER_IP).toEqual({ points: 10, durationMs: 3_600_000 });
  expect(limits.LIMIT_LOGIN_PER_EMAIL).toEqual({ points: 5, durationMs: 15 * 60_000 });
  expect(mailIntervalMs).toBe(15 * 60_000);
  expect(passwordResetTtlMs).toBe(60 * 60_000);
  expect(emailChangeTtlMs).toBe(24 * 3_600_000);
  expect(loadConfig({ LIMIT_LOGIN_PER_IP: '7/2m' }).accounts.limits.LIMIT_LOGIN_PER_IP).toEqual({
    points: 7,
    durationMs: 120_000,
  });
  expect(() => loadConfig({ LIMIT_RESET_PER_EMAIL: 'lots' })).toThrow(/LIMIT_RESET_PER_EMAIL/);
  expect(() => parseLimit('0/1h')).toThrow();
  expect(ARGON2ID).toMatchObject({ memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
});

test('registrations from one address beyond the limit get 429 with Retry-After', async () => {
  const address = uniqueAddress();
  const answers = [];
  for (let i = 0; i < 11; i += 1) {
    answers.push(
      await call(stack.baseUrl, 'POST', '/api/registrations', application(uniqueEmail(`flood${i}`)), from(address)),
    );
  }
  expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(202));
  const refused = answers[10]!;
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(3000);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  // Another address is not affected.
  expect(
    (await call(stack.baseUrl, 'POST', '/api/registrations', application(uniqueEmail('other')), from(uniqueAddress())))
      .status,
  ).toBe(202);
});

test('re-registering an existing account mails its owner at most once per window', async () => {
  const person = await newPerson(stack, 'again');
  for (let i = 0; i < 5; i += 1) {
    const r = await call(stack.baseUrl, 'POST', '/api/registrations', application(person.email), from(uniqueAddress()));
    expect(r.status).toBe(202);
  }
  await eventually(
    () => readMails(stack.mailDir, person.email),
    (m) => m.length === 1,
  );
  // Every registration ran to its end (no application waits), and still one mail only.
  await eventually(
    () => stack.db.registrationApplication.count({ where: { email: person.email } }),
    (n) => n === 0,
  );
  await stack.temporal.workflow.getHandle(stack.accounts.workflowIds.registration(person.email)).result();
  expect(readMails(stack.mailDir, person.email)).toHaveLength(1);
});

test('twenty concurrent registrations of one new e-mail all get 202, and one link is mailed', async () => {
  const email = uniqueEmail('crowd');
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      call(stack.baseUrl, 'POST', '/api/registrations', application(email), from(uniqueAddress())),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
  await eventually(
    () => stack.db.registrationApplication.count({ where: { email } }),
    (n) => n === 0,
  );
  expect(await stack.db.registration.count({ where: { account: { email } } })).toBe(1);
  expect(readMails(stack.mailDir, email)).toHaveLength(1);
});

test('resend answers the same for a pending, a registered and an unknown e-mail; only the pending one gets a link', async () => {
  const pending = uniqueEmail('pending');
  await call(stack.baseUrl, 'POST', '/api/registrations', application(pending), from(uniqueAddress()));
  await eventually(
    () => readMails(stack.mailDir, pending),
    (m) => m.length === 1,
  );
  const registered = (await newPerson(stack, 'registered')).email;
  const unknown = uniqueEmail('unknown');
  const answers = await Promise.all(
    [pending, registered, unknown].map((email) =>
      call(stack.baseUrl, 'POST', '/api/registrations/resend', { email }, from(uniqueAddress())),
    ),
  );
  expect(answers.map((a) => [a.status, a.body])).toEqual(Array(3).fill([202, { status: 'ACCEPTED' }]));
  await eventually(
    () => readMails(stack.mailDir, pending),
    (m) => m.length === 2,
  );
  expect(readMails(stack.mailDir, registered)).toEqual([]);
  expect(readMails(stack.mailDir, unknown)).toEqual([]);
  // The old route by registration id is gone, alike for every id.
  expect((await call(stack.baseUrl, 'POST', `/api/registrations/${crypto.randomUUID()}/resend`)).status).toBe(404);
});

test('40 parallel guesses for one account: at most 5 are evaluated, the rest get 429', async () => {
  const person = await newPerson(stack, 'guessed');
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call(
        stack.baseUrl,
        'POST',
        '/api/sessions',
        { email: person.email, password: `Guess-${i}-Wrong!` },
        from(uniqueAddress()),
      ),
    ),
  );
  const evaluated = answers.filter((a) => a.status === 401);
  expect(evaluated.length).toBeLessThanOrEqual(5);
  expect(evaluated.length).toBeGreaterThan(0);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(40 - evaluated.length);
  expect(answers.every((a) => a.status === 401 || (a.status === 429 && Number(a.headers.get('retry-after')) > 0))).toBe(
    true,
  );
  // The right password is refused too while the account is locked.
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(429);
});

test('a real login answers within 2 s while 50 bad ones run', async () => {
  const person = await newPerson(stack, 'patient');
  const attacker = uniqueAddress();
  const flood = Promise.all(
    Array.from({ length: 50 }, () =>
      call(
        stack.baseUrl,
        'POST',
        '/api/sessions',
        { email: uniqueEmail('bot'), password: 'Not-The-Password-1!' },
        from(attacker),
      ),
    ),
  );
  // Once the flood is queued for hashing (the first bad answers are out), the person logs in from their own address.
  await eventually(
    () => stack.db.rateLimit.count({ where: { key: { startsWith: `${stack.taskQueue}:login-email:` } } }),
    (n) => n >= 10,
    20_000,
  );
  const started = Date.now();
  const real = await call(
    stack.baseUrl,
    'POST',
    '/api/sessions',
    { email: person.email, password: PERSON_PASSWORD },
    from(uniqueAddress()),
  );
  const elapsed = Date.now() - started;
  const bad = await flood;
  expect(real.status).toBe(200);
  expect(elapsed).toBeLessThan(2_000);
  expect(bad.every((a) => a.status === 401)).toBe(true);
});

test('an old scrypt hash still logs in and is replaced by argon2id at that login', async () => {
  const person = await newPerson(stack, 'legacy');
  // The hash an earlier version stored for PERSON_PASSWORD (scrypt, N=2^17, r=8, p=1).
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(PERSON_PASSWORD.normalize('NFC'), salt, 32, {
    N: 2 ** 17,
    r: 8,
    p: 1,
    maxmem: 256 * 1024 * 1024,
  });
  const scrypt = ['scrypt', 2 ** 17, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
  await stack.db.account.update({ where: { id: person.accountId }, data: { passwordHash: scrypt } });
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: 'Wrong-Password-1!' })).status,
  ).toBe(401);
  expect((await stack.db.account.findUniqueOrThrow({ where: { id: person.accountId } })).passwordHash).toBe(scrypt);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(200);
  const upgraded = (await stack.db.account.findUniqueOrThrow({ where: { id: person.accountId } })).passwordHash!;
  expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(200);
});

test('password-reset requests are limited per e-mail too', async () => {
  const email = uniqueEmail('resets');
  const answers = [];
  for (let i = 0; i < 6; i += 1) {
    answers.push((await call(stack.baseUrl, 'POST', '/api/password-resets', { email }, from(uniqueAddress()))).status);
  }
  expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
});
