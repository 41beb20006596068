// Replay of registrationWorkflow histories against the current bundle, so that a change which breaks determinism
// fails here. The histories under test/histories/ were recorded from real runs (payloads decoded); after an intended,
// versioned change record them again with `RECORD_HISTORIES=1 npx jest test/replay-registration.test.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { decodePayloads, historyFromText, historyToText } from './support/history';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

const HISTORIES = path.join(__dirname, 'histories');
const RECORD = process.env.RECORD_HISTORIES === '1';
const bundle = () => ({ code: fs.readFileSync(process.env.TEST_WORKFLOW_BUNDLE!, 'utf8') });
const committed = () => fs.readdirSync(HISTORIES).filter((f) => f.startsWith('registration-'));

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ linkTtlMs: 3_000 });
});
afterAll(async () => {
  await stack?.stop();
});

test.each(committed())('committed history %s replays', async (file) => {
  const history = historyFromText(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: bundle() }, history, file);
});

test('the main paths are committed: activated after a resend, expired, already registered', () => {
  expect(committed().sort()).toEqual([
    'registration-activated-after-resend.json',
    'registration-already-registered.json',
    'registration-expired.json',
  ]);
});

async function register(email: string) {
  const response = await call(stack.baseUrl, 'POST', '/api/registrations', {
    firstName: 'Rita',
    lastName: 'Wouters',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });
  expect(response.status).toBe(202);
}

/** Replays a finished run and, when recording, writes it to test/histories/<name>. */
async function replayAndMaybeRecord(name: string, workflowId: string, runId?: string) {
  const handle = stack.temporal.workflow.getHandle(workflowId, runId);
  await handle.result();
  const text = historyToText(await decodePayloads(await handle.fetchHistory(), stack.codec));
  await Worker.runReplayHistory({ workflowBundle: bundle() }, historyFromText(text), name);
  if (RECORD) fs.writeFileSync(path.join(HISTORIES, name), text);
}

test(`fresh runs of the main paths replay${RECORD ? ' (and are recorded into test/histories)' : ''}`, async () => {
  const stamp = Date.now();
  const activated = `replay.activated.${stamp}@agri.example.be`;
  const expired = `replay.expired.${stamp}@agri.example.be`;
  const activatedId = stack.accounts.workflowIds.registration(activated);

  await register(activated);
  await register(expired);
  await eventually(
    () => readMails(stack.mailDir, activated),
    (m) => m.length === 1,
  );
  expect((await call(stack.baseUrl, 'POST', '/api/registrations/resend', { email: activated })).status).toBe(202);
  const mails = await eventually(
    () => readMails(stack.mailDir, activated),
    (m) => m.length === 2,
  );
  const second = mails.find((m) => m.file.endsWith('link_2.eml'))!;
  expect(
    (
      await call(stack.baseUrl, 'POST', '/api/password-setup', {
        token: linkToken(second),
        password: 'Replay-Pass-123',
      })
    ).status,
  ).toBe(200);
  await replayAndMaybeRecord('registration-activated-after-resend.json', activatedId);
  await replayAndMaybeRecord('registration-expired.json', stack.accounts.workflowIds.registration(expired));

  // Registering the now active address again runs the "already registered" path in a new run of the same id.
  await register(activated);
  await replayAndMaybeRecord('registration-already-registered.json', activatedId);
});
