// What operations see: JSON log lines with the request id and the workflow id but no personal data, Prometheus
// metrics at /metrics, and an OpenAPI document (with a readable page) that lists every route the app serves.
import crypto from 'node:crypto';
import type { Express } from 'express';
import { decideUpdate } from '../domain/contracts';
import { createLogger } from '../lib/logger';
import { fromZod } from '../api/openapi';
import { registrationSchema } from '../api/use-cases/registration';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

const lines: Array<Record<string, unknown>> = [];
let stack: TestStack;

beforeAll(async () => {
  const logger = createLogger('info', { role: 'test' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  stack = await startTestStack({ logger });
});
afterAll(async () => {
  await stack?.stop();
});

const application = (email: string) => ({
  firstName: 'Ottilie',
  lastName: 'Brandstätter',
  email,
  confirmEmail: email,
  emailLanguage: 'de',
  privacyStatementAccepted: true,
});

describe('logs', () => {
  test('every line of a request carries its id, the workflow start its workflow id, and no line a name or e-mail', async () => {
    const email = `ottilie.${crypto.randomUUID().slice(0, 8)}@agri.example.at`;
    const requestId = `req-${crypto.randomUUID()}`;
    const response = await call(stack.baseUrl, 'POST', '/api/registrations', application(email), {
      'x-request-id': requestId,
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await eventually(
      () => readMails(stack.mailDir, email),
      (mails) => mails.length === 1,
    );

    const mine = await eventually(
      () => lines.filter((l) => l.requestId === requestId),
      (found) => found.length >= 2,
    );
    const workflowId = stack.accounts.workflowIds.registration(email);
    // The workflow start is logged from inside the route, after the body parser: the request id survived it.
    expect(mine).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'workflow start',
        workflowId,
        workflowType: 'registrationWorkflow',
        role: 'test',
      }),
    );
    expect(mine).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        method: 'POST',
        route: '/api/registrations',
        status: 202,
        durationMs: expect.any(Number),
      }),
    );
    for (const line of lines) expect(typeof line.time).toBe('string');

    const all = JSON.stringify(lines);
    for (const personal of ['Ottilie', 'Brandstätter', email]) expect(all).not.toContain(personal);
  });

  test('a request without an id gets one; personal fields passed by mistake are redacted', async () => {
    const response = await call(stack.baseUrl, 'GET', '/api/captcha');
    const generated = response.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toContainEqual(expect.objectContaining({ requestId: generated, route: '/api/captcha', status: 200 }));

    const captured: string[] = [];
    createLogger('info', {}, { write: (line: string) => void captured.push(line) }).warn('oops', {
      email: 'someone@example.eu',
      account: { firstName: 'Anna' },
      accountId: 'a-1',
    });
    expect(JSON.parse(captured[0]!)).toMatchObject({
      msg: 'oops',
      email: '[redacted]',
      account: { firstName: '[redacted]' },
      accountId: 'a-1',
    });
  });
});

describe('metrics', () => {
  test('/metrics counts HTTP requests by route template, workflow starts, mails and decisions', async () => {
    const email = `metrics.${crypto.randomUUID().slice(0, 8)}@agri.example.at`;
    expect((await call(stack.baseUrl, 'POST', '/api/registrations', application(email))).status).toBe(202);
    expect(
      (await call(stack.baseUrl, 'DELETE', `/api/environments/production/roles/${crypto.randomUUID()}`)).status,
    ).toBe(401);
    expect((await call(stack.baseUrl, 'GET', '/api/no-such-thing')).status).toBe(404);
    await eventually(
      () => readMails(stack.mailDir, email),
      (mails) => mails.length === 1,
    );

    // A decision sent to a workflow that has no such handler is refused, and counted as refused.
    const approver = { accountId: crypto.randomUUID(), administratorOf: [], nationalAuthorityOf: [], commission: true };
    await expect(
      stack.temporal.workflow
        .getHandle(stack.accounts.workflowIds.registration(email))
        .executeUpdate(decideUpdate, { args: [{ decision: 'APPROVE', approver }] }),
    ).rejects.toThrow();

    const response = await fetch(`${stack.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(
      value('traces_http_request_duration_seconds_count{method="POST",route="/api/registrations",status="202"}'),
    ).toBeGreaterThanOrEqual(1);
    // Ids in paths do not make a series per request.
    expect(
      value(
        'traces_http_request_duration_seconds_count{method="DELETE",route="/api/environments/:env/roles/:id",status="401"}',
      ),
    ).toBe(1);
    expect(value('traces_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(value('traces_workflow_starts_total{workflow_type="registrationWorkflow"}')).toBeGreaterThanOrEqual(1);
    expect(value('traces_mails_sent_total')).toBeGreaterThanOrEqual(1);
    expect(value('traces_mails_failed_total')).toBe(0);
    expect(value('traces_decisions_total{decision="APPROVE",outcome="refused"}')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

/** Every method and path the Express app routes, as OpenAPI paths (/api/registrations/{id}/resend). */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}'));
        }
      } else if (layer.name === 'router' && layer.handle.stack) {
        // Express 4 keeps a mount path only as the layer's regexp: /^\/api\/?(?=\/|$)/i
        const mount = String(layer.regexp.source).replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replace(/\\\//g, '/');
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as any)._router.stack, '');
  return found;
}

describe('OpenAPI', () => {
  test('the document lists exactly the routes the app serves', async () => {
    const response = await call(stack.baseUrl, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\.1\./);
    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = routesOf(stack.app).filter((route) => !/ \/api\/(openapi\.json|docs)/.test(route));
    expect(served).toContain('POST /api/registrations/resend');
    expect(served).toContain('GET /metrics');
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  test('request bodies are generated from the zod schemas that validate them', async () => {
    const { body } = await call(stack.baseUrl, 'GET', '/api/openapi.json');
    const schema = body.paths['/api/registrations'].post.requestBody.content['application/json'].schema;
    expect(schema).toEqual(fromZod(registrationSchema));
    expect(schema).toMatchObject({
      additionalProperties: false,
      required: ['firstName', 'lastName', 'email', 'confirmEmail', 'emailLanguage', 'privacyStatementAccepted'],
    });
    expect(schema.properties.emailLanguage.enum).toHaveLength(24);
  });

  test('/api/docs is a self-contained page that renders the document', async () => {
    const page = await fetch(`${stack.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const asset of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      const loaded = await fetch(`${stack.baseUrl}${asset}`);
      expect(loaded.status).toBe(200);
      expect((await loaded.arrayBuffer()).byteLength).toBeGreaterThan(10);
    }
    expect(await (await fetch(`${stack.baseUrl}/api/docs/init.js`)).text()).toContain("url: '/api/openapi.json'");
  });
});
