// The forgotten password in a real browser (Debian's Chromium through playwright-core): the link on the login page,
// the mail, the new password; the old password and the other sessions no longer work; a used link gets a clear page.
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { call } from '../support/http';
import { eventually, readMails } from '../support/mail';
import { login, newPerson, PERSON_PASSWORD } from '../support/people';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const NEW_PASSWORD = 'Browser-Reset-2026!';

test('login → "Forgotten your password?" → mail → new password → old refused, new works, other sessions gone; the used link is refused', async () => {
  const person = await newPerson(stack, 'browserreset');
  const elsewhere = await login(stack, person.email);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  let shots = 0;
  const shot = (name: string) => screenshot(page, `password-reset-${String(++shots).padStart(2, '0')}-${name}`);

  await page.goto(`${stack.baseUrl}/login`);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByRole('heading', { name: 'Forgotten password' }).waitFor();
  await page.getByLabel('E-mail', { exact: true }).fill(person.email);
  await shot('forgotten');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  expect(await page.getByText('The link is valid for 60 minutes and works once.').count()).toBe(1);
  await shot('sent');

  const [mail] = await eventually(
    () => readMails(stack.mailDir, person.email).filter((m) => /reset-password\?token=/.test(m.text)),
    (m) => m.length === 1,
  );
  const link = /\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail!.text)![0];
  await page.goto(`${stack.baseUrl}${link}`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('New password').fill('too-weak');
  await page.getByLabel('Confirm password').fill('too-weak');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.getByLabel('New password').getAttribute('aria-invalid')).toBe('true');
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
  await shot('new-password');
  await page.getByRole('button', { name: 'Set the new password' }).click();

  await page.getByRole('heading', { name: 'Login' }).waitFor();
  expect(await page.getByText('Your new password is set and every session of your account has ended.').count()).toBe(1);
  await page.getByLabel('E-mail', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(PERSON_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('E-mail or password is wrong.').first().waitFor();
  await shot('old-password-refused');
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Choose an environment' }).waitFor();
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, elsewhere.auth)).status).toBe(401);

  // The link again: a clear page that says why and offers a new link.
  await page.goto(`${stack.baseUrl}${link}`);
  await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
  expect(await page.getByRole('link', { name: 'Ask for a new link' }).count()).toBe(1);
  expect(await page.getByLabel('New password').count()).toBe(0);
  await shot('used-link');
  await context.close();
});
