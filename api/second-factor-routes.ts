// The second factor over HTTP: the second step of a login and the account's own factors (thin routes over
// api/use-cases/second-factor.ts). Documented in api/openapi-second-factor.ts.
import express, { type RequestHandler, type Router } from 'express';
import { route } from './errors';
import type { SecondFactorUseCases } from './use-cases/second-factor';

export function secondFactorRoutes(deps: {
  secondFactor: SecondFactorUseCases;
  authenticated: RequestHandler;
}): Router {
  const { secondFactor, authenticated } = deps;
  const api = express.Router();
  const me = (req: express.Request) => req.auth!.accountId;

  api.post(
    '/sessions/mfa',
    route(async (req, res) => {
      res.json(await secondFactor.completeLogin(req.body));
    }),
  );
  api.post(
    '/sessions/mfa/passkey-options',
    route(async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await secondFactor.loginPasskeyOptions(req.body));
    }),
  );

  api.get(
    '/me/second-factors',
    authenticated,
    route(async (req, res) => {
      res.json(await secondFactor.status(me(req)));
    }),
  );
  api.post(
    '/me/second-factors/totp',
    authenticated,
    route(async (req, res) => {
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json(await secondFactor.startTotp(me(req)));
    }),
  );
  api.post(
    '/me/second-factors/totp/confirm',
    authenticated,
    route(async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await secondFactor.confirmTotp(me(req), req.body));
    }),
  );
  api.post(
    '/me/second-factors/passkeys/options',
    authenticated,
    route(async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await secondFactor.passkeyRegistrationOptions(me(req)));
    }),
  );
  api.post(
    '/me/second-factors/passkeys',
    authenticated,
    route(async (req, res) => {
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json(await secondFactor.addPasskey(me(req), req.body));
    }),
  );
  api.post(
    '/me/second-factors/recovery-codes',
    authenticated,
    route(async (req, res) => {
      res.set('Cache-Control', 'no-store').json(await secondFactor.renewRecoveryCodes(me(req), req.body));
    }),
  );
  api.post(
    '/me/second-factors/:id/remove',
    authenticated,
    route(async (req, res) => {
      res.json(await secondFactor.remove(me(req), String(req.params.id), req.body));
    }),
  );
  return api;
}
