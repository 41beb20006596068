// The worker is killed (SIGKILL) after the mail went out and a new one is started: the registration still completes,
// with exactly one mail per link, and the link mailed before the kill works.
import crypto from 'node:crypto';
import { processesWithEnv, startChildApp } from './support/child-app';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ worker: false });
});
afterAll(async () => {
  await stack?.stop();
});

const workerEnv = () => ({
  ROLE: 'worker',
  TEMPORAL_TASK_QUEUE: stack.taskQueue,
  MAIL_DIR: stack.mailDir,
  DATA_DIR: stack.mailDir,
  PUBLIC_URL: 'http://traces.test',
});

test('a worker killed after the mail is replaced and the flow completes with one mail per link', async () => {
  const first = startChildApp(workerEnv());
  await first.waitFor('TRACES onboarding is up');
  const email = `durable.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
  const registered = await call(stack.baseUrl, 'POST', '/api/registrations', {
    firstName: 'Jan',
    lastName: 'Janssens',
    email,
    confirmEmail: email,
    emailLanguage: 'nl',
    privacyStatementAccepted: true,
  });
  expect(registered.status).toBe(202);
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email),
    (mails) => mails.length === 1,
  );
  expect(mail!.subject).toBe('TRACES NT: stel uw wachtwoord in');

  expect(await first.kill('SIGKILL')).toBeNull();
  expect(processesWithEnv('TEMPORAL_TASK_QUEUE', stack.taskQueue)).toEqual([]);
  const second = startChildApp(workerEnv());
  try {
    await second.waitFor('TRACES onboarding is up');
    // Killed between writing the mail and marking it SENT, the issue is retried and mailed again under the same key
    // (the file mailer replaces the file; SMTP would deliver a second copy). The token is derived from the link's key,
    // so the retry mails the same link: the mail that went out before the kill still works.
    await eventually(
      () => stack.db.mailOutbox.findMany({ where: { toAddress: email } }),
      (rows) => rows.length === 1 && rows[0]!.status === 'SENT',
    );
    const [latest] = readMails(stack.mailDir, email);
    expect(linkToken(latest!)).toBe(linkToken(mail!));
    const setup = await call(stack.baseUrl, 'POST', '/api/password-setup', {
      token: linkToken(mail!),
      password: 'Durable-Pass-77',
    });
    expect(setup.status).toBe(200);
    const registration = await stack.db.registration.findFirstOrThrow({ where: { account: { email } } });
    expect(await stack.temporal.workflow.getHandle(registration.workflowId).result()).toMatchObject({
      status: 'ACTIVE',
    });
    expect(readMails(stack.mailDir, email)).toHaveLength(1);
    expect(await stack.db.mailOutbox.count({ where: { toAddress: email } })).toBe(1);
  } finally {
    await second.kill();
  }
});
