// The back-office as an approver with a keyboard, a screen reader or another language meets it (Debian's Chromium
// through playwright-core, the real app as a child process): axe-core on every page, a keyboard-only decision round,
// labels in French, the search box and accent-free filters, the whole new operator, the page after a decision.
import crypto from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import {
  newApplicant,
  newOperators,
  requestAuthorisation,
  type Applicant,
  type RequestView,
} from '../support/approval-fixtures';
import { axe, seriousOrWorse, type Violation } from '../support/axe';
import { launchBrowser, screenshot } from '../support/browser';
import { bearer, call } from '../support/http';
import { eventually } from '../support/mail';
import { comparableName } from '../../domain/operator-rules';

let app: AppProcess;
let db: Db;
let browser: Browser;
/** Two requests, the oldest of the Belgian queue, for the keyboard round. */
let queue: RequestView[];
let muller: Applicant;
let mullerRequests: RequestView[];
let creation: { requestId: string; operatorId: string; duplicateId: string; name: string };

const REQUESTS = '/admin/resources/AuthorisationRequest';

// What the page functions below use of the browser's globals (the project's types carry no DOM library).
declare const document: { activeElement: { matches(selector: string): boolean } | null };
declare function getComputedStyle(element: unknown): { whiteSpace: string };
type Tagged = { tagName: string; getAttribute(name: string): string | null };
const dataIds = (rows: unknown[]) => rows.map((r) => (r as Tagged).getAttribute('data-id'));

/** An applicant whose name carries accents, so that the folded search has something to fold. */
async function namedApplicant(label: string, firstName: string, lastName: string): Promise<Applicant> {
  const applicant = await newApplicant(db, app.baseUrl, label);
  await db.account.update({ where: { id: applicant.id }, data: { firstName, lastName } });
  return applicant;
}

