// The HTTP API: thin routes over the use-cases. The back-office is mounted beside it by the start-up.
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { ApiError, errorHandler, route } from './errors';
import { openApiDocument } from './openapi';
import { createCaptchaService, type CaptchaGenerator } from './use-cases/captcha';
import { createProfileUseCases } from './use-cases/profile';
import { createRegistrationUseCases } from './use-cases/registration';
import { createSessionUseCases } from './use-cases/sessions';

export interface WebDeps {
  db: Db;
  temporal: Client;
  logger: Logger;
  publicUrl: string;
  captchaProvider: 'builtin' | 'none';
  captchaGenerator?: CaptchaGenerator;
  linkTtlMs: number;
  sessionTtlMs: number;
  taskQueue?: string;
}

export function createApiApp(deps: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const captcha = createCaptchaService({ db: deps.db, provider: deps.captchaProvider, generate: deps.captchaGenerator });
  const registration = createRegistrationUseCases({
    db: deps.db, temporal: deps.temporal, captcha, linkTtlMs: deps.linkTtlMs, taskQueue: deps.taskQueue,
  });
  const sessions = createSessionUseCases({ db: deps.db, sessionTtlMs: deps.sessionTtlMs });
  const profile = createProfileUseCases({ db: deps.db });
  const authenticated = sessions.authenticate();

  app.get('/health', route(async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(() => 'ok', () => 'unreachable'),
      deps.temporal.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unreachable'),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  }));

  const api = express.Router();
  api.use(express.json({ limit: '64kb', strict: true, type: () => true }));
  api.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT';
    if (hasBody && req.headers['content-length'] !== '0' && req.is('application/json') === false) {
      next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
      return;
    }
    next();
  });

  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(deps.publicUrl));
  });
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
  api.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', `No route ${req.method} ${req.baseUrl}${req.path}`)));

  app.use('/api', api);
  app.use(errorHandler(deps.logger));
  return app;
}
