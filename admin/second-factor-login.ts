// The back-office login with its second step. POST /admin/login is answered here, before AdminJS: the password
// (checked as the API checks it), the approver's rights, then APPROVER_MFA (domain/second-factor.ts): an approver with
// a factor gets a second page asking for it; with `required`, one without a factor is told to enrol in the portal.
// Only after both steps does the session get a fresh id and the approver. Plain Express and HTML, no AdminJS.
import express, { type Request, type Response, type Router } from 'express';
import formidableMiddleware from 'express-formidable';
import { ApiError } from '../api/errors';
import type { SecondFactorUseCases } from '../api/use-cases/second-factor';
import { approverLoginStep, type ApproverMfaPolicy } from '../domain/second-factor';
import type { Logger } from '../lib/logger';
import { html, type SafeHtml } from '../portal/html';
import type { ApproverScope } from './approver-scope';
import { regenerateSession, type AdminUser } from './session-security';

declare module 'express-session' {
  interface SessionData {
    /** Between the two steps of a login: the login challenge (api/use-cases/second-factor.ts) and the e-mail. */
    pendingSecondFactor?: { challenge: string; email: string; methods: string[] };
  }
}

export interface SecondFactorLoginDeps {
  approverMfa: ApproverMfaPolicy;
  secondFactor: Pick<SecondFactorUseCases, 'hasFactor' | 'challengeFor' | 'verifyChallenge' | 'loginPasskeyOptions'>;
  checkLogin(email: string, password: string): Promise<string | undefined>;
  loadScope(accountId: string): Promise<ApproverScope>;
  /** The approver's preferred time zone (IANA), in which the back-office shows every date. */
  loadTimeZone?(accountId: string): Promise<string | undefined>;
  /** AdminJS's own login page with one of its messages (`invalidCredentials`). */
  renderLogin(errorMessage: string): Promise<string>;
  /** Where the portal is (PUBLIC_URL): approvers enrol their factor in its profile. */
  publicUrl: string;
  rootPath: string;
  logger: Logger;
}

export const SECOND_STEP_PATH = '/login/second-factor';
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; style-src 'unsafe-inline'";

