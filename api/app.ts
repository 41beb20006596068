// The HTTP API: thin routes over the use-cases. The web process's composition root (web/app.ts) mounts the portal
// and the back-office beside it; see docs/architecture.md.
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import express, { type Express } from 'express';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import type { PayloadKey } from '../lib/payload-codec';
import { metricsEndpoint, type AppMetrics } from '../lib/metrics';
import type { AccountDeps } from '../lib/account-deps';
import { mountAccountRoutes } from './account-routes';
import { apiDocsRouter } from './api-docs';
import { createCodecRouter } from './codec-endpoint';
import { ApiError, errorHandler, route } from './errors';
import { jsonBody, refuseUnstorableUrl } from './input-guards';
import { knownPaths, methodNotAllowed, notFoundHere } from './not-found';
import { requestObservability, restoreLogContext } from './observability';
import { openApiDocument } from './openapi';
import { secondFactorRoutes } from './second-factor-routes';
import { workQueueRoutes } from './work-queue-routes';
import { createUseCases, type UseCases } from './use-cases';
import { parseEnvironment } from './use-cases/reference';

export interface WebDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  publicUrl: string;
  captchaProvider: 'builtin' | 'none';
  linkTtlMs: number;
  sessionTtlMs: number;
  /** APPROVAL_REMINDER_AFTER and APPROVAL_EXPIRES_AFTER (lib/config.ts), given to each new authorisation request. */
  approvalReminderAfterMs: number;
  approvalExpiresAfterMs: number;
  /** History events before a role's workflow continues as new (default ROLE_HISTORY_BOUND, domain/contracts.ts). */
  roleHistoryBound?: number;
  taskQueue?: string;
  /** Prometheus metrics at /metrics. */
  metrics?: AppMetrics;
  /** The codec endpoint for Temporal UI at /codec (api/codec-endpoint.ts). */
  codec?: { payloadCodec: PayloadCodec; authToken?: string; corsOrigins: string[] };
  /** Abuse limits, keyed workflow ids and link lifetimes of the account flows (lib/account-deps.ts). */
  accounts: AccountDeps;
  /** PAYLOAD_ENCRYPTION_KEYS, parsed: the second factor seals TOTP secrets under keys derived from them. */
  atRestKeys: PayloadKey[];
}

/** The API's app; `useCases` are the web process's one set (web/app.ts), built here when the API runs alone. */
export function createApiApp(deps: WebDeps, useCases: UseCases = createUseCases(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestObservability({ logger: deps.logger, metrics: deps.metrics }));
  // A documented path asked with a method it does not declare: 405 with Allow, before any router or authentication.
  app.use(methodNotAllowed(knownPaths(openApiDocument(deps.publicUrl).paths, { '/api/openapi.json': ['GET'] })));

  const { captcha, sessions, profile, reference, directory, approvals, requests, operators, roles } = useCases;
  const authenticated = sessions.authenticate();

  app.get(
    '/health',
    route(async (_req, res) => {
      const [database, temporal] = await Promise.all([
        deps.db.$queryRaw`SELECT 1`.then(
          () => 'ok',
          () => 'unreachable',
        ),
        deps.temporal.workflowService.getSystemInfo({}).then(
          () => 'ok',
          () => 'unreachable',
        ),
      ]);
      const ok = database === 'ok' && temporal === 'ok';
      res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
    }),
  );
  app.use('/health', refuseUnstorableUrl, notFoundHere('/health'));
  if (deps.metrics) app.get('/metrics', metricsEndpoint(deps.metrics));
  if (deps.codec) {
    app.use(
      '/codec',
      createCodecRouter({
        db: deps.db,
        codec: deps.codec.payloadCodec,
        authToken: deps.codec.authToken,
        corsOrigins: deps.codec.corsOrigins,
      }),
    );
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
  api.get(
    '/captcha',
    route(async (_req, res) => {
      res.set('Cache-Control', 'no-store').json(await captcha.newChallenge());
    }),
  );
  mountAccountRoutes(api, useCases, authenticated);
  api.use(secondFactorRoutes({ secondFactor: useCases.secondFactor, authenticated }));
  api.delete(
    '/sessions/current',
    authenticated,
    route(async (req, res) => {
      await sessions.logout(req.auth!);
      res.status(204).end();
    }),
  );
  api.get(
    '/me',
    authenticated,
    route(async (req, res) => {
      res.json(await profile.me(req.auth!.accountId));
    }),
  );
  api.patch(
    '/me/preferences',
    authenticated,
    route(async (req, res) => {
      res.json(await profile.updatePreferences(req.auth!.accountId, req.body));
    }),
  );
  api.get(
    '/reference/:list',
    route(async (req, res) => {
      res.set('Cache-Control', 'public, max-age=300').json(await reference.list(String(req.params.list)));
    }),
  );
  const env = (req: express.Request) => parseEnvironment(req.params.env);
  api.get(
    '/environments/:env/directory/operators',
    authenticated,
    route(async (req, res) => {
      res.json(await directory.operators(env(req), req.query));
    }),
  );
  api.get(
    '/environments/:env/directory/authorities',
    authenticated,
    route(async (req, res) => {
      res.json(await directory.authorities(env(req), req.query));
    }),
  );
  api.get(
    '/environments/:env/directory/control-bodies',
    authenticated,
    route(async (req, res) => {
      res.json(await directory.controlBodies(env(req), req.query));
    }),
  );
  api.post(
    '/environments/:env/authorisation-requests',
    authenticated,
    route(async (req, res) => {
      res.status(202).json(await requests.request(env(req), req.auth!.accountId, req.body));
    }),
  );
  api.get(
    '/environments/:env/authorisation-requests/:id',
    authenticated,
    route(async (req, res) => {
      res.json(await requests.get(env(req), req.auth!.accountId, String(req.params.id)));
    }),
  );
  api.post(
    '/environments/:env/operators',
    authenticated,
    route(async (req, res) => {
      res.status(202).json(await operators.create(env(req), req.auth!.accountId, req.body));
    }),
  );
  api.get(
    '/environments/:env/roles',
    authenticated,
    route(async (req, res) => {
      res.json(await roles.list(env(req), req.auth!.accountId, req.query));
    }),
  );
  api.delete(
    '/environments/:env/roles/:id',
    authenticated,
    route(async (req, res) => {
      res.json(await roles.remove(env(req), req.auth!.accountId, String(req.params.id)));
    }),
  );
  // The use-cases validate the body; the path and the session name the request and the approver.
  const approval = (req: express.Request) => ({
    ...(typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}),
    requestId: String(req.params.requestId),
    actorAccountId: req.auth!.accountId,
  });
  api.post(
    '/approvals/:requestId/decision',
    authenticated,
    route(async (req, res) => {
      res.json(await approvals.decide(approval(req)));
    }),
  );
  api.post(
    '/approvals/:requestId/role-action',
    authenticated,
    route(async (req, res) => {
      res.json(await approvals.changeRole(approval(req)));
    }),
  );
  api.use(workQueueRoutes({ workQueue: useCases.workQueue, authenticated }));
  api.use(notFoundHere('/api'));

  app.use('/api', api);
  app.use(errorHandler(deps.logger));
  return app;
}
