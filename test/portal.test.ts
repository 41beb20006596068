// The applicant portal without JavaScript: plain HTML forms over HTTP (fetch with cookies), against the real worker,
// Temporal and PostgreSQL. Covers every step of the guide, CSRF, the errors next to their fields and the language.
import { bearer, call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import {
  elementTag,
  fieldError,
  formToken,
  inputValue,
  labelOf,
  PortalClient,
  textOf,
  type PortalPage,
} from './support/portal-client';
import { seededId } from './support/organisations';
import { uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const PASSWORD = 'Portal-Walk-42!';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

function expectFieldError(page: PortalPage, id: string, text: string | RegExp) {
  expect(fieldError(page, id)).toEqual(typeof text === 'string' ? text : expect.stringMatching(text));
  const tag = elementTag(page, id);
  expect(tag).toContain(`${id}-error`);
  if (!tag.startsWith('<fieldset')) expect(tag).toContain('aria-invalid="true"');
  // The summary at the top links to the field.
  expect(page.html).toContain(`<a href="#${id}">`);
}

async function linkMail(email: string, count = 1) {
  const mails = await eventually(
    () => readMails(stack.mailDir, email).filter((m) => /set-password\?token=/.test(m.text)),
    (m) => m.length >= count,
  );
  return mails[mails.length - 1]!;
}

/** An account created and activated through the portal's pages, logged in. */
async function registeredPerson(
  label: string,
): Promise<{ client: PortalClient; email: string; tokenBeforeLogin: string }> {
  const client = new PortalClient(stack.baseUrl);
  const email = uniqueEmail(label);
  const form = await client.get('/register');
  const sent = await client.post(
    '/register',
    {
      firstName: 'Lotte',
      lastName: 'Maes',
      email,
      confirmEmail: email,
      emailLanguage: 'nl',
      privacyStatementAccepted: 'on',
    },
    form,
  );
  expect(sent.url).toBe('/register/sent');
  const token = linkToken(await linkMail(email));
  const setForm = await client.get(`/set-password?token=${token}`);
  await client.post('/set-password', { token, password: PASSWORD, confirmPassword: PASSWORD }, setForm);
  const login = await client.get('/login');
  const environments = await client.post('/login', { email, password: PASSWORD }, login);
  expect(environments.url).toBe('/environments');
  return { client, email, tokenBeforeLogin: formToken(login) };
}

test('home offers "Create an account" and "Login"; every page speaks English or French', async () => {
  const client = new PortalClient(stack.baseUrl);
  const home = await client.get('/');
  expect(home.status).toBe(200);
  expect(home.headers.get('content-type')).toContain('text/html');
  expect(home.html).toContain('<html lang="en">');
  expect(home.html).toMatch(/<a class="button" href="\/register">Create an account<\/a>/);
  expect(home.html).toMatch(/<a class="button button-green" href="\/login">Login<\/a>/);
  expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(home.headers.get('x-content-type-options')).toBe('nosniff');

  const french = await client.get('/?lang=fr');
  expect(french.html).toContain('<html lang="fr">');
  expect(textOf(french)).toContain('Créer un compte');
  expect(client.cookies.get('traces_lang')?.value).toBe('fr');
  // The choice sticks (cookie) for the next pages.
  const register = await client.get('/register');
  expect(labelOf(register, 'firstName')).toBe('Prénom');
  expect(labelOf(register, 'emailLanguage')).toBe('Langue des courriels');
  const refused = await client.post(
    '/register',
    { firstName: '', lastName: 'Maes', email: 'x', confirmEmail: 'y', emailLanguage: 'fr' },
    register,
  );
  expect(fieldError(refused, 'firstName')).toBe('Obligatoire');
  expect(fieldError(refused, 'privacyStatementAccepted')).toBe('La déclaration de confidentialité doit être acceptée');
  expect(textOf(await client.get('/?lang=en'))).toContain('Create an account');
  // Behind an https proxy (X-Forwarded-Proto from the trusted loopback) cookies are Secure.
  const proxied = await fetch(`${stack.baseUrl}/`, { headers: { 'x-forwarded-proto': 'https' } });
  expect(proxied.headers.getSetCookie().find((c) => c.startsWith('traces_csrf='))).toMatch(/; Secure/);
  expect(client.cookies.get('traces_csrf')?.attributes).not.toMatch(/Secure/);
  // A browser asking for French gets French until a language is chosen.
  const fresh = await fetch(`${stack.baseUrl}/login`, { headers: { 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5' } });
  expect(await fresh.text()).toContain('<html lang="fr">');
});

test('create an account: labelled fields, errors next to their field, values kept and escaped, no captcha when disabled', async () => {
  const client = new PortalClient(stack.baseUrl);
  const form = await client.get('/register');
  expect(form.status).toBe(200);
  for (const [id, label] of [
    ['firstName', 'First name'],
    ['lastName', 'Last name'],
    ['email', 'E-mail'],
    ['confirmEmail', 'Confirm e-mail'],
    ['emailLanguage', 'E-mail language'],
  ]) {
    expect(labelOf(form, id!)).toBe(label);
  }
  expect(labelOf(form, 'privacyStatementAccepted')).toMatch(
    /^By checking this box, you acknowledge that you have read and understood the privacy statement/,
  );
  expect(form.html.match(/<option value="[a-z]{2}"/g)).toHaveLength(24);
  expect(form.html).toContain('<option value="en" selected>English (en)</option>');
  expect(form.html).not.toContain('captchaAnswer');
  expect(form.html).toMatch(/<button type="submit" class="button">Create an account<\/button>/);

  const email = uniqueEmail('form');
  const refused = await client.post(
    '/register',
    {
      firstName: '<b>Lotte</b>"',
      lastName: '',
      email,
      confirmEmail: uniqueEmail('other'),
      emailLanguage: 'nl',
    },
    form,
  );
  expect(refused.status).toBe(400);
  expectFieldError(refused, 'lastName', 'Required');
  expectFieldError(refused, 'privacyStatementAccepted', 'The privacy statement must be accepted');
  expect(fieldError(refused, 'firstName')).toBeUndefined();
  expect(refused.html).toContain('value="&lt;b&gt;Lotte&lt;/b&gt;&quot;"');
  expect(refused.html).not.toContain('<b>Lotte</b>');
  expect(refused.html).toContain('<option value="nl" selected>');
  // The use-case compares the two e-mails once every field is there.
  const differ = await client.post(
    '/register',
    {
      firstName: 'Lotte',
      lastName: 'Maes',
      email,
      confirmEmail: uniqueEmail('other'),
      emailLanguage: 'nl',
      privacyStatementAccepted: 'on',
    },
    refused,
  );
  expectFieldError(differ, 'confirmEmail', 'The e-mail addresses differ');
  expect(elementTag(differ, 'privacyStatementAccepted')).toContain(' checked');

  const generic = await client.post(
    '/register',
    {
      firstName: 'Lotte',
      lastName: 'Maes',
      email: 'info@operator.example.be',
      confirmEmail: 'info@operator.example.be',
      emailLanguage: 'nl',
      privacyStatementAccepted: 'on',
    },
    refused,
  );
  expect(generic.status).toBe(400);
  expectFieldError(generic, 'email', 'A generic mailbox (info@, contact@, bcp@ …) cannot own an account');
  expect(textOf(generic)).toContain('Use your own professional e-mail address, not a shared mailbox.');
});

test('the whole guide without JavaScript: account, link, password, login, environment, search, request, Your Roles, preferences, log out', async () => {
  const client = new PortalClient(stack.baseUrl);
  const email = uniqueEmail('walk');

  // Create an account → "a link was sent, valid 90 minutes", with "Send the link again".
  const form = await client.get('/register');
  const sent = await client.post(
    '/register',
    {
      firstName: 'Lotte',
      lastName: 'Maes',
      email,
      confirmEmail: email,
      emailLanguage: 'en',
      privacyStatementAccepted: 'on',
    },
    form,
  );
  expect(sent.redirects).toEqual([{ status: 303, location: '/register/sent' }]);
  expect(sent.status).toBe(200);
  expect(textOf(sent)).toContain('The link is valid for 90 minutes');
  const firstToken = linkToken(await linkMail(email));
  const resent = await client.post('/register/resend', { email: inputValue(sent, 'email') }, sent);
  expect(resent.url).toMatch(/resent=1$/);
  expect(textOf(resent)).toContain('a new link has been sent and the previous link no longer works.');
  const token = linkToken(await linkMail(email, 2));
  expect(token).not.toBe(firstToken);
  const superseded = await client.get(`/set-password?token=${firstToken}`);
  expect(superseded.status).toBe(400);
  expect(textOf(superseded)).toContain('This link is not valid');

  // Set the password: showing the form twice does not use the link; the policy is shown and enforced.
  const setForm = await client.get(`/set-password?token=${token}`);
  expect((await client.get(`/set-password?token=${token}`)).status).toBe(200);
  expect(setForm.status).toBe(200);
  expect(setForm.headers.get('referrer-policy')).toBe('same-origin');
  expect(textOf(setForm)).toContain('Your password must have at least 10 characters, with an upper-case letter');
  expect(elementTag(setForm, 'password')).toContain('aria-describedby="password-hint"');
  const weak = await client.post('/set-password', { token, password: 'short', confirmPassword: 'short' }, setForm);
  expect(weak.status).toBe(400);
  expectFieldError(
    weak,
    'password',
    /^The password needs at least 10 characters, an upper-case letter, a digit, and a special character$/,
  );
  const differ = await client.post(
    '/set-password',
    { token, password: PASSWORD, confirmPassword: `${PASSWORD}x` },
    weak,
  );
  expectFieldError(differ, 'confirmPassword', 'The passwords differ');
  const activated = await client.post(
    '/set-password',
    { token, password: PASSWORD, confirmPassword: PASSWORD },
    differ,
  );
  expect(activated.url).toBe('/login?activated=1');
  expect(textOf(activated)).toContain('Your password is set and your account is active. You can now log in.');
  const used = await client.get(`/set-password?token=${token}`);
  expect(used.status).toBe(400);
  expect(textOf(used)).toContain('This link is not valid');
  expect(used.html).toContain('href="/login"');

  // Login: a wrong password is an error on the page; the right one gives an HttpOnly, SameSite=Lax session cookie
  // holding an API session token.
  const wrong = await client.post('/login', { email, password: 'Not-The-One-42!' }, activated);
  expect(wrong.status).toBe(401);
  expect(textOf(wrong)).toContain('E-mail or password is wrong.');
  expect(inputValue(wrong, 'email')).toBe(email);
  const environments = await client.post('/login', { email, password: PASSWORD }, wrong);
  expect(environments.url).toBe('/environments');
  const session = client.cookies.get('traces_session')!;
  expect(session.attributes).toMatch(/HttpOnly/i);
  expect(session.attributes).toMatch(/SameSite=Lax/i);
  expect(session.attributes).not.toMatch(/Secure/i);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(session.value))).body.email).toBe(email);
  for (const env of ['production', 'acceptance', 'training'])
    expect(environments.html).toContain(`href="/environments/${env}"`);
  expect(textOf(environments)).toContain('Lotte Maes');

  // A person without a role in an environment chooses the kind of organisation, with the guide's explanations.
  const choice = await client.get('/environments/training');
  expect(choice.url).toBe('/environments/training');
  const choiceText = textOf(choice);
  expect(choiceText).toContain('You currently do not have any role allowing you to access the application.');
  expect(choiceText).toContain('Economic operators such as particular businesses, stores, non-profit organisations...');
  expect(choiceText).toContain(
    'Control Bodies listed in Annex III and Annex IV of Commission Regulation (EC) No 1235/2008',
  );
  expect(choiceText).toMatch(/Full name Lotte Maes E-mail walk\./);
  for (const path of ['operators', 'control-bodies', 'authorities'])
    expect(choice.html).toContain(`href="/environments/training/${path}"`);

  // Search operators: the country is required; results have a checkbox per row and the way to a new operator.
  const search = await client.get('/environments/training/operators');
  expect(search.html).not.toContain('Request authorisation</button>');
  const noCountry = await client.get('/environments/training/operators?country=&section=&activityType=&q=');
  expect(fieldError(noCountry, 'country')).toBe('Required');
  const belgium = await client.get('/environments/training/operators?country=BE&section=ORGANIC&activityType=&q=');
  expect(belgium.status).toBe(200);
  const abian = seededId('training', 'OPERATOR', 'ABIAN BALI EU SPRL', 'BE');
  const abc = seededId('training', 'OPERATOR', 'ABC test Operator', 'BE');
  expect(labelOf(belgium, `select-${abian}`)).toBe('Select ABIAN BALI EU SPRL');
  expect(labelOf(belgium, `select-${abc}`)).toBe('Select ABC test Operator');
  expect(textOf(belgium)).toContain("Really didn't find the operator you belong to?");
  expect(belgium.html).toContain('href="/environments/training/operators/new?country=BE"');

  // "Request authorisation" without a tick comes back with an error; with two ticks it asks to confirm.
  const back = '/environments/training/operators?country=BE&section=ORGANIC';
  const none = await client.get(
    `/environments/training/request/confirm?kind=OPERATOR&back=${encodeURIComponent(back)}`,
  );
  expect(none.url).toBe(`${back}&none=1`);
  expect(textOf(none)).toContain('Tick at least one organisation.');
  const confirm = await client.get(
    `/environments/training/request/confirm?kind=OPERATOR&organisationIds=${abc}&organisationIds=${abian}&back=${encodeURIComponent(back)}`,
  );
  expect(confirm.status).toBe(200);
  expect(textOf(confirm)).toMatch(
    /Confirm authorisation request for: ABC test Operator \(BE\) ABIAN BALI EU SPRL \(BE\)/,
  );
  expect(labelOf(confirm, 'message')).toBe('Message');
  const badContact = await client.post(
    '/environments/training/request',
    {
      kind: 'OPERATOR',
      organisationIds: [abc, abian],
      message: 'I am the importer',
      contactEmail: 'not-an-address',
      back,
    },
    confirm,
  );
  expect(badContact.status).toBe(400);
  expectFieldError(badContact, 'contactEmail', 'Not a valid e-mail address');
  expect(badContact.html).toContain('I am the importer</textarea>');
  const roles = await client.post(
    '/environments/training/request',
    {
      kind: 'OPERATOR',
      organisationIds: [abc, abian],
      message: 'I am the importer',
      contactPhone: '+32 2 123 45 67',
      back,
    },
    badContact,
  );
  expect(roles.url).toBe('/environments/training/roles?sent=1');
  expect(textOf(roles)).toContain('Your authorisation request has been sent.');
  expect(textOf(roles)).toMatch(/2 Requested .*0 Suspended .*0 Valid/);
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  const stored = await stack.db.authorisationRequest.findMany({
    where: { accountId: account.id, environment: 'training' },
  });
  expect(stored.map((r) => [r.organisationId, r.status, r.message, r.contactPhone]).sort()).toEqual(
    [
      [abc, 'REQUESTED', 'I am the importer', '+32 2 123 45 67'],
      [abian, 'REQUESTED', 'I am the importer', '+32 2 123 45 67'],
    ].sort(),
  );

  // The environment's page is now Your Roles; more roles are of the same kind only.
  expect((await client.get('/environments/training')).url).toBe('/environments/training/roles');
  const more = await client.get('/environments/training/request');
  expect(more.html).toContain('href="/environments/training/operators"');
  expect(more.html).not.toContain('href="/environments/training/authorities"');
  const filtered = await client.get('/environments/training/roles?status=VALID');
  expect(textOf(filtered)).toContain('No roles to show.');

  // Delete (withdraw) one request.
  const abcRequest = stored.find((r) => r.organisationId === abc)!;
  const afterDelete = await client.post(`/environments/training/roles/${abcRequest.id}/delete`, {}, roles);
  expect(afterDelete.url).toBe('/environments/training/roles?deleted=1');
  expect(textOf(afterDelete)).toMatch(/1 Requested/);
  expect(textOf(afterDelete)).not.toContain('ABC test Operator');
  expect((await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: abcRequest.id } })).status).toBe(
    'WITHDRAWN',
  );

  // Preferences: time zone and e-mail notifications.
  const preferences = await client.get('/preferences');
  expect(labelOf(preferences, 'timeZone')).toBe('Time zone');
  expect(preferences.html).toContain('<option value="Europe/Brussels" selected>');
  const saved = await client.post('/preferences', { timeZone: 'Europe/Paris' }, preferences);
  expect(saved.url).toBe('/preferences?saved=1');
  expect(saved.html).toContain('<option value="Europe/Paris" selected>');
  expect(await stack.db.account.findUniqueOrThrow({ where: { email } })).toMatchObject({
    timeZone: 'Europe/Paris',
    emailNotifications: false,
  });
  const badZone = await client.post('/preferences', { timeZone: 'Mars/Olympus', emailNotifications: 'on' }, saved);
  expect(badZone.status).toBe(400);
  expect(fieldError(badZone, 'timeZone')).toBe('Not an IANA time zone (e.g. Europe/Brussels)');
  const profile = await client.get('/profile');
  expect(textOf(profile)).toMatch(/Training 1 Requested · 0 Suspended · 0 Valid/);

  // Log out ends the session: the pages ask to log in, the token no longer works on the API either.
  const loggedOut = await client.post('/logout', {}, profile);
  expect(loggedOut.url).toBe('/login?loggedOut=1');
  expect(client.cookies.has('traces_session')).toBe(false);
  const again = await client.get('/environments/training/roles');
  expect(again.url).toBe(`/login?next=${encodeURIComponent('/environments/training/roles')}`);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(session.value))).status).toBe(401);
  // Logging in again goes back to the page asked for.
  const back2 = await client.post('/login', { email, password: PASSWORD, next: '/environments/training/roles' }, again);
  expect(back2.url).toBe('/environments/training/roles');
  expect((await client.post('/login', { email, password: PASSWORD, next: 'https://evil.example/' }, back2)).url).toBe(
    '/environments',
  );
});