/** A new Belgian operator with every field, and an existing one of a similar name in the same city. */
async function newOperatorWithDuplicate() {
  const tag = crypto.randomUUID().slice(0, 6);
  const [existing] = await newOperators(db, 'training', 'BE', 1);
  const duplicate = await db.organisation.update({
    where: { id: existing!.id },
    data: {
      name: `Houthandel Peeters ${tag}`,
      city: 'Antwerpen',
      searchText: `houthandel peeters ${tag} antwerpen`,
      comparableName: comparableName(`Houthandel Peeters ${tag}`),
    },
  });
  const creator = await namedApplicant('creator', 'Jef', 'Peeters');
  const name = `Houthandel Peeters ${tag} BV`;
  const created = await call(
    app.baseUrl,
    'POST',
    '/api/environments/training/operators',
    {
      name,
      country: 'BE',
      street: 'Kaai 1',
      postcode: '2000',
      city: 'Antwerpen',
      activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
      phone: '+32 3 123 45 67',
      fax: '+32 3 123 45 68',
      email: `info-${tag}@houthandel.example.be`,
      website: `https://houthandel-${tag}.example.be`,
      eori: 'BE0123456789',
      confirmNotDuplicate: true,
    },
    bearer(creator.token),
  );
  if (created.status !== 202) throw new Error(`operator creation: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    requestId: created.body.operator.creationRequestId as string,
    operatorId: created.body.operator.id as string,
    duplicateId: duplicate.id,
    name,
  };
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppProcess(), launchBrowser()]);
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
  // The keyboard round's two requests first, one after the other: they are the oldest of the Belgian queue.
  const operators = await newOperators(db, 'training', 'BE', 2);
  const first = await newApplicant(db, app.baseUrl, 'keyboard-first');
  const second = await newApplicant(db, app.baseUrl, 'keyboard-second');
  queue = [
    ...(await requestAuthorisation(app.baseUrl, first, 'training', 'OPERATOR', [operators[0]!.id])),
    ...(await requestAuthorisation(app.baseUrl, second, 'training', 'OPERATOR', [operators[1]!.id])),
  ];
  muller = await namedApplicant('muller', 'Élodie', 'Müller');
  const others = await newOperators(db, 'training', 'BE', 2);
  mullerRequests = await requestAuthorisation(
    app.baseUrl,
    muller,
    'training',
    'OPERATOR',
    others.map((o) => o.id),
  );
  creation = await newOperatorWithDuplicate();
  await eventually(
    () => db.authorisationRequest.count({ where: { status: 'REQUESTED' } }),
    (n) => n >= 6,
  );
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.$disconnect();
});

async function logIn(context: BrowserContext, email = 'cca-be@example.eu'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', app.demoPassword);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form button')]);
  await page.waitForSelector('[data-testid="dashboard"]');
  return page;
}

/** Presses Tab until the focused element matches the selector (at most `limit` times), as a keyboard user would. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('axe-core finds no critical or serious violation on the login, dashboard, every list, show, approve, reject and bulk page', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const found: Record<string, Violation[]> = {};
  await page.goto(`${app.baseUrl}/admin/login`);
  found.login = await axe(page);
  // The login page names the product and labels its fields, with the autocomplete tokens of a sign-in form.
  expect(await page.locator('h1').textContent()).toContain('TRACES onboarding back-office');
  expect(await page.content()).not.toContain('Welcome to AdminJS');
  expect(await page.getByLabel('E-mail').getAttribute('autocomplete')).toBe('username');
  expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');
  await context.close();

  const signedIn = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const admin = await logIn(signedIn);
  found.dashboard = await axe(admin);
  const pages: Array<[string, string, string]> = [
    ['list AuthorisationRequest', `${REQUESTS}/actions/list`, 'tbody tr'],
    ['list Role', '/admin/resources/Role/actions/list', 'main'],
    ['list Organisation', '/admin/resources/Organisation/actions/list', 'tbody tr'],
    ['list OperatorDraft', '/admin/resources/OperatorDraft/actions/list', 'main'],
    ['list Account', '/admin/resources/Account/actions/list', 'tbody tr'],
    ['list AuditEvent', '/admin/resources/AuditEvent/actions/list', 'tbody tr'],
    ['show', `${REQUESTS}/records/${mullerRequests[0]!.id}/show`, '[data-testid="timeline"]'],
    ['show new operator', `${REQUESTS}/records/${creation.requestId}/show`, '[data-testid="operator-view"]'],
    ['approve', `${REQUESTS}/records/${mullerRequests[0]!.id}/approve`, '[data-testid="decision-form"]'],
    ['reject', `${REQUESTS}/records/${mullerRequests[0]!.id}/reject`, '[data-testid="decision-form"]'],
    [
      'bulk',
      `${REQUESTS}/bulk/bulkApprove?recordIds=${mullerRequests.map((r) => r.id).join(',')}`,
      '[data-testid="bulk-submit"]',
    ],
  ];
  for (const [name, url, ready] of pages) {
    await admin.goto(`${app.baseUrl}${url}`);
    await admin.locator(ready).first().waitFor();
    found[name] = await axe(admin);
    // A list's filters too, open.
    if (name.startsWith('list') && (await admin.locator('[data-testid="filter-button"]').count())) {
      await admin.locator('[data-testid="filter-button"]').click();
      await admin.locator('form [data-testid="filter-apply"]').waitFor();
      found[`${name} filters`] = await axe(admin);
    }
    // One h1 per page, inside the one main landmark or naming the page.
    expect([name, await admin.locator('h1').count()]).toEqual([name, 1]);
    expect([name, await admin.locator('main').count()]).toEqual([name, 1]);
  }
  await screenshot(admin, 'admin-a11y-last-page');
  const problems = Object.fromEntries(
    Object.entries(found)
      .map(([name, violations]) => [name, seriousOrWorse(violations)] as const)
      .filter(([, violations]) => violations.length),
  );
  expect(problems).toEqual({});
  await signedIn.close();
});

test('keyboard only: log in, open the oldest request from the list, approve it, open the next and reject it with a reason', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/admin/login`);
  await tabTo(page, 'input[name="email"]');
  await page.keyboard.type('cca-be@example.eu');
  await tabTo(page, 'input[name="password"]');
  await page.keyboard.type(app.demoPassword);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.keyboard.press('Enter')]);
  await page.waitForSelector('[data-testid="dashboard"]');

  // The sidebar's Requests opens the queue, oldest first; its first row's Show link opens the oldest request.
  await tabTo(page, '[data-testid="sidebar-AuthorisationRequest"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/filters\.status=REQUESTED/);
  await page.locator('tbody tr').first().waitFor();
  expect(await page.locator('tbody tr').first().getAttribute('data-id')).toBe(queue[0]!.id);
  await tabTo(page, 'tbody tr:first-child [data-testid="row-action-show"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${app.baseUrl}${REQUESTS}/records/${queue[0]!.id}/show`);

  // Approve: the form, then the request's page with the result, no Approve or Reject left, and the next request.
  await page.locator('[data-testid="action-approve"]').waitFor();
  await tabTo(page, '[data-testid="action-approve"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/approve$/);
  await tabTo(page, '[data-testid="decision-submit"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/show\?done=approve$/);
  const outcome = page.locator('[data-testid="decision-outcome"]');
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain('Approved: the status is now Valid');
  await page.locator('[data-testid="action-list"]').waitFor();
  expect(await page.locator('[data-testid="action-approve"], [data-testid="action-reject"]').count()).toBe(0);
  expect(await page.locator('[data-testid="next-request"]').getAttribute('href')).toBe(
    `${REQUESTS}/records/${queue[1]!.id}/show`,
  );
  await screenshot(page, 'admin-after-decision');
  expect((await db.authorisationRequest.findUniqueOrThrow({ where: { id: queue[0]!.id } })).status).toBe('VALID');

  // The next request: Reject, with a reason typed in the form.
  await tabTo(page, '[data-testid="next-request"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${app.baseUrl}${REQUESTS}/records/${queue[1]!.id}/show`);
  await page.locator('[data-testid="action-reject"]').waitFor();
  await tabTo(page, '[data-testid="action-reject"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/reject$/);
  await tabTo(page, 'textarea#reason');
  await page.keyboard.type('The applicant does not work for this operator');
  await tabTo(page, '[data-testid="decision-submit"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/show\?done=reject$/);
  await page.locator('[data-testid="decision-outcome"]').waitFor();
  expect(await page.locator('[data-testid="decision-outcome"]').textContent()).toContain('Rejected');
  const rejected = await db.authorisationRequest.findUniqueOrThrow({ where: { id: queue[1]!.id } });
  expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'The applicant does not work for this operator' });
  await context.close();
});

test('an approver reading French sees statuses, environments, types and kinds as French labels, on one line', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
  const page = await logIn(context);
  await page.goto(`${app.baseUrl}${REQUESTS}/actions/list?filters.account=${muller.id}`);
  const row = page.locator(`tbody tr[data-id="${mullerRequests[0]!.id}"]`);
  await row.waitFor();
  const cell = (name: string) => row.locator(`[data-testid="enum-${name}"]`);
  expect(await cell('status').textContent()).toBe('En attente de décision');
  expect(await cell('status').getAttribute('data-value')).toBe('REQUESTED');
  expect(await cell('environment').textContent()).toBe('Formation');
  expect(await cell('type').textContent()).toBe('Rattachement à une organisation');
  expect(await cell('kind').textContent()).toBe('Opérateur');
  expect(await cell('type').evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('nowrap');
  expect(await page.locator('[data-testid="filter-button"]').textContent()).toContain('Filtrer');
  // Dates in one format, in the approver's time zone (the demo approvers' is Europe/Brussels).
  expect(await row.locator('[data-testid="date-createdAt"]').textContent()).toMatch(/2\d{3}.* \d{2}:\d{2} CET$/);
  // The enum filter is a select of the same labels.
  await page.locator('[data-testid="filter-button"]').click();
  const status = page.getByLabel('Statut', { exact: true });
  expect(await status.evaluate((e) => (e as unknown as Tagged).tagName)).toBe('SELECT');
  expect(await status.locator('option[value="REQUESTED"]').textContent()).toBe('En attente de décision');
  await screenshot(page, 'admin-list-fr');
  await status.selectOption('REJECTED');
  await page.locator('[data-testid="filter-apply"]').click();
  await page.waitForURL(/filters\.status=REJECTED/);
  await context.close();
});

test('one search box finds requests by applicant name, e-mail, organisation name or code, whatever the case and accents', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await logIn(context);
  const idsFor = async (query: string) => {
    await page.goto(`${app.baseUrl}${REQUESTS}/actions/list?${query}`);
    await page.waitForLoadState('networkidle');
    await page.locator('tbody tr, [data-css$="no-records"], h4').first().waitFor();
    return page.locator('tbody tr').evaluateAll(dataIds);
  };
  const mine = mullerRequests.map((r) => r.id).sort();
  expect((await idsFor('filters.q=ELODIE%20MULLER')).sort()).toEqual(mine);
  expect((await idsFor(`filters.q=${encodeURIComponent(muller.email.toUpperCase())}`)).sort()).toEqual(mine);
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: mullerRequests[0]!.organisationId } });
  expect(await idsFor(`filters.q=${encodeURIComponent(organisation.name.toLowerCase())}`)).toEqual([
    mullerRequests[0]!.id,
  ]);
  await db.organisation.update({
    where: { id: organisation.id },
    data: { code: `BE-Ü-${organisation.id.slice(0, 4)}` },
  });
  expect(await idsFor(`filters.q=be-u-${organisation.id.slice(0, 4)}`)).toEqual([mullerRequests[0]!.id]);
  expect(await idsFor('filters.q=nobody%20at%20all')).toEqual([]);
  // The same through the list's filters: the search box and a status select, applied together.
  await page.goto(`${app.baseUrl}${REQUESTS}/actions/list`);
  await page.locator('[data-testid="filter-button"]').click();
  await page.getByLabel('Search (name, e-mail, organisation, code)').fill('élodie');
  await page.getByLabel('Status', { exact: true }).selectOption('REQUESTED');
  await page.locator('[data-testid="filter-apply"]').click();
  await page.waitForURL(
    /filters\.q=%C3%A9lodie.*filters\.status=REQUESTED|filters\.status=REQUESTED.*filters\.q=%C3%A9lodie/,
  );
  // The URL changes first; the filtered rows replace the unfiltered ones a moment later.
  await page.waitForFunction(
    (n) =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('tbody tr').length === n,
    mine.length,
  );
  expect((await page.locator('tbody tr').evaluateAll(dataIds)).sort()).toEqual(mine);

  // The applicant's full name is on each row; text filters of the other lists fold case and accents too.
  await idsFor(`filters.account=${muller.id}`);
  expect(await page.locator('tbody tr').first().locator('[data-property-name="applicant"]').textContent()).toBe(
    'Élodie Müller',
  );
  await page.goto(`${app.baseUrl}/admin/resources/Account/actions/list?filters.lastName=MULLER`);
  await page.locator('tbody tr').first().waitFor();
  expect(await page.locator('tbody tr').evaluateAll(dataIds)).toEqual([muller.id]);
  await context.close();
});

