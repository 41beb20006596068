// A load test of the applicant's journey over HTTP with autocannon, one route after the other at a fixed arrival rate:
// the portal's home page, "Create an account", the password set on the mailed link, the login, a directory search,
// a request to join an operator and the list of one's roles (where the request waits). Each route gets `rate` requests a second for `seconds`,
// each a different person (their own e-mail, link, session and request), so no request is a retry of another.
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Db } from '../lib/db';
import { insertOperators } from './fixtures';
import { loadAverage } from './logins';
import { percentile, round } from './stats';

export interface LoadTestBench {
  tag: string;
  db: Db;
  baseUrl: string;
  mailDir: string;
}

const PASSWORD = 'Quiet-Harbour-Lantern-93!';
const json = { 'content-type': 'application/json' };

interface RouteResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  achievedRate: number;
}

/**
 * `amount` requests at `rate` a second from `rate` connections (autocannon paces each connection to one request a
 * second, their seconds offset by their start), each built by `build(i)`. Latencies are autocannon's per response.
 */
async function route(
  baseUrl: string,
  rate: number,
  amount: number,
  build: (i: number) => { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: unknown },
  onBody?: (status: number, body: string) => void,
): Promise<RouteResult> {
  let sent = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: baseUrl,
    connections: Math.min(rate, amount),
    overallRate: rate,
    amount,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const made = build(sent++);
          return {
            ...request,
            method: made.method,
            path: made.path,
            headers: { ...made.headers, ...(made.body === undefined ? {} : json) },
            body: made.body === undefined ? undefined : JSON.stringify(made.body),
          } as typeof request;
        },
        ...(onBody && { onResponse: (status: number, body: string) => onBody(status, body) }),
      },
    ],
  });
  // The listener's arguments as autocannon 8 emits them (its type declarations omit the client).
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, status: number, _b, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const failed = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 400)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length,
    errors: failed + result.errors + result.timeouts,
    statuses,
    p50Ms: round(percentile(latencies, 50), 1),
    p95Ms: round(percentile(latencies, 95), 1),
    maxMs: round(Math.max(...latencies), 1),
    achievedRate: round(latencies.length / result.duration, 1),
  };
}

/** The set-password link of each of `emails`, from the .eml files the mailer wrote (quoted-printable decoded). */
async function mailedTokens(mailDir: string, emails: string[], timeoutMs: number): Promise<string[]> {
  const wanted = new Map(emails.map((email, i) => [email, i]));
  const tokens: string[] = [];
  const read = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (tokens.filter(Boolean).length < emails.length) {
    if (Date.now() > deadline)
      throw new Error(`only ${tokens.filter(Boolean).length} of ${emails.length} links mailed`);
    for (const file of fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : []) {
      if (read.has(file) || !file.endsWith('.eml')) continue;
      read.add(file);
      const text = fs
        .readFileSync(path.join(mailDir, file), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/gi, '=');
      const to = /^To: .*?([^\s<>]+@[^\s<>]+)/im.exec(text)?.[1]?.toLowerCase();
      const token = /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      const index = to === undefined ? undefined : wanted.get(to);
      if (index !== undefined && token) tokens[index] = token;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return tokens;
}

/** The journey's routes in order, each measured at `rate` a second for `seconds`; p95 per route and every error. */
export async function loadTest(b: LoadTestBench, sizes: { rate: number; seconds: number }) {
  const { rate, seconds } = sizes;
  const amount = rate * seconds;
  const emails = Array.from({ length: amount }, (_, i) => `load.${b.tag}.${i}@agri.example.be`);
  const operators = await insertOperators(b.db, `${b.tag}-load`, 20, 'BE');
  const loadBefore = loadAverage();
  const routes: Record<string, RouteResult> = {};
  routes['GET /'] = await route(b.baseUrl, rate, amount, () => ({ method: 'GET', path: '/' }));
  routes['POST /api/registrations'] = await route(b.baseUrl, rate, amount, (i) => ({
    method: 'POST',
    path: '/api/registrations',
    body: {
      firstName: 'Bench',
      lastName: 'Applicant',
      email: emails[i],
      confirmEmail: emails[i],
      emailLanguage: 'en',
      privacyStatementAccepted: true,
    },
  }));
  const links = await mailedTokens(b.mailDir, emails, 120_000);
  routes['POST /api/password-setup'] = await route(b.baseUrl, rate, amount, (i) => ({
    method: 'POST',
    path: '/api/password-setup',
    body: { token: links[i], password: PASSWORD },
  }));
  const sessions: string[] = [];
  routes['POST /api/sessions'] = await route(
    b.baseUrl,
    rate,
    amount,
    (i) => ({ method: 'POST', path: '/api/sessions', body: { email: emails[i], password: PASSWORD } }),
    (status, body) => {
      if (status === 200) sessions.push((JSON.parse(body) as { token: string }).token);
    },
  );
  const bearer = (i: number) => ({ authorization: `Bearer ${sessions[i % sessions.length]}` });
  routes['GET /api/…/directory/operators'] = await route(b.baseUrl, rate, amount, (i) => ({
    method: 'GET',
    path: `/api/environments/production/directory/operators?country=BE&q=${encodeURIComponent(b.tag)}`,
    headers: bearer(i),
  }));
  routes['POST /api/…/authorisation-requests'] = await route(b.baseUrl, rate, amount, (i) => ({
    method: 'POST',
    path: '/api/environments/production/authorisation-requests',
    headers: bearer(i),
    body: { kind: 'OPERATOR', organisationIds: [operators[i % operators.length]] },
  }));
  routes['GET /api/…/roles'] = await route(b.baseUrl, rate, amount, (i) => ({
    method: 'GET',
    path: '/api/environments/production/roles',
    headers: bearer(i),
  }));
  const loadAfter = loadAverage();
  const p95 = Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, r.p95Ms]));
  const errors = Object.values(routes).reduce((sum, r) => sum + r.errors, 0);
  return {
    fields: { loadTestRate: rate, loadTestErrors: errors, loadTestP95MsByRoute: p95 },
    details: {
      loadTest: { rate, seconds, tool: 'autocannon', routes, loadAverage: { before: loadBefore, after: loadAfter } },
    },
    text:
      `Load test (autocannon, ${rate} requests/s for ${seconds} s on each route, each from another person; ms p50/p95, ` +
      `achieved rate): ${Object.entries(routes)
        .map(([name, r]) => `${name} ${r.p50Ms}/${r.p95Ms} at ${r.achievedRate}/s`)
        .join('; ')}; ${errors} errors; load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after.`,
  };
}
