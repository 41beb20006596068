// The work queue in the back-office, in Debian's Chromium through playwright-core against the real app as a child
// process: Assign to me, to a colleague (one who leaves meanwhile is refused by code), Unassign, the "assigned to me"
// and "unassigned" views with the assignee on the list; Ask the applicant with the question and the answer in the
// timeline; an organisation's Members page with administrator rights (the last administrator stays). axe-core finds no
// critical or serious violation on any of these pages.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import {
  APPLICANT_PASSWORD,
  newApplicant,
  newOperators,
  organisationByCode,
  requestAuthorisation,
  type Applicant,
} from '../support/approval-fixtures';
import { axe, seriousOrWorse } from '../support/axe';
import { launchBrowser, screenshot } from '../support/browser';
import { bearer, call } from '../support/http';

let app: AppProcess;
let db: Db;
let browser: Browser;
/** Two more officers of the Belgian national authority in training, made so through requests the Commission approved. */
let officers: Array<Applicant & { postRequestId: string }>;

const REQUESTS = '/admin/resources/AuthorisationRequest';
type Tagged = { getAttribute(name: string): string | null };
const dataIds = (rows: unknown[]) => rows.map((r) => (r as Tagged).getAttribute('data-id'));

async function apiSession(email: string, password: string) {
  const session = await call(app.baseUrl, 'POST', '/api/sessions', { email, password });
  if (session.status !== 200) throw new Error(`login of ${email}: ${JSON.stringify(session.body)}`);
  return bearer(session.body.token as string);
}

async function decide(auth: Record<string, string>, requestId: string) {
  const decided = await call(
    app.baseUrl,
    'POST',
    `/api/approvals/${requestId}/decision`,
    { decision: 'APPROVE' },
    auth,
  );
  if (decided.status !== 200) throw new Error(`approval: ${decided.status} ${JSON.stringify(decided.body)}`);
}

async function newOfficer(label: string) {
  const officer = await newApplicant(db, app.baseUrl, label);
  const authority = await organisationByCode(db, 'training', 'BE-CCA');
  const [post] = await requestAuthorisation(app.baseUrl, officer, 'training', 'AUTHORITY', [authority.id]);
  await decide(await apiSession('commission@example.eu', app.demoPassword), post!.id);
  return { ...officer, postRequestId: post!.id };
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppProcess(), launchBrowser()]);
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
  officers = [await newOfficer('officer-a'), await newOfficer('officer-b')];
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.$disconnect();
});

async function logIn(context: BrowserContext, email = 'cca-be@example.eu', password = app.demoPassword) {
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form button')]);
  await page.waitForSelector('[data-testid="dashboard"]');
  return page;
}

/** axe-core on the page as it is now: no critical or serious violation, and one h1. */
async function check(page: Page, name: string) {
  expect([name, seriousOrWorse(await axe(page))]).toEqual([name, []]);
  expect([name, await page.locator('h1').count()]).toEqual([name, 1]);
}

async function waitingRequest(label: string) {
  const [operator] = await newOperators(db, 'training', 'BE', 1);
  const applicant = await newApplicant(db, app.baseUrl, label);
  const [request] = await requestAuthorisation(app.baseUrl, applicant, 'training', 'OPERATOR', [operator!.id]);
  return { applicant, request: request!, operator: operator! };
}

const assigneeOf = async (requestId: string) =>
  (await db.authorisationRequest.findUniqueOrThrow({ where: { id: requestId } })).assigneeId;