test("a new operator's request shows the whole operator and its likely duplicates, with links", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await logIn(context);
  await page.goto(`${app.baseUrl}${REQUESTS}/records/${creation.requestId}/show`);
  const view = page.locator('[data-testid="operator-view"]');
  await view.waitFor();
  const text = (id: string) => view.locator(`[data-testid="${id}"]`).textContent();
  expect(await text('operator-name')).toBe(creation.name);
  expect(await text('operator-address')).toBe('Kaai 1, 2000 Antwerpen, Belgium');
  expect(await text('operator-eori')).toBe('BE0123456789');
  expect(await text('operator-phone')).toBe('+32 3 123 45 67');
  expect(await text('operator-fax')).toBe('+32 3 123 45 68');
  expect(await text('operator-email')).toMatch(/^info-.+@houthandel\.example\.be$/);
  expect(await text('operator-website')).toMatch(/^https:\/\/houthandel-/);
  expect(await text('operator-activities')).toContain('FLEGT');
  const duplicate = view.locator('[data-testid="operator-duplicates"] a');
  expect(await duplicate.count()).toBe(1);
  expect(await duplicate.getAttribute('href')).toBe(
    `/admin/resources/Organisation/records/${creation.duplicateId}/show`,
  );
  await screenshot(page, 'admin-new-operator');
  await duplicate.click();
  await page.waitForURL(`${app.baseUrl}/admin/resources/Organisation/records/${creation.duplicateId}/show`);
  expect(await page.locator('h1').textContent()).toContain('Houthandel Peeters');
  await context.close();
});

