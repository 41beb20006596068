// The set-password window, on the real server with a short configured duration, and the real default of 90 minutes.
import crypto from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../lib/config';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

const WINDOW_MS = 4_000;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ linkTtlMs: WINDOW_MS });
});
afterAll(async () => {
  await stack?.stop();
});

const newEmail = () => `expiry.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
const register = (email: string) =>
  call(stack.baseUrl, 'POST', '/api/registrations', {
    firstName: 'Eva',
    lastName: 'Claes',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });

test('the default window of the set-password link is exactly 90 minutes', () => {
  expect(loadConfig({}).durations.registrationLinkTtlMs).toBe(90 * 60 * 1000);
  expect(loadConfig({ REGISTRATION_LINK_TTL: '2s' }).durations.registrationLinkTtlMs).toBe(2000);
  expect(() => loadConfig({ REGISTRATION_LINK_TTL: 'soon' })).toThrow(/REGISTRATION_LINK_TTL/);
});

test('after the window the link answers 410 LINK_EXPIRED, the workflow ends EXPIRED and the person is told', async () => {
  const email = newEmail();
  const registered = await register(email);
  expect(registered.status).toBe(202);
  expect(Date.parse(registered.body.expiresAt) - Date.now()).toBeLessThanOrEqual(WINDOW_MS);
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email),
    (m) => m.length === 1,
  );

  const handle = stack.temporal.workflow.getHandle(stack.accounts.workflowIds.registration(email));
  expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
  const expired = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: 'Too-Late-4567',
  });
  expect(expired.status).toBe(410);
  expect(expired.body.error.code).toBe('LINK_EXPIRED');

  const notice = readMails(stack.mailDir, email).find((m) => /expired/.test(m.subject));
  expect(notice?.text).toContain('was not used within');
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  expect(account.status).toBe('EXPIRED');
  // A resend answers as for any address (nothing tells an expired registration) and mails nothing.
  const resend = await call(stack.baseUrl, 'POST', '/api/registrations/resend', { email });
  expect(resend.status).toBe(202);

  // The person may register again afterwards, and the new link works.
  expect((await register(email)).status).toBe(202);
  const fresh = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set your password/.test(m.subject)),
    (m) => m.length === 2,
  );
  const newest = fresh.find((m) => linkToken(m) !== linkToken(mail!))!;
  const ok = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(newest),
    password: 'In-Time-45678',
  });
  expect(ok.status).toBe(200);
});

test('a resend restarts the window from the resend', async () => {
  const email = newEmail();
  const registered = await register(email);
  await eventually(
    () => readMails(stack.mailDir, email),
    (m) => m.length === 1,
  );
  const handle = stack.temporal.workflow.getHandle(stack.accounts.workflowIds.registration(email));
  // Resend when half the window has passed (the workflow's own timer is the clock here, via the link's expiry).
  await eventually(
    () => Date.now(),
    (now) => now >= Date.parse(registered.body.expiresAt) - WINDOW_MS / 2,
    WINDOW_MS,
  );
  const firstDeadline = (
    await stack.db.registration.findFirstOrThrow({ where: { account: { email } } })
  ).expiresAt.getTime();
  const resent = await call(stack.baseUrl, 'POST', '/api/registrations/resend', { email });
  expect(resent.status).toBe(202);
  await eventually(
    () => readMails(stack.mailDir, email),
    (m) => m.length === 2,
  );
  const row = await stack.db.registration.findFirstOrThrow({ where: { account: { email } } });
  expect(row.expiresAt.getTime()).toBeGreaterThan(firstDeadline);
  // At the first deadline the registration is still pending.
  await eventually(
    () => Date.now(),
    (now) => now > firstDeadline + 300,
    WINDOW_MS,
  );
  expect((await stack.db.registration.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
    'PENDING_VERIFICATION',
  );
  expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
  await expect(handle.executeUpdate('resendLink')).rejects.toBeInstanceOf(WorkflowNotFoundError);
});
