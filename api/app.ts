// The HTTP API: thin routes over the use-cases. The back-office is mounted beside it by the start-up.
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import express, { type Express } from 'express';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { metricsEndpoint, type AppMetrics } from '../lib/metrics';
import { apiDocsRouter } from './api-docs';
import { createCodecRouter } from './codec-endpoint';
import { ApiError, errorHandler, route } from './errors';
import { jsonBody, refuseUnstorableUrl } from './input-guards';
import { knownPaths, methodNotAllowed, notFoundHere } from './not-found';
import { requestObservability, restoreLogContext } from './observability';
import { openApiDocument } from './openapi';
import { createPortalApp } from '../portal/router';
import { createUseCases } from './use-cases';
import type { CaptchaGenerator } from './use-cases/captcha';
import { parseEnvironment } from './use-cases/reference';

export interface WebDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  publicUrl: string;
  captchaProvider: 'builtin' | 'none';
  captchaGenerator?: CaptchaGenerator;
  linkTtlMs: number;
  sessionTtlMs: number;
  /** APPROVAL_REMINDER_AFTER and APPROVAL_EXPIRES_AFTER (DESIGN §3.5), given to each new authorisation request. */
  approvalReminderAfterMs: number;
  approvalExpiresAfterMs: number;
  taskQueue?: string;
  /** Prometheus metrics at /metrics. */
  metrics?: AppMetrics;
  /** The codec endpoint for Temporal UI at /codec (api/codec-endpoint.ts). */
  codec?: { payloadCodec: PayloadCodec; authToken?: string; corsOrigins: string[] };
}

export function createApiApp(deps: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestObservability({ logger: deps.logger, metrics: deps.metrics }));
  // A documented path asked with a method it does not declare: 405 with Allow, before any router or authentication.
  app.use(methodNotAllowed(knownPaths(openApiDocument(deps.publicUrl).paths, { '/api/openapi.json': ['GET'] })));

  // One set of use-cases for the API and the applicant portal.
  const useCases = createUseCases(deps);
  const { captcha, registration, sessions, profile, reference, directory, approvals, requests, operators, roles } = useCases;
  const authenticated = sessions.authenticate();

  app.get('/health', route(async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(() => 'ok', () => 'unreachable'),
      deps.temporal.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unreachable'),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  }));
  app.use('/health', refuseUnstorableUrl, notFoundHere('/health'));
  if (deps.metrics) app.get('/metrics', metricsEndpoint(deps.metrics));
  if (deps.codec) {
    app.use('/codec', createCodecRouter({ db: deps.db, codec: deps.codec.payloadCodec, authToken: deps.codec.authToken, corsOrigins: deps.codec.corsOrigins }));
  }

  const api = express.Router();
  // Bodies must be JSON; a body of another type is refused before anything parses it.
  api.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT';
    if (hasBody && req.headers['content-length'] !== '0' && req.is('application/json') === false) {
      next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
      return;
    }
    next();
  });
  api.use(refuseUnstorableUrl, jsonBody({ limit: '64kb' }));
  api.use(restoreLogContext);

  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.publicUrl));
  });
  api.use('/docs', apiDocsRouter());
  api.get('/captcha', route(async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await captcha.newChallenge());
  }));
  api.post('/registrations', route(async (req, res) => {
    res.status(202).json(await registration.register(req.body));
  }));
  api.post('/registrations/:id/resend', route(async (req, res) => {
    res.status(202).json(await registration.resend(String(req.params.id)));
  }));
  api.post('/password-setup', route(async (req, res) => {
    res.json(await registration.setPassword(req.body));
  }));
  api.post('/sessions', route(async (req, res) => {
    res.json(await sessions.login(req.body));
  }));
  api.delete('/sessions/current', authenticated, route(async (req, res) => {
    await sessions.logout(req.auth!);
    res.status(204).end();
  }));
  api.get('/me', authenticated, route(async (req, res) => {
    res.json(await profile.me(req.auth!.accountId));
  }));
  api.patch('/me/preferences', authenticated, route(async (req, res) => {
    res.json(await profile.updatePreferences(req.auth!.accountId, req.body));
  }));
  api.get('/reference/:list', route(async (req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(await reference.list(String(req.params.list)));
  }));
  const env = (req: express.Request) => parseEnvironment(req.params.env);
  api.get('/environments/:env/directory/operators', authenticated, route(async (req, res) => {
    res.json(await directory.operators(env(req), req.query));
  }));
  api.get('/environments/:env/directory/authorities', authenticated, route(async (req, res) => {
    res.json(await directory.authorities(env(req), req.query));
  }));
  api.get('/environments/:env/directory/control-bodies', authenticated, route(async (req, res) => {
    res.json(await directory.controlBodies(env(req), req.query));
  }));
  api.post('/environments/:env/authorisation-requests', authenticated, route(async (req, res) => {
    res.status(202).json(await requests.request(env(req), req.auth!.accountId, req.body));
  }));
  api.get('/environments/:env/authorisation-requests/:id', authenticated, route(async (req, res) => {
    res.json(await requests.get(env(req), req.auth!.accountId, String(req.params.id)));
  }));
  api.post('/environments/:env/operators', authenticated, route(async (req, res) => {
    res.status(202).json(await operators.create(env(req), req.auth!.accountId, req.body));
  }));
  api.get('/environments/:env/roles', authenticated, route(async (req, res) => {
    res.json(await roles.list(env(req), req.auth!.accountId, req.query));
  }));
  api.delete('/environments/:env/roles/:id', authenticated, route(async (req, res) => {
    res.json(await roles.remove(env(req), req.auth!.accountId, String(req.params.id)));
  }));
  // The use-cases validate the body; the path and the session name the request and the approver.
  const approval = (req: express.Request) => ({
    ...(typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}),
    requestId: String(req.params.requestId), actorAccountId: req.auth!.accountId,
  });
  api.post('/approvals/:requestId/decision', authenticated, route(async (req, res) => {
    res.json(await approvals.decide(approval(req)));
  }));
  api.post('/approvals/:requestId/role-action', authenticated, route(async (req, res) => {
    res.json(await approvals.changeRole(approval(req)));
  }));
  api.use(notFoundHere('/api'));

  app.use('/api', api);
  // The applicant portal's pages (portal/): its own app, answering only its paths, so the back-office mounted later still is reached.
  app.use(createPortalApp({ useCases, db: deps.db, logger: deps.logger, publicUrl: deps.publicUrl, linkTtlMs: deps.linkTtlMs }));
  app.use(errorHandler(deps.logger));
  return app;
}
