// Authorisation requests over real HTTP, with the real worker on the real Temporal dev server and PostgreSQL:
// one workflow per person × environment × organisation, role kinds, control bodies, withdrawal, reminder and expiry.
import { authorisationWorkflowId, NO_ORGANISATION_CODE } from '../domain/contracts';
import { loadConfig } from '../lib/config';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { seededId as seeded } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ABC = seeded('production', 'OPERATOR', 'ABC test Operator', 'BE');
const ACA = seeded('production', 'OPERATOR', 'ACA Customs NV', 'BE');

const ask = (person: Person, environment: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/environments/${environment}/authorisation-requests`, body, person.auth);
const rolesOf = (person: Person, environment = 'production', query = '') =>
  call(stack.baseUrl, 'GET', `/api/environments/${environment}/roles${query}`, undefined, person.auth);

async function runsOf(workflowId: string): Promise<number> {
  return stack.db.authorisationRequest.count({ where: { workflowId } });
}

test('two Belgian operators ticked: two requests, two workflows, REQUESTED=2; asking again (also twice at once) changes nothing', async () => {
  const anna = await newPerson(stack, 'anna');
  const first = await ask(anna, 'production', {
    kind: 'OPERATOR',
    organisationIds: [ABC, ACA],
    message: 'I am the customs declarant',
    contactPhone: '+32 2 123 45 67',
  });
  expect(first.status).toBe(202);
  expect(first.body.requests).toHaveLength(2);
  const [abc, aca] = first.body.requests;
  expect(abc).toEqual({
    id: expect.any(String),
    organisationId: ABC,
    status: 'REQUESTED',
    workflowId: authorisationWorkflowId('production', anna.accountId, ABC),
  });
  expect(aca).toMatchObject({
    organisationId: ACA,
    status: 'REQUESTED',
    workflowId: authorisationWorkflowId('production', anna.accountId, ACA),
  });
  expect(abc.id).not.toBe(aca.id);

  const runIds = await Promise.all(
    [abc, aca].map(async (r) => (await stack.temporal.workflow.getHandle(r.workflowId).describe()).runId),
  );
  const roles = await rolesOf(anna);
  expect(roles.status).toBe(200);
  expect(roles.body.counts).toEqual({ REQUESTED: 2, SUSPENDED: 0, VALID: 0 });
  expect(roles.body.roles.map((r: any) => r.organisation.name).sort()).toEqual(['ABC test Operator', 'ACA Customs NV']);

  const again = await ask(anna, 'production', { kind: 'OPERATOR', organisationIds: [ACA, ABC] });
  expect(again.status).toBe(202);
  expect(again.body.requests.map((r: any) => r.id).sort()).toEqual([abc.id, aca.id].sort());
  const twice = await Promise.all(
    [1, 2].map(() => ask(anna, 'production', { kind: 'OPERATOR', organisationIds: [ABC] })),
  );
  for (const response of twice) expect(response.body.requests).toEqual([abc]);

  for (const [i, r] of [abc, aca].entries()) {
    expect(await runsOf(r.workflowId)).toBe(1);
    expect((await stack.temporal.workflow.getHandle(r.workflowId).describe()).runId).toBe(runIds[i]);
  }
  expect((await rolesOf(anna)).body.counts.REQUESTED).toBe(2);
});

test('a brand-new request sent twice at the same moment starts one workflow and answers the same ids', async () => {
  const bob = await newPerson(stack, 'bob');
  const [one, two] = await Promise.all(
    [1, 2].map(() => ask(bob, 'production', { kind: 'OPERATOR', organisationIds: [ABC] })),
  );
  expect(one!.status).toBe(202);
  expect(two!.status).toBe(202);
  expect(one!.body.requests).toEqual(two!.body.requests);
  expect(await runsOf(authorisationWorkflowId('production', bob.accountId, ABC))).toBe(1);
});

test('an AUTHORITY request from a person with OPERATOR posts is refused in that environment, allowed in another', async () => {
  const carla = await newPerson(stack, 'carla');
  expect((await ask(carla, 'production', { kind: 'OPERATOR', organisationIds: [ABC] })).status).toBe(202);
  const aalst = seeded('production', 'AUTHORITY', 'BE0001', 'BE');
  const refused = await ask(carla, 'production', { kind: 'AUTHORITY', organisationIds: [aalst] });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('ROLE_KIND_CONFLICT');
  expect((await rolesOf(carla)).body.counts).toEqual({ REQUESTED: 1, SUSPENDED: 0, VALID: 0 });

  const training = await ask(carla, 'training', {
    kind: 'AUTHORITY',
    organisationIds: [seeded('training', 'AUTHORITY', 'BE0001', 'BE')],
  });
  expect(training.status).toBe(202);
  expect(training.body.requests[0].status).toBe('REQUESTED');
  expect((await rolesOf(carla, 'training')).body.roles.map((r: any) => r.kind)).toEqual(['AUTHORITY']);
});

test('control body: one country entry, or every country entry of that body in one request', async () => {
  const dirk = await newPerson(stack, 'dirk');
  const search = await call(
    stack.baseUrl,
    'GET',
    '/api/environments/production/directory/control-bodies?q=quality%20partner',
    undefined,
    dirk.auth,
  );
  expect(search.status).toBe(200);
  expect(search.body.items.map((i: any) => i.code).sort()).toEqual(['BE-BIO-03', 'ID-BIO-168']);
  const belgian = search.body.items.find((i: any) => i.country === 'BE');
  const single = await ask(dirk, 'production', { kind: 'CONTROL_BODY', organisationIds: [belgian.id] });
  expect(single.status).toBe(202);
  expect(single.body.requests).toHaveLength(1);

  const eva = await newPerson(stack, 'eva');
  const entries = await call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/directory/control-bodies?controlBodyKey=${encodeURIComponent(belgian.controlBodyKey)}`,
    undefined,
    eva.auth,
  );
  const all = await ask(eva, 'production', {
    kind: 'CONTROL_BODY',
    organisationIds: entries.body.items.map((i: any) => i.id),
  });
  expect(all.status).toBe(202);
  expect(all.body.requests.map((r: any) => r.organisationId).sort()).toEqual(
    entries.body.items.map((i: any) => i.id).sort(),
  );
  expect((await rolesOf(eva)).body.roles.map((r: any) => r.organisation.code).sort()).toEqual([
    'BE-BIO-03',
    'ID-BIO-168',
  ]);
});

