// The workflows' timers at their real durations (90 minutes, 3 days, 30 days), on Temporal's time-skipping test
// server with fake activities: the real workflow code, minutes of workflow time in milliseconds of wall time.
import crypto from 'node:crypto';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { AuthorisationActivities, StatusChange } from '../../activities/authorisation.activities';
import type { RegistrationActivities } from '../../activities/registration.activities';
import type { WorkQueueActivities } from '../../activities/work-queue.activities';
import {
  confirmPasswordUpdate,
  registrationStatusQuery,
  requestStatusQuery,
  resendLinkUpdate,
  SEARCH_ATTRIBUTE_KEYS,
  type AuthorisationRequestInput,
  type RegistrationInput,
  type RequestOrganisation,
} from '../../domain/contracts';
import { loadConfig } from '../../lib/config';
import { resolveJavaTestServer } from '../../lib/java-test-server';
import { WORKFLOWS_PATH } from '../../worker/worker';

const MINUTE = 60_000;
const DAY = 86_400_000;
// The defaults of lib/config.ts, which production runs with.
const defaults = loadConfig({}).durations;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'unit-timers';
const calls: Array<{ name: string; args: unknown; workflowId: string }> = [];
/** Workflows of the running test: a workflow left by an earlier test may still call its activities. */
let ours: string[] = [];
const called = (name: string) =>
  calls.filter((c) => c.name === name && ours.includes(c.workflowId)).map(({ name, args }) => ({ name, args }));
const recordCall = (name: string, args: unknown) =>
  calls.push({ name, args, workflowId: Context.current().info.workflowExecution?.workflowId ?? '' });

function fakeRegistrationActivities(): RegistrationActivities {
  const record = recordCall;
  return {
    async acceptRegistration(input) {
      record('acceptRegistration', input);
      return { outcome: 'PENDING', accountId: 'account-1', tokenId: `token-${input.registrationId}-1` };
    },
    async issueSetPasswordLink(input) {
      record('issueSetPasswordLink', input);
      return { tokenId: `token-${input.registrationId}-${input.sequence}` };
    },
    async discardApplication(applicationId) {
      record('discardApplication', applicationId);
    },
    async activateAccount(input) {
      record('activateAccount', input);
      return { accountId: 'account-1' };
    },
    async expireRegistration(input) {
      record('expireRegistration', input);
    },
  } as RegistrationActivities;
}

const organisation: RequestOrganisation = {
  id: 'org-1',
  code: 'BE-OP-1',
  countryCode: 'BE',
  kind: 'OPERATOR',
  authorityRoleCode: null,
  isCommission: false,
};

function fakeAuthorisationActivities(): AuthorisationActivities {
  const record = recordCall;
  return {
    async recordRequest(params) {
      record('recordRequest', params);
      return organisation;
    },
    async announceRequest(params) {
      record('announceRequest', params);
      return 1;
    },
    async remindApprovers(params) {
      record('remindApprovers', params);
      return 1;
    },
    async changeStatus(change: StatusChange) {
      record('changeStatus', change);
      return { isAdministrator: false };
    },
    async notifyApplicant(params) {
      record('notifyApplicant', params);
    },
  } as AuthorisationActivities;
}

function fakeWorkQueueActivities(): Partial<WorkQueueActivities> {
  return {
    async askQuestion(params) {
      recordCall('askQuestion', params);
    },
    async answerQuestion(params) {
      recordCall('answerQuestion', params);
    },
  };
}

beforeAll(async () => {
  Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never });
  const path = resolveJavaTestServer((line) => process.stderr.write(`${line}\n`));
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // The search attributes the workflows publish, registered as lib/local-temporal.ts registers them on the dev server.
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: { ...fakeRegistrationActivities(), ...fakeAuthorisationActivities(), ...fakeWorkQueueActivities() },
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

beforeEach(() => {
  calls.length = 0;
  // The child of a request for a new operator (operator-creation:<env>:<operator>).
  ours = ['operator-creation:production:org-1'];
});

const id = (prefix: string) => {
  const workflowId = `${prefix}:${crypto.randomUUID()}`;
  ours.push(workflowId);
  return workflowId;
};
/** Workflow time on the test server. */
const now = async () => (await env.currentTimeMs()) as number;

