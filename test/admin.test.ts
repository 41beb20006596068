// The back-office over HTTP, as a browser (or an attacker) would use it: the real app (scripts/start.ts) runs as a
// child process with its worker on the test run's Temporal and PostgreSQL. Requests are made through the HTTP API and
// decided through AdminJS actions, that is through the workflows.
import { loadApproverScope, requestScopeWhere } from '../admin/approver-scope';
import { refusalText } from '../admin/decision-actions';
import { createDb, type Db } from '../lib/db';
import { AdminHttp } from './support/admin-http';
import { startAppProcess, type AppProcess } from './support/app-process';
import {
  APPLICANT_PASSWORD,
  newApplicant,
  newOperators,
  organisationByCode,
  requestAuthorisation,
  type Applicant,
} from './support/approval-fixtures';
import { bearer, call } from './support/http';
import { eventually } from './support/mail';

let app: AppProcess;
let db: Db;
const approver: Record<'be' | 'fr' | 'commission', AdminHttp> = {} as never;
const EMAIL = { be: 'cca-be@example.eu', fr: 'cca-fr@example.eu', commission: 'commission@example.eu' } as const;
const REQUESTS = '/resources/AuthorisationRequest';

beforeAll(async () => {
  app = await startAppProcess();
  db = createDb(process.env.DATABASE_URL!, { poolSize: 4 });
  for (const who of ['be', 'fr', 'commission'] as const) {
    approver[who] = new AdminHttp(app.baseUrl);
    if (!(await approver[who].login(EMAIL[who], app.demoPassword))) throw new Error(`${who} could not log in`);
  }
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.$disconnect();
});

const statusOf = async (id: string) => (await db.authorisationRequest.findUniqueOrThrow({ where: { id } })).status;
const roleOf = (requestId: string) =>
  eventually(
    () => db.role.findUnique({ where: { requestId } }),
    (r) => r !== null,
  );
const listIds = async (admin: AdminHttp, query = 'filters.status=REQUESTED&perPage=500', resource = REQUESTS) => {
  const list = await admin.api('GET', `${resource}/actions/list?${query}`);
  expect(list.status).toBe(200);
  return (list.body.records as Array<{ id: string }>).map((r) => r.id);
};
const act = (admin: AdminHttp, resource: string, id: string, action: string, payload: Record<string, unknown> = {}) =>
  admin.api('POST', `/resources/${resource}/records/${id}/${action}`, payload);

/** A Belgian operator of its own, a person asking to join it, and the request (REQUESTED, its workflow running). */
async function belgianRequest(environment = 'training') {
  const [operator] = await newOperators(db, environment, 'BE', 1);
  const applicant = await newApplicant(db, app.baseUrl, 'be-applicant');
  const [request] = await requestAuthorisation(app.baseUrl, applicant, environment, 'OPERATOR', [operator!.id]);
  return { operator: operator!, applicant, request: request! };
}

/** An applicant approved into a new operator by the Belgian CCA, and so its administrator. */
async function organisationAdministrator(label: string) {
  const { operator, applicant, request } = await belgianRequest();
  const approved = await act(approver.be, 'AuthorisationRequest', request.id, 'approve');
  expect(approved.body.outcome).toEqual({ id: request.id, ok: true, status: 'VALID' });
  const role = await roleOf(request.id);
  expect(role!.isAdministrator).toBe(true);
  return { operator, applicant, role: role!, label };
}

