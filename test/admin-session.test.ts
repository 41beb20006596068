// The back-office's session rules in front of AdminJS (admin/session-security.ts), on a real express-session store in
// PostgreSQL: the absolute timeout ends even a busy session, an idle one expires in the store, a person who lost their
// approver rights is logged out, and state-changing requests must come from our origin.
import type { Server } from 'node:http';
import connectPgSimple from 'connect-pg-simple';
import express from 'express';
import session from 'express-session';
import type { ApproverScope } from '../admin/approver-scope';
import { regenerateSession, sameOriginOnly, sessionGuard } from '../admin/session-security';
import { createDb, type Db } from '../lib/db';
import { AdminHttp } from './support/admin-http';
import { eventually } from './support/mail';

let db: Db;
let server: Server;
let store: { close(): Promise<void> | void };
let baseUrl: string;
const entitled = new Map<string, boolean>();

const scope = (ok: boolean): ApproverScope => ({
  entitled: ok,
  title: 'Test authority',
  nationalAuthorityOf: ok ? [{ environment: 'training', country: 'BE' }] : [],
  administratorOf: [],
  commissionIn: [],
});

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
  const PgStore = connectPgSimple(session);
  const app = express();
  const router = express.Router();
  const pgStore = new PgStore({ conString: process.env.DATABASE_URL!, tableName: 'admin_session' });
  store = pgStore;
  router.use(
    session({
      store: pgStore,
      secret: 'a-test-secret-of-at-least-32-characters',
      name: 'traces_admin',
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', path: '/admin', maxAge: 60_000 },
    }),
  );
  router.use(sameOriginOnly('http://back-office.test'));
  router.use(
    sessionGuard({
      loginPath: '/admin/login',
      absoluteTimeoutMs: 4000,
      loadScope: async (id) => scope(entitled.get(id) ?? false),
    }),
  );
  router.post('/login', express.urlencoded({ extended: false }), (req, res, next) => {
    regenerateSession(req).then(() => {
      req.session.adminUser = { id: String(req.body.id), email: 'x@example.eu', title: '', scope: scope(true) };
      res.redirect('/admin');
    }, next);
  });
  router.get('/api/ping', (req, res) =>
    req.session.adminUser ? res.json({ ok: true }) : res.redirect('/admin/login'),
  );
  router.post('/api/ping', (_req, res) => res.json({ changed: true }));
  app.use('/admin', router);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  await db?.$disconnect();
});

async function loggedIn(id: string) {
  entitled.set(id, true);
  const client = new AdminHttp(baseUrl);
  const login = await client.request('POST', '/admin/login', { form: { id } });
  expect(login.status).toBe(302);
  expect((await client.request('GET', '/admin/api/ping')).status).toBe(200);
  return client;
}

test('the absolute timeout ends a session however busy it is', async () => {
  const client = await loggedIn('busy');
  const sid = client.sessionId()!;
  const ended = await eventually(
    () => client.request('GET', '/admin/api/ping'),
    (r) => r.status === 302,
    10_000,
  );
  expect(ended.headers.get('location')).toBe('/admin/login');
  expect(await db.adminSession.findUnique({ where: { sid } })).toBeNull();
});

test('an idle session expires in the store: the cookie alone does not bring it back', async () => {
  const client = await loggedIn('idle');
  const sid = client.sessionId()!;
  await db.adminSession.update({ where: { sid }, data: { expire: new Date(Date.now() - 1000) } });
  expect((await client.request('GET', '/admin/api/ping')).status).toBe(302);
});

test('a person who is no longer entitled to decide anything is logged out on their next request', async () => {
  const client = await loggedIn('demoted');
  entitled.set('demoted', false);
  const response = await client.request('GET', '/admin/api/ping');
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/admin/login');
});

test('state-changing requests must prove they come from the back-office itself', async () => {
  const client = new AdminHttp(baseUrl);
  const post = (headers: Record<string, string>) => client.request('POST', '/admin/api/ping', { json: {}, headers });
  const own = { origin: baseUrl, 'sec-fetch-site': 'same-origin' };
  expect((await post(own)).status).toBe(200);
  expect((await post({ ...own, origin: 'http://back-office.test' })).status).toBe(200);
  expect((await post({ origin: baseUrl, 'sec-fetch-site': '' })).status).toBe(200);
  expect((await post({ origin: '', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  for (const refused of [
    { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' },
    { origin: 'http://evil.test', 'sec-fetch-site': '' },
    { origin: 'null', 'sec-fetch-site': '' },
    { origin: baseUrl, 'sec-fetch-site': 'same-site' },
    { origin: baseUrl, 'sec-fetch-site': 'none' },
    { origin: '', 'sec-fetch-site': '' },
  ]) {
    const response = await post(refused);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: { code: 'CROSS_ORIGIN_REFUSED', message: expect.any(String) } });
  }
  // Reading is not changing state: a cross-site GET is answered (and still needs a session).
  expect(
    (
      await client.request('GET', '/admin/api/ping', {
        headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' },
      })
    ).status,
  ).toBe(302);
});
