// Account registration over real HTTP, with the real worker on the real Temporal dev server and PostgreSQL.
import { bytesAsText, decodePayloads } from './support/history';
import { bearer, call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const PASSWORD = 'Correct-Horse-42';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const application = (email: string, extra: Record<string, unknown> = {}) => ({
  firstName: 'Anna',
  lastName: 'Peeters',
  email,
  confirmEmail: email,
  emailLanguage: 'en',
  privacyStatementAccepted: true,
  ...extra,
});

async function linkMails(email: string, count = 1) {
  return eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length >= count,
  );
}

test('register, take the link from the mail, set the password, log in and see the person', async () => {
  const email = uniqueEmail('anna');
  const registered = await call(stack.baseUrl, 'POST', '/api/registrations', application(email));
  expect(registered.status).toBe(202);
  expect(registered.body).toEqual({ status: 'PENDING_VERIFICATION', expiresAt: expect.any(String) });
  const minutesLeft = (Date.parse(registered.body.expiresAt) - Date.now()) / 60_000;
  expect(minutesLeft).toBeGreaterThan(89);
  expect(minutesLeft).toBeLessThanOrEqual(90);

  const [mail] = await linkMails(email);
  expect(mail!.subject).toContain('set your password');
  expect(mail!.text).toContain('http://traces.test/set-password?token=');

  const setup = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: PASSWORD,
  });
  expect(setup.status).toBe(200);
  expect(setup.body).toEqual({ accountId: expect.any(String), status: 'ACTIVE' });

  const session = await call(stack.baseUrl, 'POST', '/api/sessions', {
    email: email.toUpperCase(),
    password: PASSWORD,
  });
  expect(session.status).toBe(200);
  const me = await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(session.body.token));
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({
    id: setup.body.accountId,
    firstName: 'Anna',
    lastName: 'Peeters',
    email,
    status: 'ACTIVE',
  });

  const workflow = stack.temporal.workflow.getHandle(stack.accounts.workflowIds.registration(email));
  expect(await workflow.result()).toMatchObject({ status: 'ACTIVE' });
});

async function register(email: string, extra: Record<string, unknown> = {}) {
  const response = await call(stack.baseUrl, 'POST', '/api/registrations', application(email, extra));
  expect(response.status).toBe(202);
  return response.body as { status: string; expiresAt: string };
}

async function activate(email: string) {
  const registered = await register(email);
  const [mail] = await linkMails(email);
  const setup = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: PASSWORD,
  });
  expect(setup.status).toBe(200);
  return { ...registered, accountId: setup.body.accountId as string, token: linkToken(mail!) };
}

test('resend kills the old link and the new one works; a used link is refused', async () => {
  const email = uniqueEmail('resend');
  await register(email);
  const [first] = await linkMails(email);
  const resent = await call(stack.baseUrl, 'POST', '/api/registrations/resend', { email });
  expect(resent.status).toBe(202);
  expect(resent.body).toEqual({ status: 'ACCEPTED' });
  const mails = await linkMails(email, 2);
  const second = mails.find((m) => linkToken(m) !== linkToken(first!))!;

  const old = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(first!),
    password: PASSWORD,
  });
  expect(old.status).toBe(400);
  expect(old.body.error.code).toBe('INVALID_TOKEN');

  const ok = await call(stack.baseUrl, 'POST', '/api/password-setup', { token: linkToken(second), password: PASSWORD });
  expect(ok.status).toBe(200);
  const again = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(second),
    password: PASSWORD,
  });
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe('INVALID_TOKEN');
});

test('twenty parallel uses of one link: exactly one succeeds', async () => {
  const email = uniqueEmail('race');
  await register(email);
  const [mail] = await linkMails(email);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      call(stack.baseUrl, 'POST', '/api/password-setup', { token: linkToken(mail!), password: `${PASSWORD}-${i}` }),
    ),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(
    results.filter((r) => r.status !== 200).every((r) => r.status === 400 && r.body.error.code === 'INVALID_TOKEN'),
  ).toBe(true);
  const winner = results.findIndex((r) => r.status === 200);
  const login = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: `${PASSWORD}-${winner}` });
  expect(login.status).toBe(200);
});

test('two registrations of one pending e-mail share one workflow and one link', async () => {
  const email = uniqueEmail('twice');
  const [a, b] = await Promise.all([register(email), register(email, { firstName: 'Other' })]);
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  await eventually(
    async () => {
      const list = [];
      for await (const e of stack.temporal.workflow.list({
        query: `WorkflowId = "${stack.accounts.workflowIds.registration(email)}"`,
      }))
        list.push(e);
      return list.length;
    },
    (count) => count === 1,
  );
  expect(await linkMails(email)).toHaveLength(1);
  await eventually(
    () => stack.db.registrationApplication.count({ where: { email } }),
    (n) => n === 0,
  );
});