describe('login and session', () => {
  test('a demo approver logs in and lists a resource', async () => {
    const admin = new AdminHttp(app.baseUrl);
    expect(await admin.login(EMAIL.fr, app.demoPassword)).toBe(true);
    const list = await admin.api('GET', '/resources/Organisation/actions/list');
    expect(list.status).toBe(200);
    expect(list.body.records.length).toBeGreaterThan(0);
    expect(list.body.records.every((r: { params: { country: string } }) => r.params.country === 'FR')).toBe(true);
  });

  test('an applicant without approver rights cannot log in, with the right password', async () => {
    const applicant = await newApplicant(db, app.baseUrl, 'no-rights');
    const admin = new AdminHttp(app.baseUrl);
    expect(await admin.login(applicant.email, APPLICANT_PASSWORD)).toBe(false);
    const page = await admin.request('GET', '/admin');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login');
    expect((await admin.api('GET', `${REQUESTS}/actions/list`)).status).toBe(302);
  });

  test('the session id changes at login; the cookie is HttpOnly and SameSite; logout destroys the session', async () => {
    const admin = new AdminHttp(app.baseUrl);
    expect(await admin.login(EMAIL.fr, app.demoPassword)).toBe(true);
    const first = admin.sessionId()!;
    expect(first).toBeDefined();

    // Logging in again over an existing session (a planted one, say) gives a new id, and the old one is dead.
    const login = await admin.request('POST', '/admin/login', {
      form: { email: EMAIL.be, password: app.demoPassword },
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('traces_admin='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/i);
    // The idle timeout: the cookie (and the stored session) expire 30 minutes after the last request.
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]!);
    expect(Math.abs(expires - Date.now() - 30 * 60_000)).toBeLessThan(60_000);
    const second = admin.sessionId()!;
    expect(second).not.toBe(first);
    expect(await db.adminSession.findUnique({ where: { sid: first } })).toBeNull();
    const stale = new AdminHttp(app.baseUrl);
    stale.cookie = `traces_admin=${encodeURIComponent(`s:${first}`)}`;
    expect((await stale.api('GET', `${REQUESTS}/actions/list`)).status).toBe(302);

    expect((await admin.api('GET', `${REQUESTS}/actions/list`)).status).toBe(200);
    expect(await db.adminSession.findUnique({ where: { sid: second } })).not.toBeNull();
    const logout = await admin.request('GET', '/admin/logout');
    expect(logout.status).toBe(302);
    expect(await db.adminSession.findUnique({ where: { sid: second } })).toBeNull();
    admin.cookie = `traces_admin=${encodeURIComponent(`s:${second}`)}`;
    expect((await admin.api('GET', `${REQUESTS}/actions/list`)).status).toBe(302);
  });

  test('failed logins are throttled: after five, even the right password is refused', async () => {
    const { applicant } = await organisationAdministrator('throttled');
    for (let i = 0; i < 5; i++) {
      expect(await new AdminHttp(app.baseUrl).login(applicant.email, `Wrong-Password-${i}!`)).toBe(false);
    }
    expect(await new AdminHttp(app.baseUrl).login(applicant.email, APPLICANT_PASSWORD)).toBe(false);
  });
});