test('an approver assigns a request to themself and to a colleague who may decide it, sees the views, and unassigns it; a colleague out of scope is refused by code', async () => {
  const { request, operator } = await waitingRequest('queue-applicant');
  const me = await db.account.findUniqueOrThrow({ where: { email: 'cca-be@example.eu' } });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await logIn(context);
  const show = `${app.baseUrl}${REQUESTS}/records/${request.id}/show`;
  const listed = async (query: string) => {
    await page.goto(`${app.baseUrl}${REQUESTS}/actions/list?filters.status=REQUESTED&${query}&perPage=500`);
    await page.waitForLoadState('networkidle');
    await page.locator('tbody tr, [data-css$="no-records"], h4').first().waitFor();
    return page.locator('tbody tr').evaluateAll(dataIds);
  };

  // Assign to me, from the request's row in the queue.
  expect(await listed('filters.queue=none')).toContain(request.id);
  await page.goto(
    `${app.baseUrl}${REQUESTS}/actions/list?filters.status=REQUESTED&filters.organisation=${operator.id}`,
  );
  const row = page.locator(`tbody tr[data-id="${request.id}"]`);
  await row.locator('[data-testid="row-action-assignToMe"]').click();
  await page.waitForURL(/\/assignToMe$/);
  await page.locator('[data-testid="queue-submit"]').waitFor();
  await check(page, 'assign to me');
  await page.click('[data-testid="queue-submit"]');
  await page.waitForURL(`${show}?done=assignToMe`);
  // The page shows the record as it now is once it has read it again.
  await page.locator('[data-testid="decision-outcome"]', { hasText: 'The request is now assigned to you' }).waitFor();
  expect(await assigneeOf(request.id)).toBe(me.id);
  // Assigned to me: "Assign to me" is gone from the page, Unassign is there.
  await page.locator('[data-testid="action-unassign"]').waitFor();
  expect(await page.locator('[data-testid="action-assignToMe"]').count()).toBe(0);

  // The views: in "assigned to me" with my name on the row, no longer in "unassigned". The queue links to them.
  await page.goto(`${app.baseUrl}${REQUESTS}/actions/list?filters.status=REQUESTED`);
  await page.locator('[data-testid="queue-view-me"]').click();
  await page.waitForURL(/filters\.queue=me/);
  expect(await page.locator('[data-testid="queue-view-me"]').getAttribute('aria-current')).toBe('page');
  expect(await listed('filters.queue=me')).toContain(request.id);
  await check(page, 'list assigned to me');
  expect(await row.locator('[data-property-name="assignedTo"]').textContent()).toBe(`${me.firstName} ${me.lastName}`);
  expect(await listed('filters.queue=none')).not.toContain(request.id);
  await check(page, 'list unassigned');
  await page.locator('[data-testid="filter-button"]').click();
  expect(await page.getByLabel('Queue', { exact: true }).locator('option[value="me"]').textContent()).toBe(
    'Assigned to me',
  );

  // Assign to a colleague: only colleagues who may decide it are offered (not the French authority).
  await page.goto(`${show.replace(/show$/, 'assign')}`);
  const select = page.locator('select#assignee');
  await select.waitFor();
  await check(page, 'assign to a colleague');
  const offered = await select.locator('option').allTextContents();
  expect(offered.some((o) => o.includes(officers[0]!.email))).toBe(true);
  expect(offered.some((o) => o.includes(officers[1]!.email))).toBe(true);
  expect(offered.some((o) => o.includes('cca-fr@example.eu') || o.includes('cca-be@example.eu'))).toBe(false);
  await select.selectOption(officers[0]!.id);
  await page.click('[data-testid="queue-submit"]');
  await page.waitForURL(`${show}?done=assign`);
  await page
    .locator('[data-testid="decision-outcome"]', { hasText: 'The request is now assigned to Test officer-a' })
    .waitFor();
  expect(await assigneeOf(request.id)).toBe(officers[0]!.id);

  // The second officer leaves the authority while the form is open: the assignment is refused, said by its code.
  await page.goto(`${show.replace(/show$/, 'assign')}`);
  await select.waitFor();
  await select.selectOption(officers[1]!.id);
  const left = await call(
    app.baseUrl,
    'DELETE',
    `/api/environments/training/roles/${officers[1]!.postRequestId}`,
    undefined,
    bearer(officers[1]!.token),
  );
  expect(left.body).toEqual({ status: 'DELETED' });
  await page.click('[data-testid="queue-submit"]');
  const refused = page.locator('[data-testid="queue-outcome"]');
  await refused.waitFor();
  expect(await refused.getAttribute('data-code')).toBe('ASSIGNEE_NOT_ENTITLED');
  expect(await refused.textContent()).toContain(
    'Refused (ASSIGNEE_NOT_ENTITLED): This colleague may not decide this request',
  );
  // The form offers the colleagues as they are now: the one who left is gone.
  await page.locator(`select#assignee option[value="${officers[1]!.id}"]`).waitFor({ state: 'detached' });
  expect(await page.locator(`select#assignee option[value="${officers[0]!.id}"]`).count()).toBe(1);
  await check(page, 'assign refused');
  await screenshot(page, 'admin-assign-refused');
  expect(await assigneeOf(request.id)).toBe(officers[0]!.id);

  // Unassign: back to nobody, and the timeline keeps each assignment.
  await page.goto(show);
  await page.locator('[data-testid="action-unassign"]').click();
  await page.waitForURL(/\/unassign$/);
  await page.locator('[data-testid="queue-submit"]').click();
  await page.waitForURL(`${show}?done=unassign`);
  expect(await assigneeOf(request.id)).toBeNull();
  const assigned = page.locator('[data-testid="timeline-event"][data-action="REQUEST_ASSIGNED"]');
  await assigned.nth(2).waitFor();
  expect(await assigned.locator('[data-testid="timeline-detail"]').allTextContents()).toEqual([
    `To ${me.firstName} ${me.lastName}`,
    'To Test officer-a',
    'To nobody',
  ]);
  await screenshot(page, 'admin-assignments');
  await context.close();
});

