// PostgreSQL is stopped for 20 seconds while registrations wait for their password and authorisation requests for
// their reminder, decision and expiry: meanwhile the API answers 503 with Retry-After (never 500); afterwards the
// activities' retries carry every flow to its end, each row and mail once. The test has its own PostgreSQL, which it
// stops and starts again on the same port and data directory.
import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../lib/db';
import { migrateDatabase } from '../../lib/migrate';
import { seedReferenceData } from '../../prisma/seed';
import { errorAnswer } from '../support/error-answer';
import { freePort } from '../support/free-port';
import { call } from '../support/http';
import { eventually, linkToken, readMails } from '../support/mail';
import { newOperator } from '../support/organisations';
import { startTestStack, type TestStack } from '../support/stack';
import {
  auditCounts,
  belgianAuthority,
  callUntilAnswered,
  closedWorkflows,
  inParallel,
  people,
  requestToJoin,
  startPostgresProcess,
  type ServerProcess,
} from './support';

const OUTAGE_MS = 20_000;
const POOL_SIZE = 8;

/** The status the API's error handler answers for `error`. */
const statusFor = async (error: unknown) => (await errorAnswer(error)).status;
const REQUESTS = 40;
const REGISTRATIONS = 10;

let stack: TestStack;
let postgres: ServerProcess;
let dataDir: string;
let port: number;
const sharedDatabaseUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'outage-'));
  fs.chmodSync(dataDir, 0o755);
  port = await freePort();
  postgres = await startPostgresProcess(dataDir, port);
  await migrateDatabase(postgres.url);
  const db = createDb(postgres.url, { poolSize: 2 });
  await seedReferenceData(db);
  await db.$disconnect();
  // The stack (API and worker in this process) uses this test's database.
  process.env.DATABASE_URL = postgres.url;
  // The expiry leaves room for the 20 s outage and the approvals after it on a busy machine.
  stack = await startTestStack({ approvalReminderAfterMs: 3_000, approvalExpiresAfterMs: 60_000 });
});
afterAll(async () => {
  await stack?.stop();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await postgres?.stop().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('PostgreSQL down for 20 s mid-flow: the API answers 503 meanwhile, then every flow completes', async () => {
  const authority = await belgianAuthority(stack.db);
  const operator = await newOperator(stack);
  const applicants = await people(stack.db, 'outage', REQUESTS);
  const requests = await requestToJoin(stack.baseUrl, applicants, operator.id, 10);
  const ids = requests.map((r) => r.id);
  const emails = Array.from({ length: REGISTRATIONS }, (_, i) => `outage.${i}.${Date.now()}@agri.example.be`);
  await inParallel(emails, 5, async (email) => {
    const response = await call(stack.baseUrl, 'POST', '/api/registrations', {
      firstName: 'Outage',
      lastName: 'Tester',
      email,
      confirmEmail: email,
      emailLanguage: 'en',
      privacyStatementAccepted: true,
    });
    expect(response.status).toBe(202);
  });
  const links = await eventually(
    () => emails.map((email) => readMails(stack.mailDir, email)),
    (inboxes) => inboxes.every((m) => m.length === 1),
  );
  const registrationWorkflows = (
    await stack.db.registration.findMany({ where: { account: { email: { in: emails } } } })
  ).map((r) => r.workflowId);

  // A transaction is open when PostgreSQL goes: its next statement fails as a lost connection does.
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => {
    resume = resolve;
  });
  const interrupted = stack.db
    .$transaction(async (tx) => {
      await tx.account.count();
      await paused;
      await tx.account.count();
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  await eventually(
    () =>
      stack.db.$queryRaw<
        Array<{ n: number }>
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'`,
    (rows) => rows[0]!.n > 0,
  );
  await postgres.stop();
  const stoppedAt = Date.now();
  resume();
  // Every shape of failure the outage produces through Prisma and the pg adapter is a 503 for the API's error handler.
  const failures = [
    await interrupted,
    await stack.db.account.findMany({ take: 1 }).catch((error: unknown) => error),
    await stack.db.$queryRaw`SELECT 1`.catch((error: unknown) => error),
    await stack.db.$transaction(async (tx) => tx.account.count()).catch((error: unknown) => error),
  ];
  expect(failures.every((f) => f instanceof Error)).toBe(true);
  expect(await Promise.all(failures.map((f) => statusFor(f)))).toEqual(failures.map(() => 503));
  const answers: Array<{ what: string; status: number; retryAfter: string | null }> = [];
  const probe = async (
    what: string,
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await call(stack.baseUrl, method, route, body, headers);
    answers.push({ what, status: response.status, retryAfter: response.headers.get('retry-after') });
  };
  // Every kind of call meets the outage, again and again, for as long as it lasts.
  while (Date.now() - stoppedAt < OUTAGE_MS - 2_000) {
    await probe('health', 'GET', '/health');
    await probe('profile', 'GET', '/api/me', undefined, applicants[0]!.auth);
    await probe('registration', 'POST', '/api/registrations', {
      firstName: 'Late',
      lastName: 'Comer',
      email: 'late.comer@agri.example.be',
      confirmEmail: 'late.comer@agri.example.be',
      emailLanguage: 'en',
      privacyStatementAccepted: true,
    });
    await probe('password', 'POST', '/api/password-setup', {
      token: linkToken(links[0]![0]!),
      password: 'Brugge-Kaai-2024',
    });
    await probe('decision', 'POST', `/api/approvals/${ids[0]}/decision`, { decision: 'APPROVE' }, authority.auth);
    await probe(
      'directory',
      'GET',
      '/api/environments/production/directory/operators?country=BE',
      undefined,
      applicants[0]!.auth,
    );
  }
  // The outage is the scenario: the database stays down for its full 20 seconds.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
  postgres = await startPostgresProcess(dataDir, port);

  // /health reports the outage (503, database unreachable); every API call says "try again shortly".
  const seen = (what: string) => [
    ...new Set(answers.filter((a) => a.what === what).map((a) => `${a.status} ${a.retryAfter ?? '-'}`)),
  ];
  expect(
    Object.fromEntries(
      ['health', 'profile', 'registration', 'password', 'decision', 'directory'].map((what) => [what, seen(what)]),
    ),
  ).toEqual({
    health: ['503 -'],
    profile: ['503 5'],
    registration: ['503 5'],
    password: ['503 5'],
    decision: ['503 5'],
    directory: ['503 5'],
  });

  // Afterwards: the people set their passwords, the authority approves half the requests, the rest expire.
  for (const [i, email] of emails.entries()) {
    const response = await callUntilAnswered(
      stack.baseUrl,
      'POST',
      '/api/password-setup',
      { token: linkToken(links[i]![0]!), password: 'Brugge-Kaai-2024' },
      {},
    );
    expect(response.status).toBe(200);
    expect(readMails(stack.mailDir, email)).toHaveLength(1);
  }
  const approved = new Set(ids.slice(0, REQUESTS / 2));
  for (const id of approved) {
    const response = await callUntilAnswered(
      stack.baseUrl,
      'POST',
      `/api/approvals/${id}/decision`,
      { decision: 'APPROVE' },
      authority.auth,
    );
    // A retry after a 503 whose first attempt went through (the Update outran the API's deadline on a busy machine)
    // is told ALREADY_DECIDED; either way the request is VALID, decided by this authority.
    if (response.status === 409) expect(response.body.error.code).toBe('ALREADY_DECIDED');
    else expect(response.body).toEqual({ status: 'VALID' });
    const row = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, decidedById: row.decidedById }).toEqual({
      status: 'VALID',
      decidedById: authority.accountId,
    });
  }
  // The approved people end their roles, so that every flow closes.
  for (const [i, request] of requests.entries()) {
    if (!approved.has(request.id)) continue;
    const response = await callUntilAnswered(
      stack.baseUrl,
      'DELETE',
      `/api/environments/production/roles/${request.id}`,
      undefined,
      applicants[i]!.auth,
    );
    expect(response.body).toEqual({ status: 'DELETED' });
  }

  const all = [...registrationWorkflows, ...requests.map((r) => r.workflowId)];
  const closed = await eventually(
    () => closedWorkflows(stack.temporal, all),
    (ws) => ws.every((w) => w.status === 'COMPLETED'),
    180_000,
  );
  expect(closed.slice(0, REGISTRATIONS).map((w) => (w.result as { status: string }).status)).toEqual(
    emails.map(() => 'ACTIVE'),
  );
  expect(closed.slice(REGISTRATIONS).map((w) => (w.result as { status: string }).status)).toEqual(
    ids.map((id) => (approved.has(id) ? 'DELETED' : 'EXPIRED')),
  );

  // Once each: reminders (all fell in the outage and were retried), outcomes, audit events, mails.
  const audit = await auditCounts(stack.db, ids);
  for (const id of ids) {
    expect(audit.get(id)).toEqual(
      approved.has(id)
        ? { REQUEST_SUBMITTED: 1, REMINDER_SENT: 1, REQUEST_APPROVED: 1, ROLE_DELETED: 1 }
        : { REQUEST_SUBMITTED: 1, REMINDER_SENT: 1, REQUEST_EXPIRED: 1 },
    );
  }
  const outbox = await stack.db.mailOutbox.findMany({
    where: { OR: ids.map((id) => ({ idempotencyKey: { startsWith: `request:${id}:` } })) },
  });
  expect(outbox.filter((m) => m.status !== 'SENT')).toEqual([]);
  const kinds = (id: string) =>
    outbox
      .filter((m) => m.idempotencyKey.startsWith(`request:${id}:`))
      .map((m) => m.idempotencyKey.split(':')[2])
      .sort();
  expect(ids.map(kinds)).toEqual(
    ids.map((id) => (approved.has(id) ? ['approved', 'received', 'reminder'] : ['expired', 'received', 'reminder'])),
  );
  for (const applicant of applicants) expect(readMails(stack.mailDir, applicant.email)).toHaveLength(1);
  expect(readMails(stack.mailDir, authority.email)).toHaveLength(REQUESTS * 2);
  expect(await stack.db.account.count({ where: { email: { in: emails }, status: 'ACTIVE' } })).toBe(REGISTRATIONS);

  // The connection lost in the middle of a transaction went back to the pool: all of the pool's connections (8, see
  // test/support/stack.ts) can be held at once again; a lost one would keep the last transaction from starting.
  let arrived = 0;
  let allIn!: () => void;
  const together = new Promise<void>((resolve) => {
    allIn = resolve;
  });
  await Promise.all(
    Array.from({ length: POOL_SIZE }, () =>
      stack.db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        if (++arrived === POOL_SIZE) allIn();
        await together;
      }),
    ),
  );
});