describe('scoping', () => {
  test('the Belgian CCA sees a Belgian request; the French CCA sees it nowhere and cannot act on it', async () => {
    const { operator, applicant, request } = await belgianRequest();

    const beQueue = await listIds(approver.be);
    expect(beQueue).toContain(request.id);
    const show = await approver.be.api('GET', `${REQUESTS}/records/${request.id}/show`);
    expect(show.body.record.params).toMatchObject({
      id: request.id,
      status: 'REQUESTED',
      organisation: operator.id,
      account: applicant.id,
    });
    expect(show.body.record.params.age).toMatch(/^\d+ (s|min)/);
    expect(show.body.record.params.workflowLink).toMatch(/^https?:\/\/[^/]+\/namespaces\/default\/workflows\//);
    expect(show.body.record.params.workflowLink.endsWith(`/workflows/${encodeURIComponent(request.workflowId)}`)).toBe(
      true,
    );
    expect(JSON.parse(show.body.record.params.timeline).length).toBeGreaterThan(0);

    // Everywhere the French CCA could look: the list (default and with filters), show, search, export.
    const fr = approver.fr;
    expect(await listIds(fr)).not.toContain(request.id);
    expect(await listIds(fr, `filters.organisation=${operator.id}`)).toEqual([]);
    expect(await listIds(fr, `filters.account=${applicant.id}`)).toEqual([]);
    const frShow = await fr.api('GET', `${REQUESTS}/records/${request.id}/show`);
    expect(frShow.body.notice).toMatchObject({ type: 'error' });
    expect(frShow.body.record.params).toEqual({});
    const search = await fr.api('GET', `${REQUESTS}/actions/search/${request.id}?searchProperty=id`);
    expect(search.body.records).toEqual([]);
    const frExport = await fr.api('GET', `${REQUESTS}/actions/export?filters.status=REQUESTED`);
    expect(frExport.body.csv).not.toContain(request.id);
    const beExport = await approver.be.api('GET', `${REQUESTS}/actions/export?filters.status=REQUESTED`);
    expect(beExport.body.csv).toContain(request.id);
    expect((await fr.api('GET', `/resources/Organisation/records/${operator.id}/show`)).body.record.params).toEqual({});
    expect((await fr.api('GET', `/resources/Account/records/${applicant.id}/show`)).body.record.params).toEqual({});

    // Crafted calls to the actions: refused, and the request stays as it was.
    const approve = await act(fr, 'AuthorisationRequest', request.id, 'approve');
    expect(approve.body.notice).toMatchObject({ type: 'error' });
    expect(approve.body.outcome).toBeUndefined();
    const bulk = await fr.api('POST', `${REQUESTS}/bulk/bulkApprove?recordIds=${request.id}`, { reason: '' });
    expect(bulk.status).toBe(404);
    expect(await statusOf(request.id)).toBe('REQUESTED');

    // The French CCA's dashboard does not count it; the Belgian one's does.
    const [beBoard, frBoard] = [await approver.be.api('GET', '/dashboard'), await fr.api('GET', '/dashboard')];
    const count = (where: object) =>
      db.authorisationRequest.count({ where: { AND: [where, { status: 'REQUESTED' }] } });
    const [beUser, frUser] = await Promise.all(
      ['cca-be@example.eu', 'cca-fr@example.eu'].map((email) => db.account.findUniqueOrThrow({ where: { email } })),
    );
    expect(beBoard.body.counts.REQUESTED).toBe(
      await count(requestScopeWhere(await loadApproverScope(db, beUser!.id), beUser!.id)),
    );
    expect(frBoard.body.counts.REQUESTED).toBe(
      await count(requestScopeWhere(await loadApproverScope(db, frUser!.id), frUser!.id)),
    );
    expect(beBoard.body.counts.REQUESTED).toBeGreaterThan(0);
    expect(beBoard.body.oldestWaiting).toMatchObject({ environment: expect.any(String), age: expect.any(String) });
  });

  test('an organisation administrator sees only their organisation, and loses the back-office with their post', async () => {
    const admin = await organisationAdministrator('org-admin');
    const colleague = await newApplicant(db, app.baseUrl, 'colleague');
    const [colleagueRequest] = await requestAuthorisation(app.baseUrl, colleague, 'training', 'OPERATOR', [
      admin.operator.id,
    ]);
    const other = await belgianRequest();

    const session = new AdminHttp(app.baseUrl);
    expect(await session.login(admin.applicant.email, APPLICANT_PASSWORD)).toBe(true);
    expect(await listIds(session)).toEqual([colleagueRequest!.id]);
    expect((await session.api('GET', `${REQUESTS}/records/${other.request.id}/show`)).body.record.params).toEqual({});
    const approved = await act(session, 'AuthorisationRequest', colleagueRequest!.id, 'approve');
    expect(approved.body.outcome).toEqual({ id: colleagueRequest!.id, ok: true, status: 'VALID' });
    expect(approved.body.record.params.status).toBe('VALID');

    // The Belgian CCA suspends the administrator's post: their next request finds the session ended.
    const suspended = await act(approver.be, 'Role', admin.role.id, 'suspend', { reason: 'Left the company' });
    expect(suspended.body.outcome).toEqual({ id: admin.role.id, ok: true, status: 'SUSPENDED' });
    const after = await session.api('GET', `${REQUESTS}/actions/list`);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/admin/login');
  });

  test('accounts are read-only and never give away a password hash, not even to a filter, a search or a sort', async () => {
    const { applicant } = await belgianRequest();
    const be = approver.be;
    const show = await be.api('GET', `/resources/Account/records/${applicant.id}/show`);
    expect(show.body.record.params.email).toBe(applicant.email);
    const everything = JSON.stringify([
      show.body,
      (await be.api('GET', '/resources/Account/actions/list?perPage=500')).body,
      (await be.api('GET', '/resources/Account/actions/list?sortBy=passwordHash&direction=asc')).body,
      (await be.api('GET', `/resources/Account/actions/search/scrypt?searchProperty=passwordHash`)).body,
    ]);
    expect(everything).not.toMatch(/scrypt\$/);
    expect(everything).not.toContain('INTERNAL');
    // Sorting by the hash is sorting by id: the order tells nothing about the hashes.
    const order = async (query: string) =>
      (
        (await be.api('GET', `/resources/Account/actions/list?perPage=500&${query}`)).body.records as Array<{
          id: string;
        }>
      ).map((r) => r.id);
    expect(await order('sortBy=passwordHash&direction=asc')).toEqual(await order('sortBy=id&direction=asc'));
    // A filter on the hash is ignored (the property does not exist), so it cannot be used to guess the hash.
    const probe = await be.api(
      'GET',
      '/resources/Account/actions/list?filters.passwordHash=no-such-prefix&perPage=500',
    );
    expect(probe.body.records.map((r: { id: string }) => r.id)).toContain(applicant.id);
    for (const action of ['edit', 'delete']) {
      const write = await be.api('POST', `/resources/Account/records/${applicant.id}/${action}`, {
        status: 'EXPIRED',
        email: 'x@example.eu',
      });
      expect(write.body.notice).toMatchObject({ type: 'error' });
    }
    expect(
      (await be.api('POST', '/resources/Account/actions/new', { email: 'new@example.eu' })).body.notice,
    ).toMatchObject({ type: 'error' });
    const account = await db.account.findUniqueOrThrow({ where: { id: applicant.id } });
    expect(account).toMatchObject({ status: 'ACTIVE', email: applicant.email });
  });
});

describe('state changes', () => {
  test('a cross-origin POST to an action is refused, and so is one that proves no origin', async () => {
    const { request } = await belgianRequest();
    const be = approver.be;
    const attempts = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: app.baseUrl, 'sec-fetch-site': 'cross-site' },
      { origin: '', 'sec-fetch-site': 'same-site' },
      { origin: '', 'sec-fetch-site': '' },
    ];
    for (const headers of attempts) {
      const response = await be.api('POST', `${REQUESTS}/records/${request.id}/approve`, { reason: 'x' }, headers);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    }
    const crossLogin = await new AdminHttp(app.baseUrl).request('POST', '/admin/login', {
      form: { email: EMAIL.be, password: app.demoPassword },
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossLogin.status).toBe(403);
    // A GET on the action only shows the record: it changes nothing.
    const get = await be.api('GET', `${REQUESTS}/records/${request.id}/approve`);
    expect(get.body.record.params.status).toBe('REQUESTED');
    expect(await statusOf(request.id)).toBe('REQUESTED');
    // The same POST from the back-office itself goes through.
    const ok = await act(be, 'AuthorisationRequest', request.id, 'approve');
    expect(ok.body.outcome.status).toBe('VALID');
  });

  test('an edit carrying a status or ownership field leaves it unchanged; only the workflow sets them', async () => {
    const { request } = await belgianRequest();
    const intruder = await newApplicant(db, app.baseUrl, 'intruder');
    const commissionAccount = await db.account.findUniqueOrThrow({ where: { email: EMAIL.commission } });
    const before = await db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } });
    const forged = {
      status: 'VALID',
      account: intruder.id,
      accountId: intruder.id,
      organisation: intruder.id,
      decidedBy: commissionAccount.id,
      reason: 'forged',
    };
    for (const action of ['edit', 'delete']) {
      const response = await act(approver.be, 'AuthorisationRequest', request.id, action, forged);
      expect(response.body.notice).toMatchObject({ type: 'error' });
    }
    expect((await approver.be.api('POST', `${REQUESTS}/actions/new`, forged)).body.notice).toMatchObject({
      type: 'error',
    });
    expect(await db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } })).toEqual(before);

    // Approve with forged fields along: only the decision counts, taken by the workflow for the person logged in.
    const approved = await act(approver.be, 'AuthorisationRequest', request.id, 'approve', {
      ...forged,
      status: 'REJECTED',
    });
    expect(approved.body.outcome).toMatchObject({ ok: true, status: 'VALID' });
    const beAccount = await db.account.findUniqueOrThrow({ where: { email: EMAIL.be } });
    const after = await eventually(
      () => db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } }),
      (r) => r.status === 'VALID',
    );
    expect(after).toMatchObject({
      accountId: before.accountId,
      organisationId: before.organisationId,
      decidedById: beAccount.id,
    });
    const role = await roleOf(request.id);
    expect(role).toMatchObject({ accountId: before.accountId, organisationId: before.organisationId, status: 'VALID' });

    // Roles, organisations and audit events have no generic writes either.
    expect(
      (await act(approver.be, 'Role', role!.id, 'edit', { status: 'SUSPENDED', isAdministrator: 'false' })).body.notice,
    ).toMatchObject({ type: 'error' });
    expect(
      (await act(approver.be, 'Organisation', before.organisationId, 'edit', { status: 'REJECTED', name: 'x' })).body
        .notice,
    ).toMatchObject({ type: 'error' });
    const event = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.id } });
    expect(
      (await act(approver.be, 'AuditEvent', String(event.id), 'edit', { action: 'nothing' })).body.notice,
    ).toMatchObject({ type: 'error' });
    expect((await act(approver.be, 'AuditEvent', String(event.id), 'delete')).body.notice).toMatchObject({
      type: 'error',
    });
    expect(await db.role.findUniqueOrThrow({ where: { id: role!.id } })).toMatchObject({
      status: 'VALID',
      isAdministrator: role!.isAdministrator,
    });
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  test('a rejection needs a reason, and the refusal says so; with a reason it is REJECTED', async () => {
    const { request } = await belgianRequest();
    const refused = await act(approver.be, 'AuthorisationRequest', request.id, 'reject', { reason: '  ' });
    expect(refused.body.outcome).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(refused.body.notice.type).toBe('error');
    expect(await statusOf(request.id)).toBe('REQUESTED');
    const rejected = await act(approver.be, 'AuthorisationRequest', request.id, 'reject', {
      reason: 'Not an employee',
    });
    expect(rejected.body.outcome).toMatchObject({ ok: true, status: 'REJECTED' });
    const again = await act(approver.be, 'AuthorisationRequest', request.id, 'approve');
    expect(again.body.outcome).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    const show = await approver.be.api('GET', `${REQUESTS}/records/${request.id}/show`);
    const timeline = JSON.parse(show.body.record.params.timeline) as Array<{ toStatus: string; reason: string }>;
    expect(timeline.at(-1)).toMatchObject({ toStatus: 'REJECTED', reason: 'Not an employee' });
  });

  test('a new Belgian operator: the Belgian CCA decides its creation first, and the attach request waits for it', async () => {
    const applicant = await newApplicant(db, app.baseUrl, 'creator');
    const created = await call(
      app.baseUrl,
      'POST',
      '/api/environments/training/operators',
      {
        name: `Houthandel ${applicant.id.slice(0, 8)}`,
        country: 'BE',
        street: 'Kaai 1',
        postcode: '2000',
        city: 'Antwerpen',
        activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
        phone: '+32 3 123 45 67',
        confirmNotDuplicate: true,
      },
      bearer(applicant.token),
    );
    expect(created.status).toBe(202);
    const creationId: string = created.body.operator.creationRequestId;
    const attachId: string = created.body.request.id;
    await eventually(
      () => listIds(approver.be),
      (ids) => ids.includes(creationId) && ids.includes(attachId),
    );
    expect(await listIds(approver.fr)).not.toEqual(expect.arrayContaining([creationId]));
    expect((await approver.be.api('GET', `${REQUESTS}/records/${creationId}/show`)).body.record.params.type).toBe(
      'OPERATOR_CREATION',
    );

    const early = await act(approver.be, 'AuthorisationRequest', attachId, 'approve');
    expect(early.body.outcome).toMatchObject({ ok: false, code: 'OPERATOR_NOT_ACTIVE' });
    // The notice is the back-office's own text for the code, not the API's message.
    expect(early.body.notice.message).toBe(`Refused: ${refusalText('OPERATOR_NOT_ACTIVE')}`);
    const operator = await act(approver.be, 'AuthorisationRequest', creationId, 'approve');
    expect(operator.body.outcome).toMatchObject({ ok: true, status: 'VALID' });
    await eventually(
      () => db.organisation.findUniqueOrThrow({ where: { id: created.body.operator.id } }),
      (o) => o.status === 'ACTIVE',
    );
    const attach = await act(approver.be, 'AuthorisationRequest', attachId, 'approve');
    expect(attach.body.outcome).toMatchObject({ ok: true, status: 'VALID' });
  });

  test('a bulk approval of 20 requests gives 20 VALID roles', async () => {
    const operators = await newOperators(db, 'training', 'BE', 20);
    const applicant = await newApplicant(db, app.baseUrl, 'bulk');
    const requests = await requestAuthorisation(
      app.baseUrl,
      applicant,
      'training',
      'OPERATOR',
      operators.map((o) => o.id),
    );
    expect(requests).toHaveLength(20);
    const ids = requests.map((r) => r.id);
    const bulk = await approver.be.api('POST', `${REQUESTS}/bulk/bulkApprove?recordIds=${ids.join(',')}`, {
      reason: '',
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.outcomes).toHaveLength(20);
    expect(bulk.body.outcomes.every((o: { ok: boolean; status: string }) => o.ok && o.status === 'VALID')).toBe(true);
    expect(bulk.body.notice).toMatchObject({ type: 'success', message: '20 approved' });
    const roles = await eventually(
      () => db.role.findMany({ where: { requestId: { in: ids }, status: 'VALID' } }),
      (r) => r.length === 20,
    );
    expect(new Set(roles.map((r) => r.accountId))).toEqual(new Set([applicant.id]));
    expect(await db.authorisationRequest.count({ where: { id: { in: ids }, status: 'VALID' } })).toBe(20);
  });

  test('a bulk action mixing in requests of another scope decides only those in scope', async () => {
    const { request: mine } = await belgianRequest();
    const fr = await newApplicant(db, app.baseUrl, 'fr-applicant');
    const [french] = await requestAuthorisation(app.baseUrl, fr, 'training', 'AUTHORITY', [
      (await organisationByCode(db, 'training', 'FR007')).id,
    ]);
    const bulk = await approver.be.api('POST', `${REQUESTS}/bulk/bulkReject?recordIds=${mine.id},${french!.id}`, {
      reason: 'Unknown person',
    });
    expect(bulk.body.outcomes).toEqual(
      expect.arrayContaining([
        { id: mine.id, ok: true, status: 'REJECTED' },
        expect.objectContaining({ id: french!.id, ok: false, code: 'NOT_FOUND' }),
      ]),
    );
    expect(await statusOf(french!.id)).toBe('REQUESTED');
  });

  test('the queue actions over AdminJS: out of scope nothing happens; an assignee out of scope and a second question are refused by code', async () => {
    const { request, applicant } = await belgianRequest();
    const [be, fr] = await Promise.all(
      ['cca-be@example.eu', 'cca-fr@example.eu'].map((email) => db.account.findUniqueOrThrow({ where: { email } })),
    );
    const assigneeOf = async () =>
      (await db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } })).assigneeId;

    // The French CCA cannot take it, nor hand it to anyone, nor ask its applicant anything: the record is not theirs.
    for (const [action, payload] of [
      ['assignToMe', {}],
      ['assign', { accountId: fr!.id }],
      ['askQuestion', { text: 'Who are you?' }],
    ] as const) {
      const crafted = await act(approver.fr, 'AuthorisationRequest', request.id, action, payload);
      expect([action, crafted.body.notice?.type, crafted.body.outcome]).toEqual([action, 'error', undefined]);
    }
    expect(await assigneeOf()).toBeNull();
    expect(await db.requestQuestion.count({ where: { requestId: request.id } })).toBe(0);

    // The Belgian CCA: the assign form offers only colleagues who may decide it; a crafted French assignee is refused.
    const form = await approver.be.api('GET', `${REQUESTS}/records/${request.id}/assign`);
    const offered = JSON.parse(form.body.record.params.colleagues) as Array<{ accountId: string }>;
    expect(offered.map((c) => c.accountId)).not.toContain(fr!.id);
    expect(offered.map((c) => c.accountId)).not.toContain(be!.id);
    for (const outOfScope of [fr!.id, applicant.id]) {
      const refused = await act(approver.be, 'AuthorisationRequest', request.id, 'assign', { accountId: outOfScope });
      expect(refused.body.outcome).toEqual({ ok: false, code: 'ASSIGNEE_NOT_ENTITLED' });
    }
    const bad = await act(approver.be, 'AuthorisationRequest', request.id, 'assign', { accountId: 'nobody' });
    expect(bad.body.outcome).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(await assigneeOf()).toBeNull();
    expect((await act(approver.be, 'AuthorisationRequest', request.id, 'assignToMe')).body.outcome).toEqual({
      ok: true,
    });
    expect(await assigneeOf()).toBe(be!.id);
    expect(await listIds(approver.be, 'filters.status=REQUESTED&filters.queue=me&perPage=500')).toContain(request.id);
    expect(await listIds(approver.be, 'filters.status=REQUESTED&filters.queue=none&perPage=500')).not.toContain(
      request.id,
    );
    expect(await listIds(approver.be, 'filters.queue=bogus')).toEqual([]);

    // A question; a second one while it waits is refused; an empty one is a field error.
    const ask = (text: string) => act(approver.be, 'AuthorisationRequest', request.id, 'askQuestion', { text });
    expect((await ask('Which activities?')).body.outcome).toEqual({ ok: true });
    expect((await ask('And since when?')).body.outcome).toEqual({ ok: false, code: 'QUESTION_WAITING' });
    expect((await ask('   ')).body.outcome).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      field: expect.any(String),
    });
    expect(await db.requestQuestion.count({ where: { requestId: request.id } })).toBe(1);
    expect(await statusOf(request.id)).toBe('REQUESTED');
  });

  test('authorisation matrix: each demo approver × requests of each scope × each action; only the entitled succeed', async () => {
    const environment = 'acceptance';
    const [beOperator] = await newOperators(db, environment, 'BE', 1);
    const scopes = {
      'Belgian operator': { kind: 'OPERATOR', organisationId: beOperator!.id, entitled: ['be'] },
      'French BCP': {
        kind: 'AUTHORITY',
        organisationId: (await organisationByCode(db, environment, 'FR007')).id,
        entitled: ['fr'],
      },
      'German national authority': {
        kind: 'AUTHORITY',
        organisationId: (await organisationByCode(db, environment, 'DE-CCA')).id,
        entitled: ['commission'],
      },
      // The demo Belgian CCA administers its authority: it decides who joins it, as the Commission does.
      'Belgian national authority': {
        kind: 'AUTHORITY',
        organisationId: (await organisationByCode(db, environment, 'BE-CCA')).id,
        entitled: ['commission', 'be'],
      },
    } as const;
    const approvers = ['be', 'fr', 'commission'] as const;
    type Scope = keyof typeof scopes;
    const isEntitled = (who: string, scope: Scope) => (scopes[scope].entitled as readonly string[]).includes(who);

    // Each approver gets their own copy of every request, per decision, so that every attempt meets an open request.
    const copies: Record<string, string> = {};
    for (const who of approvers) {
      for (const decision of ['approve', 'reject']) {
        for (const kind of ['OPERATOR', 'AUTHORITY']) {
          const names = (Object.keys(scopes) as Scope[]).filter((s) => scopes[s].kind === kind);
          const applicant: Applicant = await newApplicant(db, app.baseUrl, `matrix-${who}-${decision}`);
          const made = await requestAuthorisation(
            app.baseUrl,
            applicant,
            environment,
            kind,
            names.map((s) => scopes[s].organisationId),
          );
          names.forEach((s, i) => (copies[`${who}/${decision}/${s}`] = made[i]!.id));
        }
      }
    }

    const expected: string[] = [];
    const actual: string[] = [];
    const attempt = async (
      who: (typeof approvers)[number],
      scope: Scope,
      action: string,
      resource: string,
      id: string,
      requestId: string,
      statusBefore: string,
    ) => {
      // Rejecting, suspending and deleting someone else's role need a reason (domain/status-machine.ts).
      const reason = ['reject', 'suspend', 'deleteRole'].includes(action) ? 'Matrix test' : undefined;
      const response = await act(approver[who], resource, id, action, reason ? { reason } : {});
      const ok = response.body.outcome?.ok === true;
      const after = await statusOf(requestId);
      // A refusal must leave the request as it was; a success must have moved it.
      const consistent = ok ? after !== statusBefore : after === statusBefore;
      actual.push(`${who} ${action} ${scope}: ${ok ? 'done' : 'refused'}${consistent ? '' : ' (status inconsistent)'}`);
      expected.push(`${who} ${action} ${scope}: ${isEntitled(who, scope) ? 'done' : 'refused'}`);
      return ok;
    };

    for (const scope of Object.keys(scopes) as Scope[]) {
      for (const decision of ['approve', 'reject']) {
        for (const who of approvers) {
          const id = copies[`${who}/${decision}/${scope}`]!;
          await attempt(who, scope, decision, 'AuthorisationRequest', id, id, 'REQUESTED');
        }
      }
      // Role actions on the roles the entitled approvers just approved: the others try each one first.
      for (const owner of approvers.filter((w) => isEntitled(w, scope))) {
        const requestId = copies[`${owner}/approve/${scope}`]!;
        const role = await roleOf(requestId);
        const others = approvers.filter((w) => !isEntitled(w, scope));
        for (const [action, before] of [
          ['suspend', 'VALID'],
          ['reactivate', 'SUSPENDED'],
          ['deleteRole', 'VALID'],
        ] as const) {
          if (action === 'reactivate')
            await eventually(
              () => statusOf(requestId),
              (s) => s === 'SUSPENDED',
            );
          for (const other of others) await attempt(other, scope, action, 'Role', role!.id, requestId, before);
          await attempt(owner, scope, action, 'Role', role!.id, requestId, before);
        }
        expect(await statusOf(requestId)).toBe('DELETED');
      }
    }
    expect(actual).toEqual(expected);
    expect(actual.filter((line) => line.endsWith('done')).length).toBeGreaterThan(10);
    expect(actual.filter((line) => line.endsWith('refused')).length).toBeGreaterThan(10);
  });
});