test('an approver asks the applicant a question; a second one waits for the answer; the timeline shows both texts', async () => {
  const { applicant, request } = await waitingRequest('asked-applicant');
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await logIn(context);
  const show = `${app.baseUrl}${REQUESTS}/records/${request.id}/show`;
  await page.goto(show);
  await page.locator('[data-testid="action-askQuestion"]').click();
  await page.waitForURL(/\/askQuestion$/);
  await page.getByLabel('Your question to the applicant').waitFor();
  await check(page, 'ask the applicant');
  await page.getByLabel('Your question to the applicant').fill('Which of your activities need this operator?');
  await page.click('[data-testid="queue-submit"]');
  await page.waitForURL(`${show}?done=askQuestion`);
  await page
    .locator('[data-testid="decision-outcome"]', { hasText: 'Your question has been sent to the applicant' })
    .waitFor();

  // A second question while the first waits: refused, by its code.
  await page.goto(`${show.replace(/show$/, 'askQuestion')}`);
  await page.getByLabel('Your question to the applicant').fill('And since when?');
  await page.click('[data-testid="queue-submit"]');
  const refused = page.locator('[data-testid="queue-outcome"]');
  await refused.waitFor();
  expect(await refused.getAttribute('data-code')).toBe('QUESTION_WAITING');

  // The applicant answers over the API (the portal's form posts the same); the timeline shows question and answer.
  const answered = await call(
    app.baseUrl,
    'POST',
    `/api/environments/training/authorisation-requests/${request.id}/answers`,
    { text: 'Timber imports, since 2019' },
    bearer(applicant.token),
  );
  expect(answered.status).toBe(201);
  await page.goto(show);
  const answer = page.locator('[data-testid="timeline-event"][data-action="QUESTION_ANSWERED"]');
  await answer.waitFor();
  expect(
    await page
      .locator('[data-testid="timeline-event"][data-action="QUESTION_ASKED"] [data-testid="timeline-detail"]')
      .textContent(),
  ).toBe('Question: Which of your activities need this operator?');
  expect(await answer.locator('[data-testid="timeline-detail"]').textContent()).toBe(
    'Answer: Timber imports, since 2019',
  );
  await check(page, 'show with question and answer');
  await screenshot(page, 'admin-question-answered');
  await context.close();
});

