// The back-office with APPROVER_MFA=required, over HTTP against the real app (scripts/start.ts as a child process):
// an approver without a second factor cannot enter and is told to enrol in the portal; once they have set up an
// authenticator app (over the API, codes from otplib), the login asks for a code and then lets them in.
import { generate } from 'otplib';
import { createDb, type Db } from '../lib/db';
import { AdminHttp } from './support/admin-http';
import { startAppProcess, type AppProcess } from './support/app-process';
import { bearer, call } from './support/http';

let app: AppProcess;
let db: Db;
const EMAIL = 'cca-be@example.eu';
const OPTIONAL_EMAIL = 'cca-fr@example.eu';

/** The demo approvers are shared with the other back-office tests, which log in with the password alone. */
async function forgetFactors() {
  for (const email of [EMAIL, OPTIONAL_EMAIL]) {
    const account = await db.account.findUnique({ where: { email } });
    if (account) await db.secondFactor.deleteMany({ where: { accountId: account.id } });
    if (account) await db.recoveryCode.deleteMany({ where: { accountId: account.id } });
  }
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
  app = await startAppProcess({ env: { APPROVER_MFA: 'required' } });
  await forgetFactors();
}, 180_000);
afterAll(async () => {
  await forgetFactors().catch(() => undefined);
  await app?.stop();
  await db?.$disconnect();
});

const totp = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });

/** Sets up an authenticator app for an account over the app's API; its secret and recovery codes. */
async function enrolTotp(baseUrl: string, email: string, password: string) {
  const session = await call(baseUrl, 'POST', '/api/sessions', { email, password });
  const auth = bearer(session.body.token);
  const started = await call(baseUrl, 'POST', '/api/me/second-factors/totp', undefined, auth);
  expect(started.status).toBe(201);
  const secret = started.body.secret as string;
  const confirmed = await call(
    baseUrl,
    'POST',
    '/api/me/second-factors/totp/confirm',
    { enrolmentId: started.body.enrolmentId, code: await totp(secret) },
    auth,
  );
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

test('APPROVER_MFA=required: no factor, no back-office (with the way to enrol); with an app, a second step and then the back-office', async () => {
  const admin = new AdminHttp(app.baseUrl);
  const refused = await admin.request('POST', '/admin/login', { form: { email: EMAIL, password: app.demoPassword } });
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('A second factor is required');
  expect(refused.text).toContain(`${app.baseUrl}/profile/security`);
  expect((await admin.api('GET', '/resources/AuthorisationRequest/actions/list')).status).toBe(302);
  // A wrong password is refused as before, without saying anything about factors.
  const wrongPassword = await admin.request('POST', '/admin/login', {
    form: { email: EMAIL, password: 'Wrong-Password-1!' },
  });
  expect(wrongPassword.text).not.toContain('second factor');

  // The approver enrols in the portal's API with their password.
  const { secret } = await enrolTotp(app.baseUrl, EMAIL, app.demoPassword);

  const login = await admin.request('POST', '/admin/login', { form: { email: EMAIL, password: app.demoPassword } });
  expect(login.status).toBe(302);
  expect(login.headers.get('location')).toBe('/admin/login/second-factor');
  // Between the steps the back-office stays closed.
  expect((await admin.api('GET', '/resources/AuthorisationRequest/actions/list')).status).toBe(302);
  const step = await admin.request('GET', '/admin/login/second-factor');
  expect(step.status).toBe(200);
  expect(step.text).toContain('Code from your authenticator app, or a recovery code');

  const wrong = await admin.request('POST', '/admin/login/second-factor', { form: { code: '000000' } });
  expect(wrong.status).toBe(401);
  expect(wrong.text).toContain('The code does not match');
  const passed = await admin.request('POST', '/admin/login/second-factor', { form: { code: await totp(secret, 1) } });
  expect(passed.status).toBe(302);
  expect(passed.headers.get('location')).toBe('/admin');
  const list = await admin.api('GET', '/resources/AuthorisationRequest/actions/list');
  expect(list.status).toBe(200);
  expect(Array.isArray(list.body.records)).toBe(true);
  // The session id changed at the end of the second step, and the step cannot be used again.
  const other = new AdminHttp(app.baseUrl);
  expect(
    (await other.request('POST', '/admin/login/second-factor', { form: { code: await totp(secret, 1) } })).headers.get(
      'location',
    ),
  ).toBe('/admin/login');
}, 120_000);

test('APPROVER_MFA unset locally (optional): the password alone opens the back-office, but an approver with a factor gets the second step', async () => {
  const local = await startAppProcess();
  try {
    const plain = new AdminHttp(local.baseUrl);
    expect(await plain.login(OPTIONAL_EMAIL, local.demoPassword)).toBe(true);
    const { recoveryCodes } = await enrolTotp(local.baseUrl, OPTIONAL_EMAIL, local.demoPassword);
    const admin = new AdminHttp(local.baseUrl);
    expect(await admin.login(OPTIONAL_EMAIL, local.demoPassword)).toBe(false);
    expect((await admin.request('GET', '/admin/login/second-factor')).status).toBe(200);
    const passed = await admin.request('POST', '/admin/login/second-factor', { form: { code: recoveryCodes[0]! } });
    expect(passed.headers.get('location')).toBe('/admin');
    expect((await admin.api('GET', '/resources/AuthorisationRequest/actions/list')).status).toBe(200);
  } finally {
    await local.stop();
  }
}, 180_000);
