// A passkey in a real browser: Debian's Chromium with the DevTools virtual authenticator (CTAP2, internal transport,
// resident keys, user verification) registers a passkey in the portal's "Sign-in security" and then logs in with it
// as the second step. PUBLIC_URL is http://localhost:<port>, so the relying party id is "localhost".
import { generate } from 'otplib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser';
import { freePort } from '../support/free-port';
import { newPerson, PERSON_PASSWORD } from '../support/people';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  [stack, browser] = await Promise.all([startTestStack({ port, publicUrl: baseUrl }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The DevTools virtual authenticator: a platform authenticator that verifies the user without asking. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function passwordStep(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PERSON_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('register a passkey in the profile, then log in with the password and the passkey', async () => {
  const person = await newPerson(stack, 'passkey');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  // Without a factor the login is one step.
  await passwordStep(page, person.email);
  await page.getByRole('heading', { name: 'Choose an environment' }).waitFor();
  await page.goto(`${baseUrl}/profile`);
  await page.getByRole('link', { name: /Sign-in security/ }).click();
  await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
  expect(await page.getByText('You have no second factor yet.').count()).toBe(1);
  await page.getByLabel('Name of the passkey (optional)').fill('Laptop');
  await screenshot(page, 'passkey-01-security');
  await page.getByRole('button', { name: 'Add a passkey' }).click();

  // The first factor brings the ten recovery codes, shown once.
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  expect(await page.getByText('Your passkey has been added.').count()).toBe(1);
  expect(await page.locator('#recovery-codes li').count()).toBe(10);
  await screenshot(page, 'passkey-02-recovery-codes');
  await page.getByRole('link', { name: 'I have kept my codes' }).click();
  await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
  expect(await page.getByRole('row', { name: /Passkey or security key Laptop/ }).count()).toBe(1);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  const stored = await stack.db.secondFactor.findFirstOrThrow({
    where: { accountId: person.accountId, type: 'PASSKEY' },
  });
  expect(stored.credentialId).toBe(Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url'));

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Login' }).waitFor();

  // Now the password alone gives no session: the second step asks for the passkey.
  await passwordStep(page, person.email);
  await page.getByRole('heading', { name: 'Second step of the login' }).waitFor();
  expect((await context.cookies()).some((c) => c.name === 'traces_session')).toBe(false);
  await screenshot(page, 'passkey-03-second-step');
  await page.getByRole('button', { name: 'Use your passkey or security key' }).click();
  await page.getByRole('heading', { name: 'Choose an environment' }).waitFor();
  expect((await context.cookies()).some((c) => c.name === 'traces_session')).toBe(true);
  const used = await stack.db.secondFactor.findUniqueOrThrow({ where: { id: stored.id } });
  expect(used.lastUsedAt).not.toBeNull();
  expect(
    await stack.db.secondFactorChallenge.count({
      where: { accountId: person.accountId, purpose: 'LOGIN', consumedAt: { not: null } },
    }),
  ).toBe(1);
  await context.close();
}, 120_000);

test('set up an authenticator app from the QR page, then log in with a code; a wrong code is refused on the page', async () => {
  const person = await newPerson(stack, 'portal-totp');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login?lang=en`);
  await passwordStep(page, person.email);
  await page.goto(`${baseUrl}/profile/security`);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  expect(
    await page
      .getByRole('img', { name: 'QR code to scan with an authenticator app' })
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(0);
  const secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code shown by the app').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.getByLabel('Code shown by the app').getAttribute('aria-invalid')).toBe('true');
  // The same secret is shown again after the mistake.
  expect((await page.locator('#totp-secret').innerText()).replace(/\s/g, '')).toBe(secret);
  await page.getByLabel('Code shown by the app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  await screenshot(page, 'totp-01-recovery-codes');
  await page.getByRole('link', { name: 'I have kept my codes' }).click();
  expect(await page.getByRole('row', { name: /Authenticator app/ }).count()).toBe(1);
  await page.getByRole('button', { name: 'Log out' }).click();

  // In French this time: the second step asks for the code.
  await page.goto(`${baseUrl}/login?lang=fr`);
  await page.getByLabel('Courriel', { exact: true }).fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PERSON_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Seconde étape de la connexion' }).waitFor();
  const field = page.getByLabel("Code de votre application d'authentification, ou code de secours");
  await field.fill('123456');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByText('Le code ne correspond pas : réessayez.').first().waitFor();
  await field.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('heading', { name: 'Choisissez un environnement' }).waitFor();
  await context.close();
}, 120_000);
