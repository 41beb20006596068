// Languages over the real stack (HTTP, the worker, Temporal and PostgreSQL): portal pages in the chosen language with
// every field error named by its field, the API's field errors as codes with params, and the decision, reminder and
// role mails in each person's e-mail language.
import { formatMailDate } from '../lib/mail-texts';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { newOperator } from './support/organisations';
import { demoApprovers, newPerson } from './support/people';
import { fieldError, labelOf, PortalClient, textOf, type PortalPage } from './support/portal-client';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ captchaProvider: 'none', approvalReminderAfterMs: 3000 });
});
afterAll(async () => {
  await stack?.stop();
});

const REGISTER_FIELDS = ['firstName', 'lastName', 'email', 'confirmEmail', 'emailLanguage', 'privacyStatementAccepted'];

/** The texts of the error summary's links to fields, by field id. */
function summaryLinks(page: PortalPage): Record<string, string> {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(page.html)?.[0] ?? '';
  const links: Record<string, string> = {};
  for (const [, id, text] of summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g))
    links[id!] = textOf({ ...page, html: text! });
  return links;
}

async function emptyRegistration(lang: string): Promise<PortalPage> {
  const client = new PortalClient(stack.baseUrl);
  const form = await client.get(`/register?lang=${lang}`);
  const refused = await client.post('/register', { firstName: '', lastName: '', email: '', confirmEmail: '' }, form);
  expect(refused.status).toBe(400);
  return refused;
}

test('a French form shows French errors, and the summary names each field ("Prénom : Obligatoire", not "Obligatoire" four times)', async () => {
  const page = await emptyRegistration('fr');
  expect(page.html).toContain('<html lang="fr">');
  expect(textOf(page)).toContain('Il y a un problème');
  expect(fieldError(page, 'firstName')).toBe('Obligatoire');
  expect(fieldError(page, 'lastName')).toBe('Obligatoire');
  expect(fieldError(page, 'privacyStatementAccepted')).toBe('La déclaration de confidentialité doit être acceptée');
  const links = summaryLinks(page);
  expect(Object.keys(links).sort()).toEqual([...REGISTER_FIELDS].sort());
  for (const id of REGISTER_FIELDS) {
    // Each link reads "<the field's label> : <its error>", in French.
    expect(links[id]).toBe(`${labelOf(page, id)} : ${fieldError(page, id)}`);
    expect(fieldError(page, id)).not.toMatch(/Required|must be accepted/);
  }
  expect(links.firstName).toBe('Prénom : Obligatoire');
  expect(new Set(Object.values(links)).size).toBe(REGISTER_FIELDS.length);
});

test.each([
  ['de', 'Pflichtfeld', 'Es gibt ein Problem'],
  ['mt', 'Obbligatorju', 'Hemm problema'],
  ['pl', 'Pole obowiązkowe', 'Wystąpił problem'],
])('a %s page speaks its language in the frame and the errors', async (lang, required, summaryTitle) => {
  const page = await emptyRegistration(lang);
  expect(page.html).toContain(`<html lang="${lang}">`);
  expect(textOf(page)).toContain(summaryTitle);
  expect(fieldError(page, 'firstName')).toBe(required);
  expect(summaryLinks(page).firstName).toMatch(new RegExp(`: ${required}$`));
});

test('every one of the 24 languages is offered by the language switch and answers its own pages', async () => {
  const client = new PortalClient(stack.baseUrl);
  const home = await client.get('/');
  const offered = [...home.html.matchAll(/hreflang="([a-z]{2})"/g)].map((m) => m[1]);
  expect(offered).toHaveLength(23); // every language but the current one, which is not a link
  for (const lang of ['bg', 'el', 'ga', 'hu', 'fi']) {
    const page = await client.get(`/login?lang=${lang}`);
    expect(page.html).toContain(`<html lang="${lang}">`);
  }
  expect(await client.get('/login?lang=el')).toMatchObject({ html: expect.stringContaining('aria-label="Γλώσσα"') });
});

