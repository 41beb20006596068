// The back-office in a real browser (Debian's Chromium through playwright-core), against the real app as a child
// process: the Belgian CCA approves a Belgian request through the AdminJS pages; the French CCA cannot see or touch it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { defaultPayloadConverter } from '@temporalio/common';
import { SearchAttr } from '../../domain/contracts';
import { createDb, type Db } from '../../lib/db';
import { connectTemporalClient, createPayloadCodec } from '../../lib/temporal-connection';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { newApplicant, newOperators, requestAuthorisation } from '../support/approval-fixtures';
import { launchBrowser, screenshot } from '../support/browser';
import { eventually } from '../support/mail';

let app: AppProcess;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  // Requests expire after 5 days here, so that the dashboard has requests close to expiry to show.
  [app, browser] = await Promise.all([startAppProcess({ env: { APPROVAL_EXPIRES_AFTER: '5d' } }), launchBrowser()]);
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.$disconnect();
});

async function sessionId(context: BrowserContext): Promise<string | undefined> {
  const cookie = (await context.cookies()).find((c) => c.name === 'traces_admin');
  return cookie ? decodeURIComponent(cookie.value).slice(2).split('.')[0] : undefined;
}

async function logIn(page: Page, email: string) {
  await page.goto(`${app.baseUrl}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', app.demoPassword);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form button')]);
}

/** What the workflow's history says the decision returned, and the status it published for operations. */
async function decisionInHistory(workflowId: string) {
  const client = await connectTemporalClient({
    address: process.env.TEMPORAL_ADDRESS!,
    namespace: 'default',
    codec: createPayloadCodec({ dataDir: app.dataDir }),
  });
  try {
    const handle = client.workflow.getHandle(workflowId);
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'decide',
    );
    const completed = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    const outcomes = [];
    for (const e of completed) {
      const payload = e.workflowExecutionUpdateCompletedEventAttributes!.outcome?.success?.payloads?.[0];
      if (!payload) continue;
      const [decoded] = await createPayloadCodec({ dataDir: app.dataDir }).decode([payload]);
      outcomes.push(defaultPayloadConverter.fromPayload(decoded!));
    }
    const description = await handle.describe();
    return {
      decisions: accepted.length,
      outcomes,
      searchStatus: description.typedSearchAttributes.get(SearchAttr.requestStatus),
    };
  } finally {
    await client.connection.close();
  }
}

test('the Belgian CCA approves a Belgian request in the back-office; the French CCA can neither see nor decide it', async () => {
  const [operator] = await newOperators(db, 'training', 'BE', 1);
  const applicant = await newApplicant(db, app.baseUrl, 'browser-applicant');
  const [request] = await requestAuthorisation(app.baseUrl, applicant, 'training', 'OPERATOR', [operator!.id]);
  const requestUrl = (action: string) =>
    `${app.baseUrl}/admin/resources/AuthorisationRequest/records/${request!.id}/${action}`;

  // The French CCA: the queue does not list it, its page has no record, and a request crafted to the action's URL
  // from inside the back-office (same origin, valid session) is refused.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, 'cca-fr@example.eu');
  const frenchSession = await sessionId(context);
  expect(frenchSession).toBeDefined();
  await page.click('a[href*="/admin/resources/AuthorisationRequest"]');
  await page.waitForURL(/filters\.status=REQUESTED/);
  await page.waitForSelector('table, [data-css="AuthorisationRequest-list-no-records"], h3, h4');
  expect(await page.content()).not.toContain(operator!.name);
  await page.goto(requestUrl('show'));
  await page.waitForLoadState('networkidle');
  expect(await page.locator('[data-testid="timeline"]').count()).toBe(0);
  expect(await page.content()).not.toContain(operator!.name);
  const crafted = await page.evaluate(async (url) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '' }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { notice: { type: string }; outcome?: unknown },
    };
  }, `${app.baseUrl}/admin/api/resources/AuthorisationRequest/records/${request!.id}/approve`);
  expect(crafted.body.notice.type).toBe('error');
  expect(crafted.body.outcome).toBeUndefined();
  expect((await db.authorisationRequest.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe('REQUESTED');

  // The Belgian CCA logs in over the French session: the session id changes at login.
  await logIn(page, 'cca-be@example.eu');
  const belgianSession = await sessionId(context);
  expect(belgianSession).toBeDefined();
  expect(belgianSession).not.toBe(frenchSession);
  expect(await db.adminSession.findUnique({ where: { sid: frenchSession! } })).toBeNull();

  // The dashboard of the Belgian scope.
  await page.waitForSelector('[data-testid="dashboard"]');
  await page.waitForSelector('[data-testid="count-REQUESTED"]');
  expect(
    Number(await page.locator('[data-testid="count-REQUESTED"] >> text=/^\\d+$/').first().textContent()),
  ).toBeGreaterThan(0);
  await page.waitForSelector('[data-testid="close-to-expiry"] table');
  await screenshot(page, 'admin-dashboard');

  // The queue lists the request; its page shows the timeline and the link to Temporal UI; Approve decides it.
  await page.click('a[href*="/admin/resources/AuthorisationRequest"]');
  await page.waitForURL(/filters\.status=REQUESTED/);
  // Other test files leave older Belgian requests waiting; narrow the queue to this operator, as an approver would.
  await page.goto(`${page.url()}&filters.organisation=${request!.organisationId}`);
  const row = page.locator('tr', { hasText: operator!.name });
  await row.waitFor();
  await screenshot(page, 'admin-queue');
  // Each row shows how long the request has been waiting; a click on the row (not on its links) opens it.
  await row.getByText(/^\d+ (s|min)$/).click();
  await page.waitForURL(requestUrl('show'));
  await page.waitForSelector('[data-testid="timeline-event"]');
  expect(await page.locator('[data-testid="workflow-link"]').getAttribute('href')).toContain(
    encodeURIComponent(request!.workflowId),
  );
  await page.click('[data-testid="action-approve"]');
  await page.waitForURL(requestUrl('approve'));
  await page.click('[data-testid="decision-submit"]');
  // The request's page again, with the result.
  await page.waitForURL(`${requestUrl('show')}?done=approve`);
  const outcome = page.locator('[data-testid="decision-outcome"]');
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain('the status is now Valid');
  await screenshot(page, 'admin-approved');

  // VALID in the database and in the workflow's history.
  const role = await eventually(
    () => db.role.findUnique({ where: { requestId: request!.id } }),
    (r) => r?.status === 'VALID',
  );
  expect(role).toMatchObject({ accountId: applicant.id, organisationId: operator!.id, status: 'VALID' });
  const history = await eventually(
    () => decisionInHistory(request!.workflowId),
    (h) => h.searchStatus === 'VALID',
  );
  expect(history.decisions).toBe(1);
  expect(history.outcomes).toContainEqual({ status: 'VALID' });

  // The request's page now shows the decision in its timeline.
  await page.goto(requestUrl('show'));
  await page.locator('[data-testid="timeline-event"]', { hasText: 'VALID' }).first().waitFor();
  await page.locator('[data-testid="timeline"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-request-timeline');
  await context.close();
});

test('a bulk approval of 20 requests from the queue page gives 20 VALID roles', async () => {
  const operators = await newOperators(db, 'training', 'BE', 20);
  const applicant = await newApplicant(db, app.baseUrl, 'browser-bulk');
  const requests = await requestAuthorisation(
    app.baseUrl,
    applicant,
    'training',
    'OPERATOR',
    operators.map((o) => o.id),
  );
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, 'cca-be@example.eu');

  // The queue, narrowed to this person's requests, all on one page; select them all and approve them in one go.
  await page.goto(
    `${app.baseUrl}/admin/resources/AuthorisationRequest/actions/list?filters.status=REQUESTED&filters.account=${applicant.id}&perPage=20`,
  );
  await page.locator('tbody tr').nth(19).waitFor();
  expect(await page.locator('tbody tr').count()).toBe(20);
  await page.locator('thead input[type="checkbox"]').check({ force: true });
  await page.click('[data-testid="action-bulkApprove"]');
  await page.waitForURL(/\/bulk\/bulkApprove\?recordIds=/);
  await page.locator('[data-testid="bulk-submit"]').waitFor();
  expect(await page.locator('[data-testid="bulk-row"]').count()).toBe(20);
  await page.click('[data-testid="bulk-submit"]');
  const outcome = page.locator('[data-testid="bulk-outcome"]');
  await outcome.waitFor({ timeout: 60_000 });
  expect(await outcome.textContent()).toContain('20 of 20 done');
  await outcome.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-bulk-approved');

  const roles = await eventually(
    () => db.role.findMany({ where: { requestId: { in: requests.map((r) => r.id) }, status: 'VALID' } }),
    (r) => r.length === 20,
  );
  expect(new Set(roles.map((r) => r.organisationId))).toEqual(new Set(operators.map((o) => o.id)));
  await context.close();
});
