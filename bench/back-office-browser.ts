// What an approver feels in the back-office, in Debian's Chromium (playwright-core): opening a request from the queue
// and approving it, each beside loading the back-office's login page (arriving at the back-office) in the same run.
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { round, since, summarise } from './stats';

export interface BrowserBenchDeps {
  baseUrl: string;
  demoPassword: string;
  /** `count` requests waiting in cca-be's queue, all of one applicant (so the bench can narrow the queue to them). */
  openRequests(count: number): Promise<{ applicantId: string; requestIds: string[] }>;
  say(line: string): void;
}

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

type Calls = Record<string, number[]>;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Milliseconds from `start` until `done` resolves, how many documents the browser loaded meanwhile, and how long each
 * of the page's calls to the server took (the profile: what the page waited for), added to `calls`.
 */
async function timed(page: Page, calls: Calls, start: () => Promise<unknown>, done: () => Promise<unknown>) {
  let documents = 0;
  const count = (request: Request) => {
    if (request.isNavigationRequest() && request.resourceType() === 'document') documents += 1;
  };
  const finished = (request: Request) => {
    if (!['fetch', 'xhr', 'document'].includes(request.resourceType())) return;
    const url = new URL(request.url());
    const name = `${request.method()} ${url.pathname.replace(UUID, ':id')}`;
    (calls[name] ??= []).push(request.timing().responseEnd);
  };
  page.on('request', count);
  page.on('requestfinished', finished);
  const started = performance.now();
  await start();
  await done();
  const ms = since(started);
  page.off('request', count);
  page.off('requestfinished', finished);
  return { ms, documents };
}

const medians = (calls: Calls) =>
  Object.fromEntries(Object.entries(calls).map(([name, ms]) => [name, { calls: ms.length, ...summarise(ms) }]));

/**
 * Per sample: the login page loaded afresh (a logged-out tab), then, logged in as cca-be, a click on the next request
 * of the queue until its page shows its timeline, and on that page a click on the form's Approve until the result is
 * shown. Approve's form is opened untimed in between (it asks for nothing more than the click).
 */
export async function backOfficeBrowser(deps: BrowserBenchDeps, samples: number) {
  const { baseUrl } = deps;
  const warmUp = 3;
  const { applicantId, requestIds } = await deps.openRequests(samples + warmUp);
  const browser = await launchBenchBrowser();
  try {
    const visitor = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const approver = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await approver.goto(`${baseUrl}/admin/login`);
    await approver.fill('input[name="email"]', 'cca-be@example.eu');
    await approver.fill('input[name="password"]', deps.demoPassword);
    await Promise.all([approver.waitForURL(`${baseUrl}/admin`), approver.click('form button')]);
    const queue =
      `${baseUrl}/admin/resources/AuthorisationRequest/actions/list?filters.status=REQUESTED` +
      `&filters.account=${applicantId}&sortBy=createdAt&direction=asc&perPage=10`;
    const loginMs: number[] = [];
    const openMs: number[] = [];
    const approveMs: number[] = [];
    const formMs: number[] = [];
    const calls: Record<'login' | 'open' | 'approve', Calls> = { login: {}, open: {}, approve: {} };
    let documentsOnOpen = 0;
    let documentsOnApprove = 0;
    for (const [i, id] of requestIds.entries()) {
      const login = await timed(
        visitor,
        i < warmUp ? {} : calls.login,
        () => visitor.goto(`${baseUrl}/admin/login`),
        () => visitor.locator('form button').waitFor(),
      );
      await approver.goto(queue);
      const row = approver.locator(`tr[data-id="${id}"]`);
      await row.waitFor();
      const open = await timed(
        approver,
        i < warmUp ? {} : calls.open,
        () => row.locator('[data-testid="row-action-show"]').click(),
        () => approver.locator('[data-testid="timeline-event"]').first().waitFor(),
      );
      const form = await timed(
        approver,
        {},
        () => approver.click('[data-testid="action-approve"]'),
        () => approver.locator('[data-testid="decision-submit"]').waitFor(),
      );
      const approve = await timed(
        approver,
        i < warmUp ? {} : calls.approve,
        () => approver.click('[data-testid="decision-submit"]'),
        () => approver.locator('[data-testid="decision-outcome"]').waitFor(),
      );
      if (i < warmUp) continue;
      loginMs.push(login.ms);
      openMs.push(open.ms);
      formMs.push(form.ms);
      approveMs.push(approve.ms);
      documentsOnOpen += open.documents;
      documentsOnApprove += approve.documents;
    }
    const login = summarise(loginMs);
    const open = summarise(openMs);
    const approve = summarise(approveMs);
    deps.say(
      `  login page ${login.p50}/${login.p95}, open ${open.p50}/${open.p95}, approve ${approve.p50}/${approve.p95}`,
    );
    return {
      fields: {
        backOfficeLoginPageP95Ms: login.p95,
        backOfficeOpenRequestP95Ms: open.p95,
        backOfficeOpenRequestRatio: round(open.p95 / login.p95, 2),
        backOfficeApproveP95Ms: approve.p95,
        backOfficeApproveRatio: round(approve.p95 / login.p95, 2),
      },
      details: {
        backOfficeBrowser: {
          samples: openMs.length,
          loginPageMs: login,
          openRequestMs: open,
          approveFormMs: summarise(formMs),
          approveMs: approve,
          // Documents the browser loaded: 0 when moving inside the back-office is client-side.
          documentsLoaded: { openRequest: documentsOnOpen, approve: documentsOnApprove },
          // Each call the page made to the server meanwhile, ms from its start to the end of its answer.
          serverCalls: {
            loginPage: medians(calls.login),
            openRequest: medians(calls.open),
            approve: medians(calls.approve),
          },
        },
      },
      text:
        `Back-office in Chromium (${openMs.length} samples, ms p50/p95): login page ${login.p50}/${login.p95}, ` +
        `open a request from the queue ${open.p50}/${open.p95}, Approve ${approve.p50}/${approve.p95} ` +
        `(documents loaded: ${documentsOnOpen} opening, ${documentsOnApprove} approving).`,
    };
  } finally {
    await browser.close();
  }
}
