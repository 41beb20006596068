// A role's workflow lives until the role is deleted, possibly years: past its history bound it continues as new under
// the same workflow id. Here the bound is 40 events and a role goes through 30 suspend/reactivate cycles over the
// HTTP API: the runs continue as new, the database, the workflow's query and its search attribute agree after every
// action, the audit trail has one event per action, and the role can still be deleted. The runs' histories replay;
// `RECORD_HISTORIES=1` records one continued run into test/histories (replayed by replay-authorisation.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { NO_ORGANISATION_CODE, requestStatusQuery, SearchAttr } from '../domain/contracts';
import { decodePayloads, historyFromText, historyToText } from './support/history';
import { call } from './support/http';
import { eventually } from './support/mail';
import { newOperator } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const BOUND = 40;
const CYCLES = 30;
const HISTORIES = path.join(__dirname, 'histories');

let stack: TestStack;
let cca: Person;

beforeAll(async () => {
  stack = await startTestStack({ roleHistoryBound: BOUND });
  cca = (await demoApprovers(stack)).ccaBe;
});
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, body: unknown, who: Person) => call(stack.baseUrl, 'POST', path, body, who.auth);

/** The status as PostgreSQL, the workflow's query and its RequestStatus search attribute each tell it. */
async function statuses(requestId: string, workflowId: string) {
  const handle = stack.temporal.workflow.getHandle(workflowId);
  const row = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: requestId } });
  const view = await handle.query(requestStatusQuery);
  const described = await handle.describe();
  return {
    db: row.status,
    query: view.status,
    attribute: described.typedSearchAttributes.get(SearchAttr.requestStatus),
  };
}

/** Every run of the workflow id, oldest first, once visibility lists `count` or more. */
async function runsOf(workflowId: string, count: number) {
  const list = async () => {
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  };
  return eventually(list, (runs) => runs.length >= count, 30_000);
}

test(`a role suspended and reactivated ${CYCLES} times continues as new past ${BOUND} events, keeping its state`, async () => {
  const applicant = await newPerson(stack, 'long-role');
  const organisation = await newOperator(stack);
  const asked = await post(
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [organisation.id], message: 'A role for years' },
    applicant,
  );
  expect(asked.status).toBe(202);
  const request = asked.body.requests[0] as { id: string; workflowId: string };
  expect((await post(`/api/approvals/${request.id}/decision`, { decision: 'APPROVE' }, cca)).body.status).toBe('VALID');
  const firstRunId = (await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } })).runId;

  const expected = ['REQUEST_SUBMITTED', 'REQUEST_APPROVED'];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (const [action, status, audit] of [
      ['SUSPEND', 'SUSPENDED', 'ROLE_SUSPENDED'],
      ['REACTIVATE', 'VALID', 'ROLE_REACTIVATED'],
    ] as const) {
      const answer = await post(`/api/approvals/${request.id}/role-action`, { action, reason: `Cycle ${cycle}` }, cca);
      expect({ cycle, action, status: answer.status, body: answer.body }).toEqual({
        cycle,
        action,
        status: 200,
        body: { status },
      });
      expected.push(audit);
      expect(await statuses(request.id, request.workflowId)).toEqual({ db: status, query: status, attribute: status });
    }
  }

  // Several runs under one workflow id, each but the newest continued as new, the newest still running and small.
  const runs = await runsOf(request.workflowId, 3);
  expect(runs[0]!.runId).toBe(firstRunId);
  expect(runs.slice(0, -1).every((run) => run.status.name === 'CONTINUED_AS_NEW')).toBe(true);
  expect(runs.at(-1)!.status.name).toBe('RUNNING');
  const latest = await stack.temporal.workflow.getHandle(request.workflowId).describe();
  expect(latest.historyLength).toBeLessThan(BOUND * 2);
  // The search attributes a back-office search uses are carried over whole.
  // The organisation has no code: the placeholder, never its id.
  expect(latest.typedSearchAttributes.get(SearchAttr.organisationCode)).toBe(NO_ORGANISATION_CODE);
  expect(latest.typedSearchAttributes.get(SearchAttr.environment)).toBe('production');
  expect(latest.typedSearchAttributes.get(SearchAttr.countryCode)).toBe('BE');

  // The role is deleted by the applicant at the end: the chain's last run completes with it.
  const roles = `/api/environments/production/roles/${request.id}`;
  expect((await call(stack.baseUrl, 'DELETE', roles, undefined, applicant.auth)).body.status).toBe('DELETED');
  expected.push('ROLE_DELETED');
  expect(await stack.temporal.workflow.getHandle(request.workflowId).result()).toEqual({
    requestId: request.id,
    status: 'DELETED',
  });

  // One audit event per action, in order, none lost or written twice across the runs.
  const audit = await stack.db.auditEvent.findMany({ where: { requestId: request.id }, orderBy: { id: 'asc' } });
  expect(audit.map((event) => event.action)).toEqual(expected);
  expect(audit.every((event) => event.workflowId === request.workflowId)).toBe(true);

  // Every run replays against the current code; one continued run is kept for the replay test.
  const all = await runsOf(request.workflowId, runs.length);
  for (const [i, run] of all.entries()) {
    const raw = await stack.temporal.workflow.getHandle(request.workflowId, run.runId).fetchHistory();
    const text = historyToText(await decodePayloads(raw, stack.codec));
    const bundle = { code: fs.readFileSync(process.env.TEST_WORKFLOW_BUNDLE!, 'utf8') };
    await Worker.runReplayHistory({ workflowBundle: bundle }, historyFromText(text), `run ${i}`);
    const name = i === 0 ? 'first-run' : i === all.length - 1 ? 'last-run-deleted' : i === 1 ? 'second-run' : undefined;
    if (process.env.RECORD_HISTORIES === '1' && name)
      fs.writeFileSync(path.join(HISTORIES, `authorisation-role-continued-as-new-${name}.json`), `${text}\n`);
  }
});