function shell(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – TRACES onboarding back-office</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;font-weight:600;margin:1rem 0 .3rem}input{font-size:1.1rem;padding:.4rem;width:14rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.error{color:#a00;font-weight:600}</style>
</head><body><main><h1>${title}</h1>${body}</main></body></html>`.value;
}

function send(res: Response, status: number, page: string) {
  res
    .status(status)
    .type('html')
    .set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
    })
    .send(page);
}

export function enrolFirstPage(publicUrl: string): string {
  const enrol = `${publicUrl}/profile/security`;
  return shell(
    'A second factor is required',
    html`<p>The back-office requires a second factor from every approver.
Set up an authenticator app or a passkey in your TRACES profile, then log in here again:</p>
<p><a href="${enrol}">${enrol}</a></p><p><a href="/admin/login">Back to the login</a></p>`,
  );
}

function secondStepPage(o: { methods: string[]; error?: string }): string {
  const passkey = o.methods.includes('passkey')
    ? html`<p><button type="button" data-passkey-login data-options-url="/admin${SECOND_STEP_PATH}/passkey-options"
  data-form="second-factor-form">Use your passkey or security key</button></p>
<script src="/assets/webauthn-browser.js" defer></script><script src="/assets/passkeys.js" defer></script>`
    : '';
  return shell(
    'Second step of the login',
    html`${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
<form id="second-factor-form" method="post" action="/admin${SECOND_STEP_PATH}">
  <input type="hidden" name="passkey" value="">
  <label for="code">Code from your authenticator app, or a recovery code</label>
  <input id="code" name="code" autocomplete="one-time-code" inputmode="text" autofocus>
  <button type="submit">Continue</button>
</form>${passkey}
<p><a href="/admin/login">Log in again</a></p>`,
  );
}

const saveSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));

export function secondFactorLogin(deps: SecondFactorLoginDeps): Router {
  const router = express.Router();

  /** Both steps done (or no second step needed): a fresh session id holding the approver. */
  async function enter(req: Request, res: Response, accountId: string, email: string, scope: ApproverScope) {
    await regenerateSession(req);
    const timeZone = await deps.loadTimeZone?.(accountId);
    const user: AdminUser = { email: email.trim().toLowerCase(), id: accountId, title: scope.title, scope, timeZone };
    req.session.adminUser = user;
    await saveSession(req);
    deps.logger.info('back-office login', { accountId });
    res.redirect(302, deps.rootPath);
  }

  router.post('/login', formidableMiddleware(), (req, res, next) => {
    const fields = (req as Request & { fields?: Record<string, unknown> }).fields ?? {};
    const email = String(fields.email ?? '');
    (async () => {
      const accountId = await deps.checkLogin(email, String(fields.password ?? ''));
      const scope = accountId ? await deps.loadScope(accountId) : undefined;
      if (!accountId || !scope?.entitled) return send(res, 200, await deps.renderLogin('invalidCredentials'));
      const step = approverLoginStep(deps.approverMfa, await deps.secondFactor.hasFactor(accountId));
      if (step === 'enrol-first') return send(res, 403, enrolFirstPage(deps.publicUrl));
      if (step === 'enter') return enter(req, res, accountId, email, scope);
      const challenge = (await deps.secondFactor.challengeFor(accountId))!;
      // A fresh id already between the steps: a session id planted before the login is worth nothing here either.
      await regenerateSession(req);
      req.session.pendingSecondFactor = { challenge: challenge.challenge, email, methods: challenge.methods };
      await saveSession(req);
      res.redirect(302, `${deps.rootPath}${SECOND_STEP_PATH}`);
    })().catch(next);
  });

  router.get(SECOND_STEP_PATH, (req, res) => {
    const pending = req.session.pendingSecondFactor;
    if (!pending) return res.redirect(302, `${deps.rootPath}/login`);
    send(res, 200, secondStepPage({ methods: pending.methods }));
  });

  router.post(
    `${SECOND_STEP_PATH}/passkey-options`,
    express.urlencoded({ extended: false, limit: '8kb' }),
    (req, res, next) => {
      const pending = req.session.pendingSecondFactor;
      if (!pending) return res.status(401).json({ error: { code: 'INVALID_CHALLENGE', message: 'Log in again' } });
      deps.secondFactor
        .loginPasskeyOptions({ challenge: pending.challenge })
        .then((options) => res.set('Cache-Control', 'no-store').json(options), next);
    },
  );

  router.post(SECOND_STEP_PATH, express.urlencoded({ extended: false, limit: '16kb' }), (req, res, next) => {
    const pending = req.session.pendingSecondFactor;
    if (!pending) return res.redirect(302, `${deps.rootPath}/login`);
    const code = typeof req.body.code === 'string' ? req.body.code : '';
    const passkeyJson = typeof req.body.passkey === 'string' ? req.body.passkey : '';
    (async () => {
      try {
        const passkey = passkeyJson ? JSON.parse(passkeyJson) : undefined;
        const accountId = await deps.secondFactor.verifyChallenge({
          challenge: pending.challenge,
          ...(passkey ? { passkey } : { code }),
        });
        const scope = await deps.loadScope(accountId);
        if (!scope.entitled) return send(res, 200, await deps.renderLogin('invalidCredentials'));
        return await enter(req, res, accountId, pending.email, scope);
      } catch (error) {
        if (error instanceof SyntaxError || (error instanceof ApiError && error.status < 500)) {
          const code = error instanceof ApiError ? error.code : '';
          if (code === 'INVALID_CHALLENGE') {
            delete req.session.pendingSecondFactor;
            return res.redirect(302, `${deps.rootPath}/login`);
          }
          if (error instanceof ApiError && error.headers) res.set(error.headers);
          const message =
            code === 'TOO_MANY_ATTEMPTS'
              ? 'Too many attempts: try again in 15 minutes.'
              : 'The code does not match: try again.';
          return send(
            res,
            code === 'TOO_MANY_ATTEMPTS' ? 429 : 401,
            secondStepPage({ methods: pending.methods, error: message }),
          );
        }
        throw error;
      }
    })().catch(next);
  });

  return router;
}
