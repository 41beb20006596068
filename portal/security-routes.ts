// The portal's second-factor pages: "Sign-in security" in the profile and the second step of the login, over the
// same use-cases as the API (api/use-cases/second-factor.ts). Mounted by portal/router.ts with its helpers.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ApiError, route } from '../api/errors';
import type { SecondFactorUseCases } from '../api/use-cases/second-factor';
import type { SessionUseCases } from '../api/use-cases/sessions';
import { chrome, portalContext, setSessionCookie } from './context';
import type { SafeHtml } from './html';
import { codeMessage, fieldErrorText } from './i18n';
import type { FieldErrors } from './layout';
import {
  recoveryCodesPage,
  removeFactorPage,
  secondStepPage,
  securityPage,
  totpSetupPage,
  type FactorView,
} from './views/security';

export interface SecurityRouteDeps {
  secondFactor: SecondFactorUseCases;
  sessions: SessionUseCases;
  context: RequestHandler;
  /** Body parser, log context and CSRF check of the portal's forms. */
  form: RequestHandler[];
  loggedIn: RequestHandler;
  send(res: Response, status: number, body: SafeHtml): void;
  /** A local path to go back to after login, or undefined. */
  safeNext(next: unknown): string | undefined;
}

const WEBAUTHN_BUNDLE = path.join(
  path.dirname(require.resolve('@simplewebauthn/browser')),
  '..',
  'dist',
  'bundle',
  'index.umd.min.js',
);
const PASSKEYS_SCRIPT = path.join(__dirname, 'assets', 'passkeys.js');
const one = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A refusal as messages: next to the field `fieldId` when it is about what was typed, else at the top. */
function refusal(res: Response, error: unknown, fieldId: string): { errors: FieldErrors; pageErrors: string[] } {
  if (!(error instanceof ApiError) || error.status >= 500) throw error;
  if (error.headers) res.set(error.headers);
  const { t } = portalContext(res);
  if (error.code === 'VALIDATION_FAILED') {
    const messages = Object.values(error.fieldErrors ?? {}).map((e) => fieldErrorText(t, e));
    return { errors: { [fieldId]: messages[0] ?? codeMessage(t, error.code) }, pageErrors: [] };
  }
  const message = codeMessage(t, error.code);
  return error.code === 'INVALID_SECOND_FACTOR' || error.code === 'REAUTHENTICATION_FAILED'
    ? { errors: { [fieldId]: message }, pageErrors: [] }
    : { errors: {}, pageErrors: [message] };
}

