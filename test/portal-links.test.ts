// Set-password links that no longer work, in the portal: an expired link (here after 2 seconds) gets its own page
// with the way to a new link (create the account again), so does "Send the link again" once the registration ended.
import crypto from 'node:crypto';
import { eventually, linkToken, readMails } from './support/mail';
import { inputValue, PortalClient, textOf } from './support/portal-client';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ linkTtlMs: 2_000 });
});
afterAll(async () => {
  await stack?.stop();
});

test('an expired link: the form is not shown, the page says so and offers to create the account again', async () => {
  const client = new PortalClient(stack.baseUrl);
  const email = `late.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
  const sent = await client.post(
    '/register',
    {
      firstName: 'Jan',
      lastName: 'Laat',
      email,
      confirmEmail: email,
      emailLanguage: 'nl',
      privacyStatementAccepted: 'on',
    },
    await client.get('/register'),
  );
  expect(textOf(sent)).toContain('The link is valid for 2 seconds');
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length === 1,
  );
  const token = linkToken(mail!);

  // Once the registration has expired (the workflow's timer), the link, the form and "Send the link again" all say so.
  await eventually(
    () => stack.db.registration.findFirst({ where: { account: { email } } }),
    (r) => r?.status === 'EXPIRED',
  );
  const expired = await client.get(`/set-password?token=${token}`);
  expect(expired.status).toBe(410);
  expect(textOf(expired)).toContain('This link has expired');
  expect(textOf(expired)).toContain('A link to set your password is valid for 2 seconds.');
  expect(expired.html).toContain('<a class="button" href="/register">Create an account</a>');
  expect(expired.html).not.toContain('name="password"');

  const posted = await client.post(
    '/set-password',
    { token, password: 'Too-Late-42!x', confirmPassword: 'Too-Late-42!x' },
    sent,
  );
  expect(posted.status).toBe(410);
  expect(textOf(posted)).toContain('This link has expired');

  // "Send the link again" answers as for any address (nothing tells an expired registration) and mails nothing.
  const resend = await client.post('/register/resend', { email: inputValue(sent, 'email') }, sent);
  expect(resend.status).toBe(200);
  expect(resend.url).toBe('/register/sent?resent=1');

  // The new link: registering again sends one that works.
  const again = await client.post(
    '/register',
    {
      firstName: 'Jan',
      lastName: 'Laat',
      email,
      confirmEmail: email,
      emailLanguage: 'nl',
      privacyStatementAccepted: 'on',
    },
    await client.get('/register'),
  );
  expect(again.url).toBe('/register/sent');
  const mails = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length === 2,
  );
  expect(mails.map(linkToken).filter((t) => t !== token)).toHaveLength(1);
});

test('an unknown link gets the "not valid" page', async () => {
  const client = new PortalClient(stack.baseUrl);
  for (const path of [
    '/set-password',
    '/set-password?token=',
    `/set-password?token=${'A'.repeat(43)}`,
    `/set-password?token=${'x'.repeat(500)}`,
  ]) {
    const page = await client.get(path);
    expect(page.status).toBe(400);
    expect(textOf(page)).toContain('This link is not valid');
    expect(page.html).toContain('href="/login"');
  }
});
