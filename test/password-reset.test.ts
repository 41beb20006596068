// Forgotten password over real HTTP: the reset workflow on the real Temporal server mails a link; the new password
// works, the old one and every other session do not; used, replaced and expired links are refused; an unknown address
// gets the same answer; nothing of the e-mail or the token reaches a history, a search attribute or a log line.
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../lib/logger';
import { bytesAsText, decodePayloads } from './support/history';
import { bearer, call } from './support/http';
import { eventually, readMails, type ReadMail } from './support/mail';
import { login, newPerson, PERSON_PASSWORD, uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const NEW_PASSWORD = 'Fresh-Start-2026!';
const lines: string[] = [];
let stack: TestStack;

beforeAll(async () => {
  const logger = createLogger('info', { role: 'test' }, { write: (line: string) => void lines.push(line) });
  // A short interval between reset mails, so that "a new request kills the old link" is seen within the test.
  stack = await startTestStack({ logger, accountMailIntervalMs: 1_000 });
});
afterAll(async () => {
  await stack?.stop();
});

const resetMails = (email: string) =>
  readMails(stack.mailDir, email).filter((m) => /reset-password\?token=/.test(m.text));
const resetToken = (mail: ReadMail) => /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
const requestReset = (email: string) => call(stack.baseUrl, 'POST', '/api/password-resets', { email });
const confirm = (token: string, password = NEW_PASSWORD) =>
  call(stack.baseUrl, 'POST', '/api/password-resets/confirm', { token, password, confirmPassword: password });

test('forgotten password → mail → new password: the old one is refused, the new one works, other sessions are gone', async () => {
  const person = await newPerson(stack, 'forgot');
  const otherSession = await login(stack, person.email);
  const asked = await requestReset(person.email.toUpperCase());
  expect(asked.status).toBe(202);
  expect(asked.body).toEqual({ status: 'ACCEPTED' });

  const [mail] = await eventually(
    () => resetMails(person.email),
    (m) => m.length === 1,
  );
  expect(mail!.subject).toBe('TRACES NT: reset your password');
  expect(mail!.text).toContain('within 60 minutes');
  expect(mail!.text).toContain('http://traces.test/reset-password?token=');
  // The outbox keeps the mail without its token.
  const stored = await stack.db.mailOutbox.findFirstOrThrow({
    where: { toAddress: person.email, template: 'password-reset' },
  });
  expect(stored.body).not.toContain(resetToken(mail!));

  const weak = await confirm(resetToken(mail!), 'weak');
  expect(weak.status).toBe(422);
  expect(weak.body.error.code).toBe('WEAK_PASSWORD');
  const differ = await call(stack.baseUrl, 'POST', '/api/password-resets/confirm', {
    token: resetToken(mail!),
    password: NEW_PASSWORD,
    confirmPassword: `${NEW_PASSWORD}x`,
  });
  expect(differ.status).toBe(400);
  expect(differ.body.error.fields.confirmPassword).toBe('The passwords differ');

  const done = await confirm(resetToken(mail!));
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ status: 'PASSWORD_SET' });

  for (const auth of [person.auth, otherSession.auth]) {
    expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, auth)).status).toBe(401);
  }
  const old = await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD });
  expect(old.status).toBe(401);
  const fresh = await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: NEW_PASSWORD });
  expect(fresh.status).toBe(200);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(fresh.body.token))).status).toBe(200);

  // The link works once.
  const again = await confirm(resetToken(mail!), 'Another-Fresh-2026!');
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe('INVALID_TOKEN');
  expect(await stack.db.auditEvent.count({ where: { entityId: person.accountId, action: 'PASSWORD_RESET' } })).toBe(1);
});

test('an unknown e-mail gets the same answer and no mail; a malformed one is a validation error', async () => {
  const unknown = uniqueEmail('nobody');
  const person = await newPerson(stack, 'known');
  const [a, b] = await Promise.all([requestReset(unknown), requestReset(person.email)]);
  expect({ status: a.status, body: a.body }).toEqual({ status: b.status, body: b.body });
  await eventually(
    () => resetMails(person.email),
    (m) => m.length === 1,
  );
  // The unknown address's workflow ran and ended without a mail.
  const handle = stack.temporal.workflow.getHandle(stack.accounts.workflowIds.passwordReset(unknown));
  await handle.result();
  expect(readMails(stack.mailDir, unknown)).toEqual([]);
  expect(await stack.db.passwordResetRequest.count({ where: { email: unknown } })).toBe(0);
  const bad = await requestReset('not-an-address');
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
});