async function startRegistration(): Promise<WorkflowHandle> {
  const input: RegistrationInput = { applicationId: crypto.randomUUID(), linkTtlMs: defaults.registrationLinkTtlMs };
  const handle = await env.client.workflow.start('registrationWorkflow', {
    taskQueue,
    workflowId: id('registration'),
    args: [input],
  });
  // The link is issued once the application is accepted.
  await handle.executeUpdate('registrationView', { args: [{ applicationId: input.applicationId }] });
  return handle;
}

describe('registrationWorkflow', () => {
  test('the default link lives 90 minutes: still pending a minute before, expired a minute after', async () => {
    expect(defaults.registrationLinkTtlMs).toBe(90 * MINUTE);
    const started = await now();
    const handle = await startRegistration();
    const view = await handle.query(registrationStatusQuery);
    expect(Date.parse(view.expiresAt) - started).toBeGreaterThanOrEqual(90 * MINUTE);
    expect(Date.parse(view.expiresAt) - started).toBeLessThan(91 * MINUTE);

    await env.sleep(89 * MINUTE);
    expect((await handle.query(registrationStatusQuery)).status).toBe('PENDING_VERIFICATION');
    expect(called('expireRegistration')).toHaveLength(0);

    await env.sleep(2 * MINUTE);
    expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
    expect(called('expireRegistration')).toEqual([
      { name: 'expireRegistration', args: expect.objectContaining({ ttlMinutes: 90 }) },
    ]);
  });

  test('a resend after 60 minutes restarts the 90 minutes: pending at 149, expired at 151', async () => {
    const handle = await startRegistration();
    await env.sleep(60 * MINUTE);
    const resent = await handle.executeUpdate(resendLinkUpdate);
    expect(called('issueSetPasswordLink')).toEqual([
      {
        name: 'issueSetPasswordLink',
        args: expect.objectContaining({ sequence: 2, ttlMinutes: 90, expiresAt: resent.expiresAt }),
      },
    ]);

    await env.sleep(89 * MINUTE);
    expect((await handle.query(registrationStatusQuery)).status).toBe('PENDING_VERIFICATION');
    expect(called('expireRegistration')).toHaveLength(0);

    await env.sleep(2 * MINUTE);
    expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
    expect(called('expireRegistration')).toHaveLength(1);
  });

  test('the password set at minute 89 activates the account, and nothing expires afterwards', async () => {
    const handle = await startRegistration();
    await env.sleep(89 * MINUTE);
    const registrationId = (await handle.query(registrationStatusQuery)).registrationId;
    await expect(
      handle.executeUpdate(confirmPasswordUpdate, {
        args: [{ tokenId: `token-${registrationId}-1`, submissionId: 's-1' }],
      }),
    ).resolves.toEqual({ accountId: 'account-1', status: 'ACTIVE' });
    expect(await handle.result()).toMatchObject({ status: 'ACTIVE' });
    await env.sleep(DAY);
    expect(called('expireRegistration')).toHaveLength(0);
  });

  test('the first link is dead once a resend issued the second one', async () => {
    const handle = await startRegistration();
    const { registrationId } = await handle.query(registrationStatusQuery);
    await handle.executeUpdate(resendLinkUpdate);
    await expect(
      handle.executeUpdate(confirmPasswordUpdate, {
        args: [{ tokenId: `token-${registrationId}-1`, submissionId: 's-1' }],
      }),
    ).rejects.toThrow();
    await handle.terminate('test over');
  });
});

function requestInput(overrides: Partial<AuthorisationRequestInput> = {}): AuthorisationRequestInput {
  return {
    environment: 'production',
    kind: 'OPERATOR',
    type: 'ATTACH',
    accountId: 'applicant',
    organisationId: organisation.id,
    reminderAfterMs: defaults.approvalReminderAfterMs,
    expiresAfterMs: defaults.approvalExpiresAfterMs,
    ...overrides,
  };
}

const statusChanges = () => called('changeStatus').map((c) => (c.args as StatusChange).to);