test('CSRF: a POST without the form token, with another token, or from another site is refused and changes nothing', async () => {
  const { client, email, tokenBeforeLogin } = await registeredPerson('csrf');
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  const confirm = await client.get(
    `/environments/production/request/confirm?kind=OPERATOR&organisationIds=${seededId('production', 'OPERATOR', 'ACA Customs NV', 'BE')}`,
  );
  const send = { kind: 'OPERATOR', organisationIds: seededId('production', 'OPERATOR', 'ACA Customs NV', 'BE') };
  const path = '/environments/production/request';

  const attempts: Array<[string, Promise<PortalPage>]> = [
    ['no token', client.post(path, send)],
    ['a made-up token', client.post(path, { ...send, _csrf: 'x'.repeat(43) })],
    ['another site', client.post(path, send, confirm, { origin: 'https://evil.example' })],
    ['a cross-site fetch', client.post(path, send, confirm, { origin: stack.baseUrl, 'sec-fetch-site': 'cross-site' })],
    ['no Origin at all', client.post(path, send, confirm, {})],
    ['an opaque origin', client.post(path, send, confirm, { origin: 'null' })],
  ];
  for (const [, attempt] of attempts) {
    const page = await attempt;
    expect(page.status).toBe(403);
    expect(textOf(page)).toContain('This form cannot be accepted');
  }
  expect(await stack.db.authorisationRequest.count({ where: { accountId: account.id } })).toBe(0);

  // Anonymous forms are protected too, and a token is bound to the session: the one from before login is refused after it.
  const stranger = new PortalClient(stack.baseUrl);
  const registerForm = await stranger.get('/register');
  const otherEmail = uniqueEmail('csrf-anon');
  const forged = await stranger.post('/register', {
    firstName: 'Eve',
    lastName: 'Forger',
    email: otherEmail,
    confirmEmail: otherEmail,
    emailLanguage: 'en',
    privacyStatementAccepted: 'on',
  });
  expect(forged.status).toBe(403);
  expect(await stack.db.registrationApplication.count({ where: { email: otherEmail } })).toBe(0);
  expect((await stranger.post('/register', { _csrf: formToken(confirm) }, undefined)).status).toBe(403);
  expect(formToken(registerForm)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(formToken(confirm)).not.toBe(tokenBeforeLogin);
  expect((await client.post('/logout', { _csrf: tokenBeforeLogin })).status).toBe(403);
  expect((await client.get('/environments')).url).toBe('/environments');

  // The same request with the page's token and Origin goes through.
  const sent = await client.post(path, send, confirm);
  expect(sent.url).toBe('/environments/production/roles?sent=1');
  expect(await stack.db.authorisationRequest.count({ where: { accountId: account.id } })).toBe(1);
});

test('control bodies: a checkbox per country entry and one for all the countries of a body; authorities with the guide filters', async () => {
  const { client } = await registeredPerson('certifier');
  const results = await client.get('/environments/acceptance/control-bodies?country=&q=quality');
  const be = seededId('acceptance', 'CONTROL_BODY', 'BE-BIO-03', 'BE');
  const id = seededId('acceptance', 'CONTROL_BODY', 'ID-BIO-168', 'ID');
  expect(labelOf(results, `select-${be}`)).toBe('Select QUALITY PARTNER BE-BIO-03');
  expect(labelOf(results, `select-${id}`)).toBe('Select Quality Partner ID-BIO-168');
  expect(results.html).toMatch(
    /<input type="checkbox" id="body-0" name="controlBodyKeys" value="QUALITY PARTNER">\s*<label for="body-0">All countries of QUALITY PARTNER<\/label>/,
  );

  // Belgium only shows the Belgian entry, but "all countries" still takes every entry of the body.
  const belgium = await client.get('/environments/acceptance/control-bodies?country=BE&q=quality');
  expect(belgium.html).not.toContain(`select-${id}`);
  const all = await client.get(
    '/environments/acceptance/request/confirm?kind=CONTROL_BODY&controlBodyKeys=QUALITY%20PARTNER',
  );
  expect(textOf(all)).toContain('BE-BIO-03 – QUALITY PARTNER (BE)');
  expect(textOf(all)).toContain('ID-BIO-168 – Quality Partner (ID)');
  const done = await client.post(
    '/environments/acceptance/request',
    {
      kind: 'CONTROL_BODY',
      organisationIds: [be, id],
    },
    all,
  );
  expect(done.url).toBe('/environments/acceptance/roles?sent=1');
  expect(textOf(done)).toMatch(/Organic Control Body QUALITY PARTNER BE-BIO-03 .*Requested/);

  // Another kind in the same environment is refused by the same rule as the API, shown on the page.
  const aalst = seededId('acceptance', 'AUTHORITY', 'BE0001', 'BE');
  const authorities = await client.get(
    '/environments/acceptance/authorities?country=BE&role=BCP&competence=ORGANIC&q=aalst',
  );
  expect(labelOf(authorities, `select-${aalst}`)).toBe('Select Aalst Customs Authority');
  expect(textOf(authorities)).toContain('BCP: Border Control Post.');
  const confirm = await client.get(`/environments/acceptance/request/confirm?kind=AUTHORITY&organisationIds=${aalst}`);
  const conflict = await client.post(
    '/environments/acceptance/request',
    { kind: 'AUTHORITY', organisationIds: aalst },
    confirm,
  );
  expect(conflict.status).toBe(409);
  expect(textOf(conflict)).toContain('You already hold or requested another kind of role in this environment');
});

test('pages that need a session send to the login; unknown environments are a page not found; the API keeps its JSON', async () => {
  const client = new PortalClient(stack.baseUrl);
  for (const path of ['/environments', '/environments/production/operators?country=BE', '/profile', '/preferences']) {
    const page = await client.get(path);
    expect(page.redirects[0]).toEqual({ status: 303, location: `/login?next=${encodeURIComponent(path)}` });
    expect(textOf(page)).toContain('Log in to continue.');
  }
  const { client: person } = await registeredPerson('lost');
  const unknown = await person.get('/environments/staging/roles');
  expect(unknown.status).toBe(404);
  expect(textOf(unknown)).toContain('Page not found');
  const api = await call(stack.baseUrl, 'GET', '/api/nothing-here');
  expect(api.status).toBe(404);
  expect(api.body.error.code).toBe('NOT_FOUND');
  expect((await fetch(`${stack.baseUrl}/assets/portal.css`)).headers.get('content-type')).toContain('text/css');
});
