// A deploy may ask every kept role into a fresh run of its code (ROLE_RENEWALS, a patched() change): the worker is
// restarted onto the next deploy's bundle (test/faults/workflow-bundle.ts, NEXT_DEPLOY); a role kept under the
// current code continues as new at its next action, a request that waited for its decision at its approval, and a
// request begun on the new code is never renewed. Status, search attributes and audit trail carry over (a role from
// before the OrganisationCode change gets the placeholder code instead of its organisation's id). The runs'
// histories replay on the next deploy's code; `RECORD_HISTORIES=1` keeps them in test/histories/next-deploy (and a
// role of the current code in test/histories) for test/replay-authorisation.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { NO_ORGANISATION_CODE, SearchAttr } from '../domain/contracts';
import { bundleWith, NEXT_DEPLOY, type Edit } from './faults/workflow-bundle';
import { decodePayloads, historyFromText, historyToText } from './support/history';
import { call } from './support/http';
import { eventually } from './support/mail';
import { newOperator } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const HISTORIES = path.join(__dirname, 'histories');
const RECORD = process.env.RECORD_HISTORIES === '1';

let stack: TestStack;
let cca: Person;
let next: { code: string };
/** The code before ORGANISATION_CODE_PATCH: OrganisationCode held the organisation's id when it had no code. */
let legacy: { code: string };
const LEGACY: Edit = {
  file: 'request-lifecycle.ts',
  replacements: [['if (!patched(ORGANISATION_CODE_PATCH))', 'if (true)']],
};

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  cca = (await demoApprovers(stack)).ccaBe;
  [next, legacy] = [await bundleWith(NEXT_DEPLOY), await bundleWith(LEGACY)];
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, body: unknown, who: Person) => call(stack.baseUrl, 'POST', path, body, who.auth);

async function ask(label: string, organisationId: string) {
  const applicant = await newPerson(stack, label);
  const asked = await post(
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [organisationId], message: 'A role across deploys' },
    applicant,
  );
  expect(asked.status).toBe(202);
  return { applicant, ...(asked.body.requests[0] as { id: string; workflowId: string }) };
}
type Asked = Awaited<ReturnType<typeof ask>>;

const act = async (request: Asked, path: 'decision' | 'role-action', body: Record<string, string>) => {
  const answer = await post(`/api/approvals/${request.id}/${path}`, body, cca);
  return { status: answer.status, body: answer.body };
};
const approve = (request: Asked) => act(request, 'decision', { decision: 'APPROVE' });
const roleAction = (request: Asked, action: string) => act(request, 'role-action', { action, reason: 'Deploy check' });
const remove = async (request: Asked) => {
  const roles = `/api/environments/production/roles/${request.id}`;
  expect((await call(stack.baseUrl, 'DELETE', roles, undefined, request.applicant.auth)).body.status).toBe('DELETED');
  return stack.temporal.workflow.getHandle(request.workflowId).result();
};

/** Every run of the workflow id, oldest first, once visibility lists `count` of them. */
async function runsOf(workflowId: string, count: number) {
  const list = async () => {
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  };
  return eventually(list, (runs) => runs.length === count, 30_000);
}

const audit = async (requestId: string) =>
  (await stack.db.auditEvent.findMany({ where: { requestId }, orderBy: { id: 'asc' } })).map((e) => e.action);