test('a refusal is shown by its code in the approver’s language: the request was decided meanwhile elsewhere', async () => {
  const [operator] = await newOperators(db, 'training', 'BE', 1);
  const applicant = await newApplicant(db, app.baseUrl, 'meanwhile');
  const [request] = await requestAuthorisation(app.baseUrl, applicant, 'training', 'OPERATOR', [operator!.id]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-BE' });
  const page = await logIn(context);
  await page.goto(`${app.baseUrl}${REQUESTS}/records/${request!.id}/approve`);
  await page.locator('[data-testid="decision-submit"]').waitFor();
  // The same approver decides it over the API while the form is open.
  const session = await call(app.baseUrl, 'POST', '/api/sessions', {
    email: 'cca-be@example.eu',
    password: app.demoPassword,
  });
  const decided = await call(
    app.baseUrl,
    'POST',
    `/api/approvals/${request!.id}/decision`,
    { decision: 'APPROVE' },
    bearer(session.body.token),
  );
  expect(decided.body).toEqual({ status: 'VALID' });
  await page.locator('[data-testid="decision-submit"]').click();
  const outcome = page.locator('[data-testid="decision-outcome"]');
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain('Refusé (ALREADY_DECIDED) : Cette demande a déjà été décidée');
  await context.close();
});