test('an e-mail with an active account gets the same answer, an "already registered" mail, and the account is untouched', async () => {
  const email = uniqueEmail('active');
  const { accountId } = await activate(email);
  const before = await stack.db.account.findUniqueOrThrow({ where: { id: accountId } });

  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/registrations',
    application(email, { firstName: 'Mallory', lastName: 'Intruder' }),
  );
  expect(response.status).toBe(202);
  expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'status']);
  expect(response.body.status).toBe('PENDING_VERIFICATION');

  const notice = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /already have an account/.test(m.subject)),
    (m) => m.length === 1,
  );
  expect(notice[0]!.text).toContain('Dear Anna');
  expect(notice[0]!.text).not.toContain('set-password');
  const after = await stack.db.account.findUniqueOrThrow({ where: { id: accountId } });
  // Untouched but for the clock of the "already registered" mail (one per ACCOUNT_MAIL_INTERVAL).
  expect({ ...after, alreadyRegisteredMailAt: null }).toEqual(before);
  const resend = await call(stack.baseUrl, 'POST', '/api/registrations/resend', { email });
  expect(resend.status).toBe(202);
  const login = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: PASSWORD });
  expect(login.status).toBe(200);
});

test('mails are written in the chosen language, Maltese as much as French', async () => {
  const french = uniqueEmail('fr');
  await register(french, { emailLanguage: 'fr' });
  const maltese = uniqueEmail('mt');
  await register(maltese, { emailLanguage: 'mt' });
  expect((await linkMails(french))[0]!.subject).toBe('TRACES NT : définissez votre mot de passe');
  expect((await linkMails(maltese))[0]!.subject).toBe('TRACES NT: issettja l-password tiegħek');
});

test('the finished history holds no token, password, hash or e-mail', async () => {
  const email = uniqueEmail('secret');
  const { accountId, token } = await activate(email);
  const account = await stack.db.account.findUniqueOrThrow({ where: { id: accountId } });
  const tokenRow = await stack.db.verificationToken.findFirstOrThrow({ where: { registration: { accountId } } });
  const handle = stack.temporal.workflow.getHandle(stack.accounts.workflowIds.registration(email));
  await handle.result();
  const history = await handle.fetchHistory();
  const raw = bytesAsText(history);
  const decoded = bytesAsText(await decodePayloads(history, stack.codec));
  // Decoded, the history names the link by its id only.
  expect(raw).not.toContain(tokenRow.id);
  expect(decoded).toContain(tokenRow.id);
  for (const secret of [token, PASSWORD, account.passwordHash!, tokenRow.tokenHash, email, 'Peeters']) {
    expect(decoded).not.toContain(secret);
    expect(raw).not.toContain(secret);
  }
});

test('a weak or common password is refused with WEAK_PASSWORD and the link stays usable', async () => {
  const email = uniqueEmail('weak');
  await register(email);
  const [mail] = await linkMails(email);
  for (const password of [
    'short1!A',
    'alllowercase1!',
    'ALLUPPERCASE1!',
    'NoDigitsHere!!',
    'NoSpecial1234',
    'Password123!',
    'Anna-Peeters-1',
  ]) {
    const response = await call(stack.baseUrl, 'POST', '/api/password-setup', { token: linkToken(mail!), password });
    expect({ password, status: response.status, code: response.body.error?.code }).toEqual({
      password,
      status: 422,
      code: 'WEAK_PASSWORD',
    });
  }
  const long = `${'Aa1!'.repeat(60)}xyz`;
  const ok = await call(stack.baseUrl, 'POST', '/api/password-setup', { token: linkToken(mail!), password: long });
  expect(ok.status).toBe(200);
  expect((await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: long })).status).toBe(200);
  expect((await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: long.slice(0, 72) })).status).toBe(401);
});

test('sessions: logout ends the session; wrong passwords are throttled alike for known and unknown e-mails', async () => {
  const email = uniqueEmail('session');
  await activate(email);
  const login = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: PASSWORD });
  const auth = bearer(login.body.token);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, auth)).status).toBe(200);
  expect((await call(stack.baseUrl, 'DELETE', '/api/sessions/current', undefined, auth)).status).toBe(204);
  const after = await call(stack.baseUrl, 'GET', '/api/me', undefined, auth);
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('UNAUTHENTICATED');

  const unknown = uniqueEmail('nobody');
  for (const who of [email, unknown]) {
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      const r = await call(stack.baseUrl, 'POST', '/api/sessions', { email: who, password: 'Wrong-Password-1' });
      answers.push(`${r.status} ${r.body.error.code}`);
    }
    expect(answers).toEqual([...Array(5).fill('401 INVALID_CREDENTIALS'), '429 TOO_MANY_ATTEMPTS']);
  }
  const locked = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: PASSWORD });
  expect(locked.status).toBe(429);
});

test('preferences: time zone and e-mail notifications', async () => {
  const email = uniqueEmail('prefs');
  await activate(email);
  const login = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password: PASSWORD });
  const auth = bearer(login.body.token);
  const updated = await call(
    stack.baseUrl,
    'PATCH',
    '/api/me/preferences',
    { timeZone: 'Europe/Paris', emailNotifications: false },
    auth,
  );
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ timeZone: 'Europe/Paris', emailNotifications: false });
  const bad = await call(stack.baseUrl, 'PATCH', '/api/me/preferences', { timeZone: 'Mars/Olympus' }, auth);
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.timeZone).toBeDefined();
});