/** Each run's history replays on `bundle`; named runs are kept in `dir` when recording. */
async function replayRuns(workflowId: string, bundle: { code: string }, names: string[], dir?: string) {
  const runs = await runsOf(workflowId, names.length);
  for (const [i, run] of runs.entries()) {
    const raw = await stack.temporal.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const text = historyToText(await decodePayloads(raw, stack.codec));
    await Worker.runReplayHistory({ workflowBundle: bundle }, historyFromText(text), names[i]);
    if (RECORD && dir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${names[i]}.json`), `${text}\n`);
    }
  }
}

test('a deploy asking for fresh runs renews each kept role at its next step, once; new roles begin renewed', async () => {
  const organisation = await newOperator(stack);
  // Under the code before the OrganisationCode change: a role kept, its search attribute the organisation's id.
  await stack.startWorker(legacy);
  const older = await ask('deploy-older', organisation.id);
  expect(await approve(older)).toEqual({ status: 200, body: { status: 'VALID' } });
  const olderRun = stack.temporal.workflow.getHandle(older.workflowId);
  expect((await olderRun.describe()).typedSearchAttributes.get(SearchAttr.organisationCode)).toBe(organisation.id);
  await stack.stopWorker();
  await stack.startWorker();

  // Under the current code: a role of its own whole life, a role kept, a request waiting for its decision.
  const current = await ask('deploy-current', organisation.id);
  expect(await approve(current)).toEqual({ status: 200, body: { status: 'VALID' } });
  expect(await remove(current)).toEqual({ requestId: current.id, status: 'DELETED' });
  const kept = await ask('deploy-kept', organisation.id);
  expect(await approve(kept)).toEqual({ status: 200, body: { status: 'VALID' } });
  const waiting = await ask('deploy-waiting', organisation.id);

  // The worker restarts onto the next deploy.
  await stack.stopWorker();
  await stack.startWorker(next);

  // The kept role's next action runs on the new code, and its run continues as new right after it.
  expect(await roleAction(kept, 'SUSPEND')).toEqual({ status: 200, body: { status: 'SUSPENDED' } });
  const [first, second] = await runsOf(kept.workflowId, 2);
  expect([first!.status.name, second!.status.name]).toEqual(['CONTINUED_AS_NEW', 'RUNNING']);
  const described = await stack.temporal.workflow.getHandle(kept.workflowId).describe();
  expect(described.typedSearchAttributes.get(SearchAttr.requestStatus)).toBe('SUSPENDED');
  expect(described.typedSearchAttributes.get(SearchAttr.organisationCode)).toBe(NO_ORGANISATION_CODE);
  // Renewed once: the fresh run takes further actions without another run.
  expect(await roleAction(kept, 'REACTIVATE')).toEqual({ status: 200, body: { status: 'VALID' } });
  expect(await runsOf(kept.workflowId, 2)).toHaveLength(2);

  // The older role's next run carries the placeholder code instead of the id.
  expect(await roleAction(older, 'SUSPEND')).toEqual({ status: 200, body: { status: 'SUSPENDED' } });
  expect(await runsOf(older.workflowId, 2)).toHaveLength(2);
  expect((await olderRun.describe()).typedSearchAttributes.get(SearchAttr.organisationCode)).toBe(NO_ORGANISATION_CODE);

  // The request that waited is approved on the new code and renewed at its approval.
  expect(await approve(waiting)).toEqual({ status: 200, body: { status: 'VALID' } });
  expect((await runsOf(waiting.workflowId, 2)).map((r) => r.status.name)).toEqual(['CONTINUED_AS_NEW', 'RUNNING']);

  // A request begun on the new code keeps one run.
  const fresh = await ask('deploy-fresh', organisation.id);
  expect(await approve(fresh)).toEqual({ status: 200, body: { status: 'VALID' } });
  expect(await roleAction(fresh, 'SUSPEND')).toEqual({ status: 200, body: { status: 'SUSPENDED' } });
  expect(await runsOf(fresh.workflowId, 1)).toHaveLength(1);

  for (const request of [older, kept, waiting, fresh]) {
    expect(await remove(request)).toEqual({ requestId: request.id, status: 'DELETED' });
  }
  // One audit event per step across the runs.
  const decided = ['REQUEST_SUBMITTED', 'REQUEST_APPROVED'];
  expect(await audit(kept.id)).toEqual([...decided, 'ROLE_SUSPENDED', 'ROLE_REACTIVATED', 'ROLE_DELETED']);
  expect(await audit(waiting.id)).toEqual([...decided, 'ROLE_DELETED']);
  expect(await audit(fresh.id)).toEqual([...decided, 'ROLE_SUSPENDED', 'ROLE_DELETED']);

  // Both versions' runs replay on the next deploy's code; the current code's own run on it too.
  const nextDir = path.join(HISTORIES, 'next-deploy');
  const currentBundle = { code: fs.readFileSync(process.env.TEST_WORKFLOW_BUNDLE!, 'utf8') };
  await replayRuns(current.workflowId, currentBundle, ['authorisation-approved-deleted-organisation-code'], HISTORIES);
  await replayRuns(current.workflowId, next, ['current code on the next deploy']);
  await replayRuns(
    kept.workflowId,
    next,
    ['authorisation-kept-renewed-first-run', 'authorisation-kept-renewed-second-run-deleted'],
    nextDir,
  );
  await replayRuns(fresh.workflowId, next, ['authorisation-begun-renewed-deleted'], nextDir);
  const olderRuns = [
    'authorisation-older-code-renewed-first-run',
    'authorisation-older-code-renewed-second-run-deleted',
  ];
  await replayRuns(older.workflowId, next, olderRuns, nextDir);
});