export function securityRoutes(deps: SecurityRouteDeps): Router {
  const { secondFactor, context, form, loggedIn, send } = deps;
  const router = express.Router();
  const me = (res: Response) => portalContext(res).auth!.accountId;
  const seeOther = (res: Response, url: string) => res.redirect(303, url);
  const script = (file: string) => {
    const body = fs.readFileSync(file);
    return (_req: Request, res: Response) =>
      res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(body);
  };
  router.get('/assets/webauthn-browser.js', script(WEBAUTHN_BUNDLE));
  router.get('/assets/passkeys.js', script(PASSKEYS_SCRIPT));

  const renderSecurity = async (
    req: Request,
    res: Response,
    status: number,
    o: { notice?: string; errors?: FieldErrors; pageErrors?: string[] } = {},
  ) => {
    const view = await secondFactor.status(me(res));
    send(res, status, securityPage(chrome(req, res), { ...view, factors: view.factors as FactorView[], ...o }));
  };
  const showCodes = (req: Request, res: Response, codes: string[], notice: string) =>
    send(res, 200, recoveryCodesPage(chrome(req, res), { codes, notice }));

  router.get(
    '/profile/security',
    context,
    loggedIn,
    route(async (req, res) => {
      const { t } = portalContext(res);
      const added = one(req.query.added);
      const notice =
        added === 'totp'
          ? t.totpAdded
          : added === 'passkey'
            ? t.passkeyAdded
            : req.query.removed === '1'
              ? t.removed
              : undefined;
      await renderSecurity(req, res, 200, { notice });
    }),
  );

  router.post(
    '/profile/security/totp',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      try {
        const enrolment = await secondFactor.startTotp(me(res));
        send(res, 200, totpSetupPage(chrome(req, res), enrolment));
      } catch (error) {
        await renderSecurity(req, res, (error as ApiError).status ?? 500, refusal(res, error, 'code'));
      }
    }),
  );
  router.post(
    '/profile/security/totp/confirm',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const enrolmentId = one(req.body.enrolmentId);
      try {
        const done = await secondFactor.confirmTotp(me(res), { enrolmentId, code: one(req.body.code) });
        if (done.recoveryCodes) return showCodes(req, res, done.recoveryCodes, portalContext(res).t.totpAdded);
        seeOther(res, '/profile/security?added=totp');
      } catch (error) {
        const messages = refusal(res, error, 'code');
        const pending = await secondFactor.pendingTotp(me(res), enrolmentId);
        if (!pending) return renderSecurity(req, res, (error as ApiError).status, messages);
        send(res, (error as ApiError).status, totpSetupPage(chrome(req, res), { ...pending, ...messages }));
      }
    }),
  );

  router.post(
    '/profile/security/passkeys/options',
    context,
    loggedIn,
    form,
    route(async (_req, res) => {
      res.set('Cache-Control', 'no-store').json(await secondFactor.passkeyRegistrationOptions(me(res)));
    }),
  );
  router.post(
    '/profile/security/passkeys',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      try {
        const credential = JSON.parse(one(req.body.credential) || 'null');
        const label = one(req.body.label).trim();
        const done = await secondFactor.addPasskey(me(res), {
          enrolmentId: one(req.body.enrolmentId),
          credential,
          ...(label ? { label } : {}),
        });
        if (done.recoveryCodes) return showCodes(req, res, done.recoveryCodes, portalContext(res).t.passkeyAdded);
        seeOther(res, '/profile/security?added=passkey');
      } catch (error) {
        const failure =
          error instanceof SyntaxError ? new ApiError(400, 'INVALID_SECOND_FACTOR', 'Not a credential') : error;
        await renderSecurity(req, res, (failure as ApiError).status ?? 500, refusal(res, failure, 'passkey-label'));
      }
    }),
  );

  router.post(
    '/profile/security/recovery-codes',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      try {
        const { recoveryCodes } = await secondFactor.renewRecoveryCodes(me(res), {
          password: one(req.body.password),
          code: one(req.body.code),
        });
        showCodes(req, res, recoveryCodes, portalContext(res).t.renewTitle);
      } catch (error) {
        await renderSecurity(req, res, (error as ApiError).status ?? 500, refusal(res, error, 'renew-code'));
      }
    }),
  );

  const factorOf = async (res: Response, id: string) =>
    (await secondFactor.status(me(res))).factors.find((f) => f.id === id) as FactorView | undefined;
  router.get(
    '/profile/security/factors/:id/remove',
    context,
    loggedIn,
    route(async (req, res) => {
      const factor = await factorOf(res, String(req.params.id));
      if (!factor) throw new ApiError(404, 'NOT_FOUND', 'No such factor');
      send(res, 200, removeFactorPage(chrome(req, res), { factor }));
    }),
  );
  router.post(
    '/profile/security/factors/:id/remove',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const id = String(req.params.id);
      try {
        await secondFactor.remove(me(res), id, { password: one(req.body.password), code: one(req.body.code) });
        seeOther(res, '/profile/security?removed=1');
      } catch (error) {
        const messages = refusal(res, error, 'code');
        const factor = await factorOf(res, id);
        if (!factor) throw error;
        send(res, (error as ApiError).status, removeFactorPage(chrome(req, res), { factor, ...messages }));
      }
    }),
  );

  router.use(secondStepRoutes(deps));
  return router;
}

/** The second step of the login: a code, or a passkey whose options the page's script fetches first. */
function secondStepRoutes(deps: SecurityRouteDeps): Router {
  const { secondFactor, sessions, context, form, send } = deps;
  const router = express.Router();
  const seeOther = (res: Response, url: string) => res.redirect(303, url);
  router.post(
    '/login/second-factor/passkey-options',
    context,
    form,
    route(async (req, res) => {
      res
        .set('Cache-Control', 'no-store')
        .json(await secondFactor.loginPasskeyOptions({ challenge: one(req.body.challenge) }));
    }),
  );
  router.post(
    '/login/second-factor',
    context,
    form,
    route(async (req, res) => {
      const { auth } = portalContext(res);
      const challenge = one(req.body.challenge);
      const next = deps.safeNext(req.body.next);
      const passkeyJson = one(req.body.passkey);
      try {
        const answer = passkeyJson ? { passkey: JSON.parse(passkeyJson) } : { code: one(req.body.code) };
        const session = await secondFactor.completeLogin({ challenge, ...answer });
        if (auth) await sessions.logout(auth);
        setSessionCookie(res, session.token, session.expiresAt);
        seeOther(res, next ?? '/environments');
      } catch (error) {
        const failure =
          error instanceof SyntaxError ? new ApiError(401, 'INVALID_SECOND_FACTOR', 'Not an assertion') : error;
        const messages = refusal(res, failure, 'code');
        const methods = await secondFactor.challengeMethods(challenge);
        if (!methods) return seeOther(res, '/login');
        send(
          res,
          (failure as ApiError).status,
          secondStepPage(chrome(req, res), { challenge, next, methods, ...messages }),
        );
      }
    }),
  );

  return router;
}