test('the applicant withdraws an open request: WITHDRAWN, workflow closed, and a new request may start later', async () => {
  const fien = await newPerson(stack, 'fien');
  const [request] = (await ask(fien, 'production', { kind: 'OPERATOR', organisationIds: [ACA] })).body.requests;
  const withdrawn = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${request.id}`,
    undefined,
    fien.auth,
  );
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toEqual({ status: 'WITHDRAWN' });
  const handle = stack.temporal.workflow.getHandle(request.workflowId);
  expect(await handle.result()).toEqual({ requestId: request.id, status: 'WITHDRAWN' });
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  const detail = await call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/authorisation-requests/${request.id}`,
    undefined,
    fien.auth,
  );
  expect(detail.body.status).toBe('WITHDRAWN');
  expect(detail.body.history.map((h: any) => [h.action, h.toStatus])).toEqual([
    ['REQUEST_SUBMITTED', 'REQUESTED'],
    ['REQUEST_WITHDRAWN', 'WITHDRAWN'],
  ]);
  expect((await rolesOf(fien)).body.counts.REQUESTED).toBe(0);

  const again = await ask(fien, 'production', { kind: 'OPERATOR', organisationIds: [ACA] });
  expect(again.body.requests[0]).toMatchObject({ status: 'REQUESTED', workflowId: request.workflowId });
  expect(again.body.requests[0].id).not.toBe(request.id);
  expect(await runsOf(request.workflowId)).toBe(2);
});

