// The second factor over the real HTTP API, worker, Temporal and PostgreSQL: an authenticator app is set up from the
// secret shown at enrolment (codes computed here with otplib, as an app would), login then takes two steps, a wrong
// code is refused, a recovery code works once, guesses are limited atomically, and removing a factor takes the
// password and a code. Neither the secret nor a recovery code appears in a log line, a workflow history or the database.
import { generate } from 'otplib';
import { createLogger } from '../lib/logger';
import { bytesAsText, decodePayloads } from './support/history';
import { bearer, call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { newPerson, PERSON_PASSWORD, uniqueEmail, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    logger: createLogger('debug', {}, { write: (line: string) => void logLines.push(line) }),
  });
});
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, body?: unknown, auth?: Person) =>
  call(stack.baseUrl, 'POST', path, body, auth ? auth.auth : {});
/** The app's code for now, or for the next 30-second step (which the server accepts too, like a clock a little ahead). */
const totp = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

/** Sets up an authenticator app for the person; the secret shown and the ten recovery codes. */
async function enrolTotp(person: Person) {
  const started = await post('/api/me/second-factors/totp', undefined, person);
  expect(started.status).toBe(201);
  const { enrolmentId, secret } = started.body;
  const code = await totp(secret);
  const confirmed = await post('/api/me/second-factors/totp/confirm', { enrolmentId, code }, person);
  expect(confirmed.status).toBe(200);
  return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[], usedCode: code };
}

/** The first step of a login: the challenge of the second step. */
async function firstStep(email: string): Promise<string> {
  const response = await post('/api/sessions', { email, password: PERSON_PASSWORD });
  expect(response.status).toBe(200);
  expect(response.body).toEqual({
    mfaRequired: true,
    challenge: expect.any(String),
    expiresAt: expect.any(String),
    methods: ['totp', 'recovery'],
  });
  return response.body.challenge;
}

test('enrol an authenticator app: a QR code and the secret, confirmed by its first code, ten recovery codes', async () => {
  const person = await newPerson(stack, 'totp-enrol');
  const started = await post('/api/me/second-factors/totp', undefined, person);
  expect(started.status).toBe(201);
  expect(started.body).toEqual({
    enrolmentId: expect.any(String),
    secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
    expiresAt: expect.any(String),
    otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/TRACES%20NT:.*\?secret=[A-Z2-7]+&issuer=TRACES%20NT$/),
    qrCode: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
  });
  expect(Buffer.from(started.body.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
  // Not a factor until the app has proved it holds the secret: the login still takes one step.
  expect((await post('/api/sessions', { email: person.email, password: PERSON_PASSWORD })).body.token).toEqual(
    expect.any(String),
  );

  const wrong = await post(
    '/api/me/second-factors/totp/confirm',
    { enrolmentId: started.body.enrolmentId, code: '000000' },
    person,
  );
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.code).toBe('INVALID_SECOND_FACTOR');
  const code = await totp(started.body.secret);
  const confirmed = await post(
    '/api/me/second-factors/totp/confirm',
    { enrolmentId: started.body.enrolmentId, code },
    person,
  );
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.recoveryCodes).toHaveLength(10);
  expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
  for (const c of confirmed.body.recoveryCodes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);

  const status = await call(stack.baseUrl, 'GET', '/api/me/second-factors', undefined, person.auth);
  expect(status.body).toEqual({
    factors: [
      {
        id: confirmed.body.factorId,
        type: 'TOTP',
        label: 'Authenticator app',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ],
    recoveryCodesLeft: 10,
  });
  // A second app is refused while the first is there.
  expect((await post('/api/me/second-factors/totp', undefined, person)).body.error.code).toBe('TOTP_ALREADY_ENROLLED');

  // At rest: the secret sealed, the codes only as hashes.
  const rows = JSON.stringify(
    await stack.db.secondFactor.findMany({ where: { accountId: person.accountId } }),
    (_k, v) => (typeof v === 'bigint' ? String(v) : v),
  );
  expect(rows).not.toContain(started.body.secret);
  expect(rows).toMatch(/"secretSealed":"v1\./);
  const hashes = JSON.stringify(await stack.db.recoveryCode.findMany({ where: { accountId: person.accountId } }));
  for (const c of confirmed.body.recoveryCodes) expect(hashes).not.toContain(c.replace(/-/g, ''));
});

test('with an app, login takes two steps: no session after the password, a wrong code refused, the right code gives the session', async () => {
  const person = await newPerson(stack, 'totp-login');
  const { secret, usedCode } = await enrolTotp(person);
  const sessionsBefore = await stack.db.session.count({ where: { accountId: person.accountId } });
  const challenge = await firstStep(person.email);
  expect(await stack.db.session.count({ where: { accountId: person.accountId } })).toBe(sessionsBefore);

  const wrong = await post('/api/sessions/mfa', {
    challenge,
    code: (Number(await totp(secret, 1)) ^ 1).toString().padStart(6, '0'),
  });
  expect(wrong.status).toBe(401);
  expect(wrong.body.error.code).toBe('INVALID_SECOND_FACTOR');
  // The code the enrolment used is spent: an app's code is accepted once.
  const replay = await post('/api/sessions/mfa', { challenge, code: usedCode });
  expect(replay.body.error?.code).toBe('INVALID_SECOND_FACTOR');

  const done = await post('/api/sessions/mfa', { challenge, code: await totp(secret, 1) });
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(done.body.token))).body.email).toBe(
    person.email,
  );

  // The challenge is single use, and one of another login is no key to this one.
  expect((await post('/api/sessions/mfa', { challenge, code: '123456' })).body.error.code).toBe('INVALID_CHALLENGE');
  expect((await post('/api/sessions/mfa', { challenge: 'x'.repeat(43), code: '123456' })).body.error.code).toBe(
    'INVALID_CHALLENGE',
  );
  const bad = await post('/api/sessions/mfa', {
    challenge,
    code: '123456',
    passkey: { id: 'a', rawId: 'a', type: 'public-key', response: {} },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
});