test("an organisation's administrator sees its members and grants and removes administrator rights; the last administrator cannot step down", async () => {
  const [organisation] = await newOperators(db, 'training', 'BE', 1);
  const alice = await newApplicant(db, app.baseUrl, 'alice');
  const bob = await newApplicant(db, app.baseUrl, 'bob');
  const [first] = await requestAuthorisation(app.baseUrl, alice, 'training', 'OPERATOR', [organisation!.id]);
  await decide(await apiSession('cca-be@example.eu', app.demoPassword), first!.id);
  const [second] = await requestAuthorisation(app.baseUrl, bob, 'training', 'OPERATOR', [organisation!.id]);
  // Alice, its first member, administers it: she decides Bob's request, and enters the back-office.
  await decide(bearer(alice.token), second!.id);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await logIn(context, alice.email, APPLICANT_PASSWORD);
  await page.locator('[data-testid="administered"] a').first().click();
  await page.waitForURL(`${app.baseUrl}/admin/resources/Organisation/records/${organisation!.id}/members`);
  const rowOf = (who: Applicant) => page.locator(`[data-testid="member"][data-account-id="${who.id}"]`);
  await rowOf(bob).waitFor();
  expect(await page.locator('[data-testid="member"]').count()).toBe(2);
  const administrator = (who: Applicant) =>
    rowOf(who).locator('[data-testid="member-administrator"]').getAttribute('data-value');
  expect([await administrator(alice), await administrator(bob)]).toEqual(['yes', 'no']);
  expect(await rowOf(bob).locator('[data-testid="member-status"]').textContent()).toBe('Valid');
  await check(page, 'members');

  // The only administrator cannot remove her own rights: refused, by its code.
  await rowOf(alice).getByRole('button', { name: `Remove administrator rights of Test alice` }).click();
  const outcome = page.locator('[data-testid="members-outcome"]');
  await outcome.waitFor();
  expect(await outcome.getAttribute('data-code')).toBe('LAST_ADMINISTRATOR');
  expect(await outcome.textContent()).toContain(
    'Refused (LAST_ADMINISTRATOR): The organisation would be left without an administrator',
  );
  await check(page, 'members refused');

  // She grants Bob the rights, then takes them back.
  await rowOf(bob).locator('[data-testid="grant-administrator"]').click();
  await page.locator('[data-testid="members-outcome"]', { hasText: 'Test bob is now an administrator' }).waitFor();
  expect(await administrator(bob)).toBe('yes');
  await screenshot(page, 'admin-members');
  await rowOf(bob).locator('[data-testid="remove-administrator"]').click();
  await page
    .locator('[data-testid="members-outcome"]', { hasText: 'Test bob is no longer an administrator' })
    .waitFor();
  expect(await administrator(bob)).toBe('no');
  const roles = await db.role.findMany({ where: { organisationId: organisation!.id }, orderBy: { createdAt: 'asc' } });
  expect(roles.map((r) => [r.accountId, r.isAdministrator])).toEqual([
    [alice.id, true],
    [bob.id, false],
  ]);
  const audited = await db.auditEvent.findMany({
    where: { entityType: 'Role', requestId: second!.id },
    orderBy: { id: 'asc' },
  });
  expect(audited.map((e) => [e.action, e.actorAccountId])).toEqual([
    ['ADMINISTRATOR_GRANTED', alice.id],
    ['ADMINISTRATOR_REMOVED', alice.id],
  ]);

  // The Belgian authority, reading French, reaches the same page from the organisation's page, and may not leave the
  // organisation without an administrator either: the refusal in French, by its code.
  const cca = await logIn(await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-BE' }));
  await cca.goto(`${app.baseUrl}/admin/resources/Organisation/records/${organisation!.id}/show`);
  await cca.locator('[data-testid="action-members"]').click();
  await cca.waitForURL(/\/members$/);
  await cca.locator('[data-testid="member"]').nth(1).waitFor();
  await cca
    .locator(`[data-testid="member"][data-account-id="${alice.id}"]`)
    .getByRole('button', { name: "Retirer les droits d'administrateur de Test alice" })
    .click();
  const french = cca.locator('[data-testid="members-outcome"]');
  await french.waitFor();
  expect(await french.textContent()).toContain(
    "Refusé (LAST_ADMINISTRATOR) : L'organisation resterait sans administrateur",
  );
  // The French authority is not shown the page of a Belgian operator.
  const stranger = await logIn(
    await browser.newContext({ viewport: { width: 1440, height: 900 } }),
    'cca-fr@example.eu',
  );
  await stranger.goto(`${app.baseUrl}/admin/resources/Organisation/records/${organisation!.id}/members`);
  await stranger.waitForLoadState('networkidle');
  expect(await stranger.locator('[data-testid="member"]').count()).toBe(0);
  // Nor its members or rights from inside the back-office (same origin, valid session): the record is not theirs.
  const crafted = await stranger.evaluate(async (url) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '00000000-0000-0000-0000-000000000000', grant: 'true' }),
    });
    return (await response.json()) as { notice?: { type: string }; outcome?: unknown; record?: unknown };
  }, `${app.baseUrl}/admin/api/resources/Organisation/records/${organisation!.id}/members`);
  expect(crafted.notice?.type).toBe('error');
  expect(crafted.outcome).toBeUndefined();
  expect(JSON.stringify(crafted)).not.toContain(alice.email);
  await context.close();
});