test('the API answers every field of a 400 with a code and its params, besides an English text', async () => {
  const response = await call(stack.baseUrl, 'POST', '/api/registrations', {
    firstName: '',
    lastName: 'x'.repeat(101),
    email: 'not-an-address',
    confirmEmail: 'other@example.be',
    emailLanguage: 'xx',
    privacyStatementAccepted: false,
  });
  expect(response.status).toBe(400);
  const { code, fields, fieldErrors } = response.body.error;
  expect(code).toBe('VALIDATION_FAILED');
  expect(fieldErrors).toMatchObject({
    firstName: { code: 'REQUIRED' },
    lastName: { code: 'TOO_LONG', params: { max: 100 } },
    email: { code: 'INVALID_EMAIL' },
    emailLanguage: { code: 'INVALID_LANGUAGE' },
    privacyStatementAccepted: { code: 'MUST_ACCEPT' },
  });
  expect(Object.keys(fields).sort()).toEqual(Object.keys(fieldErrors).sort());
  expect(fields.lastName).toBe('At most 100 characters');
  const unknown = await call(stack.baseUrl, 'POST', '/api/registrations', { nickname: 'x' });
  expect(unknown.body.error.fieldErrors).toMatchObject({ nickname: { code: 'UNKNOWN_FIELD' } });
});

test("decision, reminder and role mails follow each person's e-mail language", async () => {
  const { ccaBe } = await demoApprovers(stack);
  await stack.db.account.update({ where: { id: ccaBe.accountId }, data: { emailLanguage: 'de' } });
  const applicant = await newPerson(stack, 'margaux', 'fr');
  const requestFor = async (organisationId: string) => {
    const response = await call(
      stack.baseUrl,
      'POST',
      '/api/environments/production/authorisation-requests',
      { kind: 'OPERATOR', organisationIds: [organisationId] },
      applicant.auth,
    );
    expect(response.status).toBe(202);
    return response.body.requests[0].id as string;
  };
  const first = await newOperator(stack);
  const rejectedId = await requestFor(first.id);
  // The approver reads German: the new request, then the reminder.
  const approverMails = await eventually(
    () => readMails(stack.mailDir, ccaBe.email).filter((m) => m.text.includes(first.name)),
    (m) => m.length >= 2,
  );
  expect(approverMails.map((m) => m.subject).sort()).toEqual([
    'TRACES NT: Ein Berechtigungsantrag wartet auf Ihre Entscheidung',
    'TRACES NT: Erinnerung, ein Berechtigungsantrag wartet noch',
  ]);
  expect(approverMails[0]!.text).toContain(`${first.name} (Produktion)`);

  const decide = (id: string, body: unknown) =>
    call(stack.baseUrl, 'POST', `/api/approvals/${id}/decision`, body, ccaBe.auth);
  expect((await decide(rejectedId, { decision: 'REJECT', reason: 'Inconnu de la société' })).status).toBe(200);
  const second = await newOperator(stack);
  const approvedId = await requestFor(second.id);
  expect((await decide(approvedId, { decision: 'APPROVE' })).status).toBe(200);
  const suspend = await call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${approvedId}/role-action`,
    { action: 'SUSPEND', reason: 'Audit en cours' },
    ccaBe.auth,
  );
  expect(suspend.status).toBe(200);

  // The applicant reads French: rejection with its reason, approval, suspension with its reason.
  const mails = await eventually(
    () => readMails(stack.mailDir, applicant.email),
    (m) => m.length >= 3,
  );
  const bySubject = (text: string) => mails.find((m) => m.subject.includes(text));
  // Dated in the applicant's time zone (Brussels, the account's default), in French.
  const { decidedAt } = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: rejectedId } });
  expect(bySubject('rejetée')!.text.trim()).toBe(
    `Bonjour margaux,\n\nVotre demande d’autorisation pour ${first.name} (Production) a été rejetée.\n\nMotif : Inconnu de la société\n\nDate : ${formatMailDate(decidedAt!.toISOString(), 'fr', 'Europe/Brussels')}`,
  );
  expect(bySubject('approuvée')!.subject).toBe('TRACES NT : votre demande d’autorisation a été approuvée');
  expect(bySubject('suspendu')!.text).toContain('Motif : Audit en cours');
  for (const mail of mails) expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\b(your|was|Reason|Dear)\b/);
});
