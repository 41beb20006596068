// A rolling restart onto a changed workflow. Two worker processes run version A of authorisationRequestWorkflow (the
// current code without its newest patch, ROLE_FRESH_RUN_PATCH); requests wait for their decision and roles approved
// on A wait for their deletion. The workers are restarted one by one onto version B (the current code: a role just
// decided continues as new at once). The roles kept on A finish on B in their one run, the waiting requests and new
// ones take the new step, nothing is written twice, and histories of both versions replay on B (A's also on A).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { startChildApp, type ChildApp } from '../support/child-app';
import { decodePayloads, historyFromText, historyToText } from '../support/history';
import { call } from '../support/http';
import { eventually } from '../support/mail';
import { newOperator } from '../support/organisations';
import { startTestStack, type TestStack } from '../support/stack';
import { auditCounts, belgianAuthority, inParallel, people, requestToJoin, type Caller } from './support';
import { bundleWith } from './workflow-bundle';

const EACH = 6;

let stack: TestStack;
const workers: ChildApp[] = [];

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGKILL');
  await stack?.stop();
});

/** Version A: the workflow as it was before ROLE_FRESH_RUN_PATCH (a decided role stays in its first run). */
const versionA = () =>
  bundleWith({
    file: 'authorisation-request.workflow.ts',
    replacements: [
      ['return keepRole(request, input, patched(ROLE_FRESH_RUN_PATCH));', 'return keepRole(request, input);'],
    ],
  });

async function startWorker(bundlePath: string): Promise<ChildApp> {
  const worker = startChildApp({
    ROLE: 'worker',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    MAIL_DIR: stack.mailDir,
    DATA_DIR: stack.mailDir,
    PUBLIC_URL: 'http://traces.test',
    WORKFLOW_BUNDLE_PATH: bundlePath,
  });
  workers.push(worker);
  await worker.waitFor('TRACES onboarding is up');
  return worker;
}

/** The run ids of the workflow id, oldest first, once its newest run is closed. */
async function runsOf(workflowId: string) {
  const list = async () => {
    const runs = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  };
  return eventually(list, (runs) => runs.length > 0 && runs.at(-1)!.status.name === 'COMPLETED', 30_000);
}

const approve = (authority: Caller, id: string) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${id}/decision`, { decision: 'APPROVE' }, authority.auth);
const remove = (applicant: Caller, id: string) =>
  call(stack.baseUrl, 'DELETE', `/api/environments/production/roles/${id}`, undefined, applicant.auth);

test('workers restarted one by one onto a patched workflow: waiting requests finish, new ones take the new code', async () => {
  const bundleA = path.join(stack.mailDir, 'workflow-bundle-a.js');
  fs.writeFileSync(bundleA, (await versionA()).code);
  const bundleB = process.env.TEST_WORKFLOW_BUNDLE!;
  const authority = await belgianAuthority(stack.db);
  const operator = await newOperator(stack);
  const applicants = await people(stack.db, 'rolling', EACH * 3);
  const [keptOnA, waiting, newOnes] = [0, 1, 2].map((i) => applicants.slice(i * EACH, (i + 1) * EACH));

  const onA = [await startWorker(bundleA), await startWorker(bundleA)];
  const roles = await requestToJoin(stack.baseUrl, keptOnA, operator.id, 6);
  for (const role of roles) expect((await approve(authority, role.id)).body.status).toBe('VALID');
  const open = await requestToJoin(stack.baseUrl, waiting, operator.id, 6);

  // One by one: the old worker drains (SIGTERM) while the other one and the new ones keep serving.
  for (const old of onA) {
    expect(await old.kill('SIGTERM')).toBe(0);
    await startWorker(bundleB);
  }

  for (const request of open) expect((await approve(authority, request.id)).body.status).toBe('VALID');
  const fresh = await requestToJoin(stack.baseUrl, newOnes, operator.id, 6);
  for (const request of fresh) expect((await approve(authority, request.id)).body.status).toBe('VALID');
  const everyone = [...keptOnA, ...waiting, ...newOnes];
  const all = [...roles, ...open, ...fresh];
  await inParallel(all, 6, async (request, i) => {
    expect((await remove(everyone[i]!, request.id)).body.status).toBe('DELETED');
  });

  // Roles kept on A end in their one run; requests decided on B continued as new once, at their decision.
  const runs = await inParallel(all, 6, (request) => runsOf(request.workflowId));
  expect(runs.map((r) => r.length)).toEqual([...roles.map(() => 1), ...open.map(() => 2), ...fresh.map(() => 2)]);
  for (const request of all) {
    expect(await stack.temporal.workflow.getHandle(request.workflowId).result()).toEqual({
      requestId: request.id,
      status: 'DELETED',
    });
  }
  const rows = await stack.db.authorisationRequest.findMany({ where: { id: { in: all.map((r) => r.id) } } });
  expect(rows.map((r) => r.status)).toEqual(all.map(() => 'DELETED'));
  const counts = await auditCounts(
    stack.db,
    all.map((r) => r.id),
  );
  for (const request of all) {
    expect(counts.get(request.id)).toEqual({ REQUEST_SUBMITTED: 1, REQUEST_APPROVED: 1, ROLE_DELETED: 1 });
  }

  // Histories of both versions replay on B; A's replay on A too (B's first run, with its marker, is B's alone).
  const codeA = { code: fs.readFileSync(bundleA, 'utf8') };
  const codeB = { code: fs.readFileSync(bundleB, 'utf8') };
  const history = async (workflowId: string, runId: string) =>
    historyFromText(
      historyToText(
        await decodePayloads(await stack.temporal.workflow.getHandle(workflowId, runId).fetchHistory(), stack.codec),
      ),
    );
  const ofA = await history(roles[0]!.workflowId, runs[0]![0]!.runId);
  await Worker.runReplayHistory({ workflowBundle: codeB }, ofA, 'A on B');
  await Worker.runReplayHistory({ workflowBundle: codeA }, ofA, 'A on A');
  for (const [request, chain] of [
    [open[0]!, runs[EACH]!],
    [fresh[0]!, runs[EACH * 2]!],
  ] as const) {
    for (const [i, run] of chain.entries()) {
      const ofB = await history(request.workflowId, run.runId);
      await Worker.runReplayHistory({ workflowBundle: codeB }, ofB, `B run ${i}`);
      // Kept for the replay test (test/replay-authorisation.test.ts replays every committed history).
      if (process.env.RECORD_HISTORIES === '1' && request === fresh[0]) {
        const name = `authorisation-approved-fresh-role-run-${i === 0 ? 'continued' : 'deleted'}.json`;
        fs.writeFileSync(path.join(__dirname, '..', 'histories', name), `${historyToText(ofB)}\n`);
      }
    }
  }
});
