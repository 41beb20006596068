// The portal's forgotten password without JavaScript, with reset links valid 2 seconds: an expired link gets its own
// page; an unknown address sees the same page as a known one; the profile changes the password.
import { eventually, readMails } from './support/mail';
import { PortalClient, textOf } from './support/portal-client';
import { newPerson, PERSON_PASSWORD, uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ passwordResetTtlMs: 2_000 });
});
afterAll(async () => {
  await stack?.stop();
});

async function ask(client: PortalClient, email: string) {
  return client.post('/forgot-password', { email }, await client.get('/forgot-password'));
}

test('an unknown address gets the same page; an expired reset link gets a clear page and no form', async () => {
  const client = new PortalClient(stack.baseUrl);
  const person = await newPerson(stack, 'expiring');
  const known = await ask(client, person.email);
  const unknown = await ask(client, uniqueEmail('stranger'));
  expect(known.url).toBe('/forgot-password/sent');
  expect([unknown.status, unknown.url, textOf(unknown)]).toEqual([known.status, known.url, textOf(known)]);

  const [mail] = await eventually(
    () => readMails(stack.mailDir, person.email),
    (m) => m.length === 1,
  );
  const link = /\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail!.text)![0];
  // The workflow ends when the link's 2 seconds are over.
  await stack.temporal.workflow.getHandle(stack.accounts.workflowIds.passwordReset(person.email)).result();
  const expired = await client.get(link);
  expect(expired.status).toBe(410);
  expect(textOf(expired)).toContain('This link has expired');
  expect(textOf(expired)).toContain('A link to reset your password is valid for 2 seconds.');
  expect(expired.html).toContain('href="/forgot-password"');
  expect(expired.html).not.toContain('name="password"');
});

test('the profile changes the password: the current one is required, other sessions end', async () => {
  const person = await newPerson(stack, 'changer');
  const client = new PortalClient(stack.baseUrl);
  const loginPage = await client.get('/login');
  await client.post('/login', { email: person.email, password: PERSON_PASSWORD }, loginPage);
  const security = await client.get('/profile/account');
  expect(security.status).toBe(200);
  const wrong = await client.post(
    '/profile/password',
    {
      currentPassword: 'Not-My-Password-1!',
      password: 'Changed-Pass-2026!',
      confirmPassword: 'Changed-Pass-2026!',
    },
    security,
  );
  expect(wrong.status).toBe(401);
  expect(textOf(wrong)).toContain('The current password is wrong');
  const changed = await client.post(
    '/profile/password',
    {
      currentPassword: PERSON_PASSWORD,
      password: 'Changed-Pass-2026!',
      confirmPassword: 'Changed-Pass-2026!',
    },
    wrong,
  );
  expect(changed.url).toBe('/profile/account?changed=1');
  expect(textOf(changed)).toContain('Your password has been changed. Your other sessions have ended.');
  const other = await fetch(`${stack.baseUrl}/api/me`, { headers: person.auth });
  expect(other.status).toBe(401);
});
