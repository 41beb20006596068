// `npm start` on its own: embedded PostgreSQL and the Temporal dev server (with its UI) started by the app, data kept
// across a restart, and nothing left running after SIGINT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildApp, type ChildApp } from './support/child-app';
import { freePort } from './support/free-port';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';

/** Every process below `pid`, read from /proc (Linux). */
function descendants(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry), ...descendants(Number(entry)));
    } catch {
      // the process ended while we read
    }
  }
  return children;
}
const commandOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-start-'));
fs.chmodSync(dataDir, 0o755);
let ports: { web: number; postgres: number; temporal: number; ui: number };
let app: ChildApp | undefined;

beforeAll(async () => {
  ports = { web: await freePort(), postgres: await freePort(), temporal: await freePort(), ui: await freePort() };
});
afterAll(async () => {
  await app?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): ChildApp {
  return startChildApp({
    // Unset: the app starts its own PostgreSQL and Temporal under DATA_DIR.
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    PAYLOAD_ENCRYPTION_KEYS: '',
    // As `npm start` does: the worker bundles the workflows itself.
    WORKFLOW_BUNDLE_PATH: '',
    DATA_DIR: dataDir,
    PORT: String(ports.web),
    PUBLIC_URL: `http://localhost:${ports.web}`,
    LOCAL_POSTGRES_PORT: String(ports.postgres),
    LOCAL_TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    DEMO_PASSWORD: 'Demo-Approver-2026!',
    ADMIN_JS_TMP_DIR: path.join(dataDir, 'adminjs'),
  });
}

async function stopWithSigint(child: ChildApp) {
  const started = descendants(child.process.pid!);
  const servers = started.filter((pid) => /postgres|temporal/.test(commandOf(pid)));
  expect(servers.some((pid) => /postgres/.test(commandOf(pid)))).toBe(true);
  expect(servers.some((pid) => /temporal/.test(commandOf(pid)))).toBe(true);
  expect(await child.kill('SIGINT')).toBe(0);
  await eventually(
    () => started.filter(alive),
    (left) => left.length === 0,
    15_000,
  );
}

test('start, use, SIGINT with nothing left behind, start again with the data kept', async () => {
  const base = `http://localhost:${ports.web}`;
  app = start();
  await app.waitFor('cca-fr@example.eu', 180_000);
  expect(app.output()).toContain(`Temporal UI:  http://localhost:${ports.ui}`);
  expect(app.output()).toContain('cca-be@example.eu');

  expect((await call(base, 'GET', '/health')).body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  expect((await fetch(`${base}/admin/login`)).status).toBe(200);
  expect((await fetch(`http://localhost:${ports.ui}/`)).status).toBe(200);
  expect((await call(base, 'GET', '/api/openapi.json')).body.openapi).toMatch(/^3\./);

  const email = `restart.${Date.now()}@agri.example.be`;
  const registered = await call(base, 'POST', '/api/registrations', {
    firstName: 'Bart',
    lastName: 'Peeters',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });
  expect(registered.status).toBe(202);
  const [mail] = await eventually(
    () => readMails(path.join(dataDir, 'mail'), email),
    (m) => m.length === 1,
  );
  expect(
    (await call(base, 'POST', '/api/password-setup', { token: linkToken(mail!), password: 'Restart-Pass-42' })).status,
  ).toBe(200);

  await stopWithSigint(app);

  app = start();
  await app.waitFor('TRACES onboarding is up', 180_000);
  const login = await call(base, 'POST', '/api/sessions', { email, password: 'Restart-Pass-42' });
  expect(login.status).toBe(200);
  const replayed = await call(base, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: 'Restart-Pass-42',
  });
  expect(replayed.body.error.code).toBe('INVALID_TOKEN');
  await stopWithSigint(app);
  app = undefined;
  // Two start-ups of the whole stack (PostgreSQL, Temporal, bundling), each allowed 180 s above.
}, 400_000);
