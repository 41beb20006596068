// Moving inside the back-office never reloads it (admin/components/top-bar.jsx): the dashboard's links, the row's
// Show link are real links that a plain click follows inside the page, while a click with a
// modifier is left to the browser (a new tab) and Log out still reaches the server.
import type { Browser, Page } from 'playwright-core';
import { createDb, type Db } from '../../lib/db';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { newApplicant, newOperators, requestAuthorisation } from '../support/approval-fixtures';
import { launchBrowser } from '../support/browser';

let app: AppProcess;
let db: Db;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startAppProcess(), launchBrowser()]);
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.$disconnect();
});

/** A mark on the page's window: it survives client-side navigation and is gone after a reload. */
const mark = (page: Page) => page.evaluate(() => ((globalThis as unknown as { mark: number }).mark = 42));
const marked = (page: Page) => page.evaluate(() => (globalThis as unknown as { mark?: number }).mark === 42);

test('dashboard, queue and request links move inside the page; modified clicks and Log out are the browser’s', async () => {
  const [operator] = await newOperators(db, 'training', 'BE', 1);
  const applicant = await newApplicant(db, app.baseUrl, 'navigation-applicant');
  const [request] = await requestAuthorisation(app.baseUrl, applicant, 'training', 'OPERATOR', [operator!.id]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/admin/login`);
  await page.fill('input[name="email"]', 'cca-be@example.eu');
  await page.fill('input[name="password"]', app.demoPassword);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form button')]);
  await page.waitForSelector('[data-testid="oldest-waiting"] a');
  await mark(page);

  // The dashboard's link to the oldest waiting request: a real href, followed without a reload.
  const oldest = page.locator('[data-testid="oldest-waiting"] a').first();
  expect(await oldest.getAttribute('href')).toMatch(/^\/admin\/resources\/AuthorisationRequest\/records\/.+\/show$/);
  await oldest.click();
  await page.waitForURL(/\/records\/.+\/show$/);
  await page.locator('[data-testid="timeline-event"]').first().waitFor();
  expect(await marked(page)).toBe(true);

  // The queue narrowed to this request (the sidebar's link, then the row's Show link), still the same page.
  await page.click('[data-testid="sidebar-AuthorisationRequest"]');
  await page.waitForURL(/filters\.status=REQUESTED/);
  expect(await marked(page)).toBe(true);
  await page.goto(
    `${app.baseUrl}/admin/resources/AuthorisationRequest/actions/list?filters.status=REQUESTED&filters.account=${applicant.id}`,
  );
  await mark(page);
  const show = page.locator(`tr[data-id="${request!.id}"] [data-testid="row-action-show"]`);
  expect(await show.getAttribute('href')).toBe(`/admin/resources/AuthorisationRequest/records/${request!.id}/show`);
  await show.click();
  await page.waitForURL(/\/show$/);
  await page.locator('[data-testid="timeline-event"]').first().waitFor();
  expect(await marked(page)).toBe(true);

  // Back in the queue, a click with Ctrl on Show opens the request in a new tab, as the browser does with any link.
  await page.goBack();
  await page.waitForURL(/filters\.account=/);
  const [tab] = await Promise.all([context.waitForEvent('page'), show.click({ modifiers: ['Control'] })]);
  await tab.waitForURL(`${app.baseUrl}/admin/resources/AuthorisationRequest/records/${request!.id}/show`);
  expect(page.url()).toContain('filters.account=');
  await tab.close();

  // Log out is the server's: the session ends and the login page is loaded.
  await Promise.all([page.waitForURL(/\/admin\/login/), page.click('[data-testid="logout"]')]);
  expect(await marked(page)).toBe(false);
  await context.close();
});
