// Account registration over real HTTP, with the real worker on the real Temporal dev server and PostgreSQL.
import crypto from 'node:crypto';
import { registrationWorkflowId } from '../domain/contracts';
import { sha256Hex } from '../lib/secrets';
import { bearer, call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

const PASSWORD = 'Correct-Horse-42';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const uniqueEmail = (label: string) => `${label}.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
const application = (email: string, extra: Record<string, unknown> = {}) => ({
  firstName: 'Anna', lastName: 'Peeters', email, confirmEmail: email, emailLanguage: 'en',
  privacyStatementAccepted: true, ...extra,
});

async function linkMails(email: string, count = 1) {
  return eventually(() => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)), (m) => m.length >= count);
}

test('register, take the link from the mail, set the password, log in and see the person', async () => {
  const email = uniqueEmail('anna');
  const registered = await call(stack.baseUrl, 'POST', '/api/registrations', application(email));
  expect(registered.status).toBe(202);
  expect(registered.body).toEqual({
    registrationId: expect.any(String), status: 'PENDING_VERIFICATION', expiresAt: expect.any(String),
  });
  const minutesLeft = (Date.parse(registered.body.expiresAt) - Date.now()) / 60_000;
  expect(minutesLeft).toBeGreaterThan(89);
  expect(minutesLeft).toBeLessThanOrEqual(90);

  const [mail] = await linkMails(email);
  expect(mail!.subject).toContain('set your password');
  expect(mail!.text).toContain('http://traces.test/set-password?token=');

  const setup = await call(stack.baseUrl, 'POST', '/api/password-setup', { token: linkToken(mail!), password: PASSWORD });
  expect(setup.status).toBe(200);
  expect(setup.body).toEqual({ accountId: expect.any(String), status: 'ACTIVE' });

  const session = await call(stack.baseUrl, 'POST', '/api/sessions', { email: email.toUpperCase(), password: PASSWORD });
  expect(session.status).toBe(200);
  const me = await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(session.body.token));
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ id: setup.body.accountId, firstName: 'Anna', lastName: 'Peeters', email, status: 'ACTIVE' });

  const workflow = stack.temporal.workflow.getHandle(registrationWorkflowId(sha256Hex(email)));
  expect(await workflow.result()).toMatchObject({ status: 'ACTIVE' });
});
