// The applicant portal in a real browser (Debian's Chromium through playwright-core): a new person follows the guide
// from "Create an account" to a valid role. Fields are found by their labels and buttons and links by their names
// only; each page is photographed into test-results/ (git-ignored).
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { bearer, call } from '../support/http';
import { eventually, linkToken, readMails } from '../support/mail';
import { demoApprovers } from '../support/people';
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

const PASSWORD = 'Browser-Walk-42!';

/** The text of the row of an organisation in a table. */
const rowText = (page: Page, name: string) => page.getByRole('row', { name: new RegExp(name) }).innerText();

test('create account → link from the mail → password → login → production → Operator → two Belgian operators → Requested → Valid', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  let shots = 0;
  const shot = (name: string) => screenshot(page, `portal-${String(++shots).padStart(2, '0')}-${name}`);
  const email = `sofie.${Date.now().toString(36)}@agri.example.be`;

  await page.goto(`${stack.baseUrl}/`);
  await shot('home');
  await page.getByRole('link', { name: 'Create an account' }).click();

  // Create an account (guide I): the captcha is off in this stack, so the form has no code to type.
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  expect(await page.getByLabel('Enter the code').count()).toBe(0);
  await page.getByLabel('First name').fill('Sofie');
  // The keyboard moves through the fields in order.
  await page.getByLabel('First name').press('Tab');
  await page.keyboard.type('Janssens');
  expect(await page.getByLabel('Last name').inputValue()).toBe('Janssens');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Confirm e-mail').fill(email);
  await page.getByLabel('E-mail language').selectOption('nl');
  await page.getByLabel(/By checking this box, you acknowledge/).check();
  await shot('create-account');
  await page.getByRole('button', { name: 'Create an account' }).click();

  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  expect(await page.getByText('The link is valid for 90 minutes').count()).toBe(1);
  await shot('link-sent');

  // The link from the mail file (the mail names PUBLIC_URL; the browser opens this stack's address).
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length === 1,
  );
  await page.goto(`${stack.baseUrl}/set-password?token=${linkToken(mail!)}`);
  await page.getByRole('heading', { name: 'Set your password' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill('too-weak');
  await page.getByLabel('Confirm password').fill('too-weak');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await shot('set-password-refused');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await shot('set-password');
  await page.getByRole('button', { name: 'Set password' }).click();

  // Login, sent with the Enter key.
  await page.getByRole('heading', { name: 'Login' }).waitFor();
  expect(await page.getByText('Your password is set and your account is active.').count()).toBe(1);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await shot('login');
  await page.getByLabel('Password', { exact: true }).press('Enter');

  // Environment, then the kind of role with the guide's explanations.
  await page.getByRole('heading', { name: 'Choose an environment' }).waitFor();
  await shot('environments');
  await page.getByRole('link', { name: 'Production', exact: true }).click();
  await page.getByRole('heading', { name: 'Request authorisation' }).waitFor();
  expect(
    await page.getByText('You currently do not have any role allowing you to access the application.').count(),
  ).toBe(1);
  await shot('role-kind');
  await page.getByRole('link', { name: 'Operator', exact: true }).click();

  // Search Belgium, tick two operators, request authorisation with a message.
  await page.getByRole('heading', { name: 'Select an existing operator' }).waitFor();
  await page.getByLabel('Country').selectOption('BE');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: /Results/ }).waitFor();
  await page.getByLabel('Select ABC test Operator').check();
  await page.getByLabel('Select ABIAN BALI EU SPRL').check();
  expect(await page.getByRole('link', { name: 'Create a new operator' }).count()).toBe(1);
  await shot('operator-search');
  await page.getByRole('button', { name: 'Request authorisation' }).click();

  await page.getByRole('heading', { name: 'Confirm authorisation request' }).waitFor();
  await page.getByLabel('Message').fill('I handle the organic imports of both companies.');
  await page.getByLabel('Phone').fill('+32 2 555 01 02');
  await shot('confirm-request');
  await page.getByRole('button', { name: 'Send authorisation request' }).click();

  // Your Roles: both Requested.
  await page.getByRole('heading', { name: 'Your Roles' }).waitFor();
  expect(await page.getByRole('link', { name: '2 Requested' }).count()).toBe(1);
  expect(await rowText(page, 'ABC test Operator')).toContain('Requested');
  expect(await rowText(page, 'ABIAN BALI EU SPRL')).toContain('Requested');
  await shot('roles-requested');

  // The Belgian national authority approves both over the API; Your Roles then shows them Valid.
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  const requests = await stack.db.authorisationRequest.findMany({
    where: { accountId: account.id, environment: 'production' },
  });
  expect(requests).toHaveLength(2);
  const { ccaBe } = await demoApprovers(stack);
  for (const request of requests) {
    const decided = await call(
      stack.baseUrl,
      'POST',
      `/api/approvals/${request.id}/decision`,
      { decision: 'APPROVE' },
      bearer(ccaBe.token),
    );
    expect(decided).toMatchObject({ status: 200, body: { status: 'VALID' } });
  }
  await eventually(
    async () => {
      await page.reload();
      return page.getByRole('link', { name: '2 Valid' }).count();
    },
    (count) => count === 1,
  );
  expect(await rowText(page, 'ABC test Operator')).toContain('Valid');
  expect(await rowText(page, 'ABIAN BALI EU SPRL')).toContain('Valid');
  await page.getByRole('link', { name: '2 Valid' }).click();
  expect(await page.getByRole('row').count()).toBe(3);
  await shot('roles-valid');

  // Preferences, then log out.
  await page.getByRole('link', { name: 'Preferences', exact: true }).click();
  await page.getByLabel('Time zone').selectOption('Europe/Paris');
  await page.getByLabel('Send me e-mail notifications').uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.getByText('Your preferences have been saved.').waitFor();
  await shot('preferences');
  expect(await stack.db.account.findUniqueOrThrow({ where: { email } })).toMatchObject({
    timeZone: 'Europe/Paris',
    emailNotifications: false,
  });
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByText('You are logged out.').waitFor();
  await shot('logged-out');
  await context.close();
});