test('a new request kills the old link once the mail interval passed; within it no second mail goes out', async () => {
  const person = await newPerson(stack, 'twice');
  await requestReset(person.email);
  const [first] = await eventually(
    () => resetMails(person.email),
    (m) => m.length === 1,
  );
  // Right away: the interval (1 s here, 15 minutes by default) has not passed, the first link stays the one to use.
  await requestReset(person.email);
  const live = await stack.db.passwordResetToken.findMany({
    where: { accountId: person.accountId, supersededAt: null },
  });
  expect(live).toHaveLength(1);
  expect(resetMails(person.email)).toHaveLength(1);
  // Once the interval since the first mail passed, a new request mails a new link, which replaces the first one.
  const mailedAt = (await stack.db.account.findUniqueOrThrow({ where: { id: person.accountId } })).passwordResetMailAt!;
  await eventually(
    () => Date.now(),
    (now) => now > mailedAt.getTime() + 1_100,
    5_000,
  );
  await requestReset(person.email);
  const mails = await eventually(
    () => resetMails(person.email),
    (m) => m.length === 2,
  );
  const second = mails.find((m) => resetToken(m) !== resetToken(first!))!;
  const old = await confirm(resetToken(first!));
  expect(old.status).toBe(400);
  expect(old.body.error.code).toBe('INVALID_TOKEN');
  expect((await confirm(resetToken(second))).status).toBe(200);
});

test("mails are in the person's language (French, German, Dutch, Maltese …)", async () => {
  const subjects: Record<string, string> = {
    fr: 'TRACES NT : réinitialisez votre mot de passe',
    de: 'TRACES NT: Setzen Sie Ihr Passwort zurück',
    nl: 'TRACES NT: stel uw wachtwoord opnieuw in',
    mt: 'TRACES NT: irrisettja l-password tiegħek',
  };
  for (const [language, subject] of Object.entries(subjects)) {
    const person = await newPerson(stack, `lang-${language}`, language);
    await requestReset(person.email);
    const [mail] = await eventually(
      () => resetMails(person.email),
      (m) => m.length === 1,
    );
    expect(mail!.subject).toBe(subject);
  }
});

test('a reset clears the failed logins of the account', async () => {
  const person = await newPerson(stack, 'locked');
  for (let i = 0; i < 5; i += 1) {
    await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: 'Wrong-Guess-123!' });
  }
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(429);
  await requestReset(person.email);
  const [mail] = await eventually(
    () => resetMails(person.email),
    (m) => m.length === 1,
  );
  expect((await confirm(resetToken(mail!))).status).toBe(200);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: NEW_PASSWORD })).status,
  ).toBe(200);
});

test('no history, search attribute or log line holds the reset token or the e-mail address', async () => {
  const person = await newPerson(stack, 'secret');
  const unknown = uniqueEmail('ghost');
  await requestReset(person.email);
  await requestReset(unknown);
  const [mail] = await eventually(
    () => resetMails(person.email),
    (m) => m.length === 1,
  );
  const token = resetToken(mail!);
  expect((await confirm(token)).status).toBe(200);
  const tokenRow = await stack.db.passwordResetToken.findFirstOrThrow({ where: { accountId: person.accountId } });

  // A client without the codec sees what the Temporal server stores.
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  try {
    const plain = new Client({ connection, namespace: 'default' });
    for (const email of [person.email, unknown]) {
      const workflowId = stack.accounts.workflowIds.passwordReset(email);
      const handle = plain.workflow.getHandle(workflowId);
      await handle.result().catch(() => undefined);
      expect(workflowId).not.toContain(email.split('@')[0]!);
      const history = await handle.fetchHistory();
      const raw = bytesAsText(history);
      const decoded = bytesAsText(await decodePayloads(history, stack.codec));
      const description = JSON.stringify(await handle.describe(), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      for (const secret of [token, tokenRow.tokenHash, email, NEW_PASSWORD, email.split('@')[0]!]) {
        expect(raw).not.toContain(secret);
        expect(decoded).not.toContain(secret);
        expect(description).not.toContain(secret);
      }
    }
  } finally {
    await connection.close();
  }
  const logs = lines.join('\n');
  expect(logs).toContain('passwordResetWorkflow');
  for (const secret of [token, person.email, unknown, NEW_PASSWORD]) expect(logs).not.toContain(secret);
});
