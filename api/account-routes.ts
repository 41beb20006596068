// The account routes: registration and its resend, login, forgotten password, change of password and e-mail.
// Each passes the client address (req.ip: the socket, or X-Forwarded-For from a trusted proxy) for the abuse limits.
import type { RequestHandler, Router } from 'express';
import { route } from './errors';
import type { UseCases } from './use-cases';

export function mountAccountRoutes(api: Router, useCases: UseCases, authenticated: RequestHandler): void {
  const { registration, sessions, passwordResets, accountSecurity } = useCases;
  api.post(
    '/registrations',
    route(async (req, res) => {
      res.status(202).json(await registration.register(req.body, req.ip));
    }),
  );
  // By e-mail, answered alike for pending, registered and unknown addresses. The older route by registration id is
  // gone (it told real ids from unknown ones by its timing): it gets the 404 of every unknown route.
  api.post(
    '/registrations/resend',
    route(async (req, res) => {
      res.status(202).json(await registration.resend(req.body, req.ip));
    }),
  );
  api.post(
    '/password-setup',
    route(async (req, res) => {
      res.json(await registration.setPassword(req.body));
    }),
  );
  api.post(
    '/sessions',
    route(async (req, res) => {
      res.json(await sessions.login(req.body, req.ip));
    }),
  );
  api.post(
    '/password-resets',
    route(async (req, res) => {
      res.status(202).json(await passwordResets.request(req.body, req.ip));
    }),
  );
  api.post(
    '/password-resets/confirm',
    route(async (req, res) => {
      res.json(await passwordResets.confirm(req.body));
    }),
  );
  api.post(
    '/me/password',
    authenticated,
    route(async (req, res) => {
      res.json(await accountSecurity.changePassword(req.auth!, req.body, req.ip));
    }),
  );
  api.post(
    '/me/email',
    authenticated,
    route(async (req, res) => {
      res.status(202).json(await accountSecurity.requestEmailChange(req.auth!, req.body, req.ip));
    }),
  );
  api.post(
    '/me/email/confirm',
    route(async (req, res) => {
      res.json(await accountSecurity.confirmEmailChange(req.body));
    }),
  );
}