describe('authorisationRequestWorkflow', () => {
  test('by default the approvers are reminded after 3 days and the request expires after 30 days', async () => {
    expect(defaults.approvalReminderAfterMs).toBe(3 * DAY);
    expect(defaults.approvalExpiresAfterMs).toBe(30 * DAY);
    const handle = await env.client.workflow.start('authorisationRequestWorkflow', {
      taskQueue,
      workflowId: id('authorisation'),
      args: [requestInput()],
    });
    await handle.executeUpdate('requestView');

    await env.sleep(3 * DAY - MINUTE);
    expect(called('announceRequest')).toHaveLength(1);
    expect(called('remindApprovers')).toHaveLength(0);
    await env.sleep(2 * MINUTE);
    expect(called('remindApprovers')).toHaveLength(1);

    await env.sleep(27 * DAY - 2 * MINUTE);
    expect((await handle.query(requestStatusQuery)).status).toBe('REQUESTED');
    expect(statusChanges()).toEqual([]);

    await env.sleep(2 * MINUTE);
    expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
    expect(statusChanges()).toEqual(['EXPIRED']);
    expect(called('remindApprovers')).toHaveLength(1);
    expect(called('notifyApplicant').map((c) => c.args)).toEqual([expect.objectContaining({ outcome: 'expired' })]);
  });

  test('a request decided on day 2 is never reminded nor expired', async () => {
    const handle = await env.client.workflow.start('authorisationRequestWorkflow', {
      taskQueue,
      workflowId: id('authorisation'),
      args: [requestInput()],
    });
    await handle.executeUpdate('requestView');
    await env.sleep(2 * DAY);
    const approver = { accountId: 'cca', administratorOf: [], nationalAuthorityOf: ['BE'], commission: false };
    await handle.executeUpdate('decide', { args: [{ decision: 'APPROVE', approver }] });
    await env.sleep(31 * DAY);
    expect(called('remindApprovers')).toHaveLength(0);
    expect(statusChanges()).toEqual(['VALID']);
    expect((await handle.query(requestStatusQuery)).status).toBe('VALID');
    await handle.terminate('test over');
  });

  test('a new operator not decided in 30 days expires, and so does the attach request that waits for it', async () => {
    const handle = await env.client.workflow.start('authorisationRequestWorkflow', {
      taskQueue,
      workflowId: id('authorisation'),
      args: [requestInput({ operatorDraftId: 'draft-1' })],
    });
    await handle.executeUpdate('requestView');
    await env.sleep(30 * DAY - MINUTE);
    expect(statusChanges()).toEqual([]);
    await env.sleep(2 * MINUTE);
    expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
    // The child (operatorCreationWorkflow) expired first, at 30 days; the parent followed it.
    expect(
      called('changeStatus').map((c) => [
        (c.args as StatusChange).workflowId.split(':')[0],
        (c.args as StatusChange).to,
      ]),
    ).toEqual([
      ['operator-creation', 'EXPIRED'],
      ['authorisation', 'EXPIRED'],
    ]);
    expect(called('changeStatus').map((c) => (c.args as StatusChange).reason)).toEqual([
      'Not decided in time',
      'The new operator was not decided in time',
    ]);
  });

  test('a question waiting 21 days moves the 30-day expiry to day 51', async () => {
    const handle = await env.client.workflow.start('authorisationRequestWorkflow', {
      taskQueue,
      workflowId: id('authorisation'),
      args: [requestInput()],
    });
    await handle.executeUpdate('requestView');
    const opened = await now();
    const approver = { accountId: 'cca', administratorOf: [], nationalAuthorityOf: ['BE'], commission: false };
    await env.sleep(10 * DAY);
    await handle.executeUpdate('askQuestion', {
      args: [{ questionId: 'q-1', text: 'Which activities?', actor: approver }],
    });
    // The clock stands still: day 31 passes without expiry.
    await env.sleep(21 * DAY);
    expect((await handle.query(requestStatusQuery)).status).toBe('REQUESTED');
    const answered = (await handle.executeUpdate('answerQuestion', {
      args: [{ accountId: 'applicant', text: 'Timber imports' }],
    })) as { expiresAt: string };
    // Asked on day 10, answered on day 31: 21 days added to the 30.
    expect(Date.parse(answered.expiresAt) - opened).toBeGreaterThanOrEqual(51 * DAY - MINUTE);
    expect(Date.parse(answered.expiresAt) - opened).toBeLessThan(51 * DAY + MINUTE);
    expect(called('answerQuestion').map((c) => c.args)).toEqual([
      expect.objectContaining({ questionId: 'q-1', expiresAt: answered.expiresAt }),
    ]);
    await env.sleep(20 * DAY - 2 * MINUTE);
    expect((await handle.query(requestStatusQuery)).status).toBe('REQUESTED');
    expect(statusChanges()).toEqual([]);
    await env.sleep(4 * MINUTE);
    expect(await handle.result()).toMatchObject({ status: 'EXPIRED' });
    expect(statusChanges()).toEqual(['EXPIRED']);
  });
});