test('a recovery code logs in once; a challenge that has expired is refused', async () => {
  const person = await newPerson(stack, 'recovery');
  const { recoveryCodes } = await enrolTotp(person);
  const code = recoveryCodes[3]!;
  // Typed by hand: lower case, spaces for dashes.
  const first = await post('/api/sessions/mfa', {
    challenge: await firstStep(person.email),
    code: code.toLowerCase().replace(/-/g, ' '),
  });
  expect(first.status).toBe(200);
  expect(first.body.token).toEqual(expect.any(String));
  const again = await post('/api/sessions/mfa', { challenge: await firstStep(person.email), code });
  expect(again.status).toBe(401);
  expect(again.body.error.code).toBe('INVALID_SECOND_FACTOR');
  expect(
    (await call(stack.baseUrl, 'GET', '/api/me/second-factors', undefined, person.auth)).body.recoveryCodesLeft,
  ).toBe(9);
  // Another code still works.
  expect(
    (await post('/api/sessions/mfa', { challenge: await firstStep(person.email), code: recoveryCodes[4]! })).status,
  ).toBe(200);

  // Five minutes are a constant of the domain; the row is aged rather than the test waiting for it.
  const challenge = await firstStep(person.email);
  await stack.db.secondFactorChallenge.updateMany({
    where: { accountId: person.accountId, consumedAt: null },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  expect((await post('/api/sessions/mfa', { challenge, code: recoveryCodes[5]! })).body.error.code).toBe(
    'INVALID_CHALLENGE',
  );
  expect(
    (await call(stack.baseUrl, 'GET', '/api/me/second-factors', undefined, person.auth)).body.recoveryCodesLeft,
  ).toBe(8);
});

test('20 parallel guesses at the second step: at most 5 are checked, the rest get 429 with Retry-After, and so does the right code then', async () => {
  const person = await newPerson(stack, 'guesses');
  const { secret, recoveryCodes } = await enrolTotp(person);
  const challenge = await firstStep(person.email);
  const right = await totp(secret, 1);
  const guesses = Array.from({ length: 20 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
  const answers = await Promise.all(guesses.map((code) => post('/api/sessions/mfa', { challenge, code })));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  const limited = answers.find((a) => a.status === 429)!;
  expect(limited.body.error.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
  expect((await post('/api/sessions/mfa', { challenge, code: right })).status).toBe(429);
  expect((await post('/api/sessions/mfa', { challenge, code: recoveryCodes[0]! })).status).toBe(429);
  // No recovery code was spent by the refused attempts.
  expect(await stack.db.recoveryCode.count({ where: { accountId: person.accountId, usedAt: null } })).toBe(10);
});

test('removing the app takes the password and a code; then login is one step again and the recovery codes are gone', async () => {
  const person = await newPerson(stack, 'remove');
  const { secret } = await enrolTotp(person);
  const [factor] = (await call(stack.baseUrl, 'GET', '/api/me/second-factors', undefined, person.auth)).body.factors;
  const remove = (body: unknown) => post(`/api/me/second-factors/${factor.id}/remove`, body, person);
  const wrongPassword = await remove({ password: 'Not-The-Password-1!', code: await totp(secret, 1) });
  expect(wrongPassword.status).toBe(401);
  expect(wrongPassword.body.error.code).toBe('REAUTHENTICATION_FAILED');
  expect((await remove({ password: PERSON_PASSWORD, code: '000000' })).body.error.code).toBe('REAUTHENTICATION_FAILED');
  expect((await remove({ password: PERSON_PASSWORD })).status).toBe(400);
  expect(
    (await post('/api/me/second-factors/not-a-uuid/remove', { password: PERSON_PASSWORD, code: '1' }, person)).status,
  ).toBe(404);
  const removed = await remove({ password: PERSON_PASSWORD, code: await totp(secret, 1) });
  expect(removed.status).toBe(200);
  expect(removed.body).toEqual({ removed: factor.id, factorsLeft: 0 });
  const login = await post('/api/sessions', { email: person.email, password: PERSON_PASSWORD });
  expect(login.body.token).toEqual(expect.any(String));
  expect(await stack.db.recoveryCode.count({ where: { accountId: person.accountId } })).toBe(0);
});

test('renewing the recovery codes: the old ones die, ten new ones work', async () => {
  const person = await newPerson(stack, 'renew');
  const { secret, recoveryCodes } = await enrolTotp(person);
  const renewed = await post(
    '/api/me/second-factors/recovery-codes',
    { password: PERSON_PASSWORD, code: recoveryCodes[0]! },
    person,
  );
  expect(renewed.status).toBe(200);
  expect(renewed.body.recoveryCodes).toHaveLength(10);
  expect(
    (await post('/api/sessions/mfa', { challenge: await firstStep(person.email), code: recoveryCodes[1]! })).status,
  ).toBe(401);
  expect(
    (await post('/api/sessions/mfa', { challenge: await firstStep(person.email), code: renewed.body.recoveryCodes[0] }))
      .status,
  ).toBe(200);
  expect(
    (await post('/api/sessions/mfa', { challenge: await firstStep(person.email), code: await totp(secret, 1) })).status,
  ).toBe(200);
});

test('a person registered through the workflow enrols and logs in: no log line nor workflow history holds the secret or a recovery code', async () => {
  const email = uniqueEmail('history');
  const registered = await post('/api/registrations', {
    firstName: 'Hanne',
    lastName: 'Claes',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });
  expect(registered.status).toBe(202);
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length === 1,
  );
  expect((await post('/api/password-setup', { token: linkToken(mail!), password: PERSON_PASSWORD })).status).toBe(200);
  const session = await post('/api/sessions', { email, password: PERSON_PASSWORD });
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  const person: Person = { accountId: account.id, email, token: session.body.token, auth: bearer(session.body.token) };
  const { secret, recoveryCodes } = await enrolTotp(person);
  expect(
    (await post('/api/sessions/mfa', { challenge: await firstStep(email), code: await totp(secret, 1) })).status,
  ).toBe(200);
  expect((await post('/api/sessions/mfa', { challenge: await firstStep(email), code: recoveryCodes[0]! })).status).toBe(
    200,
  );

  const secrets = [secret, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace(/-/g, ''))];
  const logs = logLines.join('\n');
  expect(logs).toContain('/api/sessions/mfa');
  for (const s of secrets) expect(logs).not.toContain(s);

  const workflows = await eventually(
    async () => {
      const found = [];
      for await (const w of stack.temporal.workflow.list({ query: `TaskQueue = "${stack.taskQueue}"` }))
        found.push(w.workflowId);
      return found;
    },
    (found) => found.length >= 1,
  );
  for (const workflowId of workflows) {
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const text = bytesAsText(await decodePayloads(history, stack.codec));
    for (const s of secrets) expect(text).not.toContain(s);
  }
});
