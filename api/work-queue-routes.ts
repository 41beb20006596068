// The approvers' work queue and organisation administrators over HTTP (thin routes over api/use-cases/work-queue.ts).
// Documented in api/openapi-work-queue.ts.
import express, { type RequestHandler, type Router } from 'express';
import { route } from './errors';
import { parseEnvironment } from './use-cases/reference';
import type { WorkQueueUseCases } from './use-cases/work-queue';

export function workQueueRoutes(deps: { workQueue: WorkQueueUseCases; authenticated: RequestHandler }): Router {
  const { workQueue, authenticated } = deps;
  const api = express.Router();
  const me = (req: express.Request) => req.auth!.accountId;
  const env = (req: express.Request) => parseEnvironment(req.params.env);

  api.get(
    '/approvals',
    authenticated,
    route(async (req, res) => {
      res.json(await workQueue.queue(me(req), req.query));
    }),
  );
  api.post(
    '/approvals/:requestId/assignee',
    authenticated,
    route(async (req, res) => {
      res.json(
        await workQueue.assign({ requestId: String(req.params.requestId), actorAccountId: me(req), body: req.body }),
      );
    }),
  );
  api.post(
    '/approvals/:requestId/questions',
    authenticated,
    route(async (req, res) => {
      const params = { requestId: String(req.params.requestId), actorAccountId: me(req), body: req.body };
      res.status(201).json(await workQueue.askQuestion(params));
    }),
  );
  api.post(
    '/environments/:env/authorisation-requests/:requestId/answers',
    authenticated,
    route(async (req, res) => {
      res.status(201).json(await workQueue.answer(env(req), me(req), String(req.params.requestId), req.body));
    }),
  );
  api.get(
    '/environments/:env/organisations/:id/members',
    authenticated,
    route(async (req, res) => {
      res.json(await workQueue.members(env(req), me(req), String(req.params.id)));
    }),
  );
  const administrator = (grant: boolean) =>
    route(async (req, res) => {
      res.json(
        await workQueue.setAdministrator({
          environment: env(req),
          actorAccountId: me(req),
          organisationId: String(req.params.id),
          accountId: String(req.params.accountId),
          grant,
        }),
      );
    });
  api.put('/environments/:env/organisations/:id/administrators/:accountId', authenticated, administrator(true));
  api.delete('/environments/:env/organisations/:id/administrators/:accountId', authenticated, administrator(false));
  return api;
}