test('approvers are mailed on arrival; search attributes let operations filter the requests', async () => {
  const { ccaBe } = await demoApprovers(stack);
  const gert = await newPerson(stack, 'gert');
  const [request] = (await ask(gert, 'production', { kind: 'OPERATOR', organisationIds: [ABC] })).body.requests;
  await eventually(
    () => readMails(stack.mailDir, ccaBe.email).filter((m) => m.text.includes('ABC test Operator')),
    (m) => m.length > 0,
  );

  const query = `WorkflowId = "${request.workflowId}" AND RequestStatus = "REQUESTED" AND CountryCode = "BE" AND TracesEnvironment = "production" AND RequestKind = "OPERATOR"`;
  const found = await eventually(
    async () => {
      const ids: string[] = [];
      for await (const w of stack.temporal.workflow.list({ query })) ids.push(w.workflowId);
      return ids;
    },
    (ids) => ids.length === 1,
  );
  expect(found).toEqual([request.workflowId]);
  const description = await stack.temporal.workflow.getHandle(request.workflowId).describe();
  // Codes, never ids: this operator has no code, so the placeholder.
  expect(description.searchAttributes).toMatchObject({ OrganisationCode: [NO_ORGANISATION_CODE] });
  expect(JSON.stringify(description.searchAttributes)).not.toContain(ABC);
  // No personal data in search attributes.
  expect(JSON.stringify(description.searchAttributes)).not.toContain(gert.email);
});

test('the real defaults: reminder after 3 days, expiry after 30 days, carried by each request', async () => {
  const config = loadConfig({});
  expect(config.durations.approvalReminderAfterMs).toBe(3 * 24 * 3_600_000);
  expect(config.durations.approvalExpiresAfterMs).toBe(30 * 24 * 3_600_000);
  const hana = await newPerson(stack, 'hana');
  const [request] = (await ask(hana, 'production', { kind: 'OPERATOR', organisationIds: [ABC] })).body.requests;
  const row = await eventually(
    () => stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } }),
    (r) => r.expiresAt !== null,
  );
  const days = (row.expiresAt!.getTime() - row.createdAt.getTime()) / 86_400_000;
  expect(days).toBeGreaterThan(29.99);
  expect(days).toBeLessThan(30.01);
});

describe('with short durations', () => {
  let quick: TestStack;
  beforeAll(async () => {
    quick = await startTestStack({ approvalReminderAfterMs: 1_500, approvalExpiresAfterMs: 4_000 });
  });
  afterAll(async () => {
    await quick?.stop();
  });

  test('a reminder mail to the approvers, then the request expires and the applicant is told', async () => {
    const { ccaBe } = await demoApprovers(quick);
    const ivo = await newPerson(quick, 'ivo');
    const response = await call(
      quick.baseUrl,
      'POST',
      '/api/environments/acceptance/authorisation-requests',
      { kind: 'OPERATOR', organisationIds: [seeded('acceptance', 'OPERATOR', 'ACA Customs NV', 'BE')] },
      ivo.auth,
    );
    const [request] = response.body.requests;
    const reminder = await eventually(
      () => readMails(quick.mailDir, ccaBe.email).filter((m) => /reminder/.test(m.subject)),
      (m) => m.length > 0,
    );
    expect(reminder[0]!.text).toContain('ACA Customs NV (Acceptance)');
    const handle = quick.temporal.workflow.getHandle(request.workflowId);
    expect(await handle.result()).toEqual({ requestId: request.id, status: 'EXPIRED' });
    const expired = await eventually(
      () => readMails(quick.mailDir, ivo.email),
      (m) => m.length > 0,
    );
    expect(expired[0]!.subject).toContain('expired');
    const detail = await call(
      quick.baseUrl,
      'GET',
      `/api/environments/acceptance/authorisation-requests/${request.id}`,
      undefined,
      ivo.auth,
    );
    expect(detail.body.history.map((h: any) => h.action)).toEqual([
      'REQUEST_SUBMITTED',
      'REMINDER_SENT',
      'REQUEST_EXPIRED',
    ]);
    expect(
      (await call(quick.baseUrl, 'GET', '/api/environments/acceptance/roles?status=EXPIRED', undefined, ivo.auth)).body
        .roles,
    ).toHaveLength(1);
  });
});
