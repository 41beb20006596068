// The portal's pages of the forgotten password (link on the login page) and of the profile's change of password and
// e-mail address. Same use-cases as the API; showing a page never uses a link, only its form's POST does.
import type { Express, Request, RequestHandler, Response } from 'express';
import { ApiError, route } from '../api/errors';
import { PASSWORD_MIN_LENGTH } from '../domain/password-policy';
import { chrome, clearSessionCookie, portalContext } from './context';
import type { SafeHtml } from './html';
import { codeMessage, durationText, type Lang, type Texts } from './i18n';
import type { FieldErrors } from './layout';
import type { PortalDeps } from './router';
import {
  confirmEmailPage,
  forgotPasswordPage,
  forgotSentPage,
  resetLinkProblemPage,
  resetPasswordPage,
  securityPage,
  type securitySection,
} from './views/account-security';
import { messagePage } from './views/account';

interface PageKit {
  deps: PortalDeps;
  context: RequestHandler;
  form: RequestHandler[];
  loggedIn: RequestHandler;
  send(res: Response, status: number, body: SafeHtml): void;
  seeOther(res: Response, url: string): void;
  splitErrors(
    lang: Lang,
    t: Texts,
    error: ApiError,
    ids: Record<string, string>,
  ): { errors: FieldErrors; pageErrors: string[] };
}

const one = (value: unknown): string => (typeof value === 'string' ? value : '');
const linkFailure = (error: unknown): 'expired' | 'invalid' | undefined => {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'LINK_EXPIRED') return 'expired';
  if (error.code === 'INVALID_TOKEN' || (error.code === 'VALIDATION_FAILED' && error.fields?.token)) return 'invalid';
  return undefined;
};

/** A use-case's refusal as the page's field and top errors; anything that is not a refusal goes on to the error page. */
function refusal(kit: PageKit, res: Response, error: unknown, ids: Record<string, string>) {
  if (!(error instanceof ApiError) || error.status >= 500) throw error;
  const { lang, t } = portalContext(res);
  const split = kit.splitErrors(lang, t, error, ids);
  return { status: error.status, ...split };
}

export function mountAccountSecurityPages(app: Express, kit: PageKit): void {
  const { deps, context, form, loggedIn, send, seeOther } = kit;
  const { passwordResets, accountSecurity } = deps.useCases;
  const resetProblem = (req: Request, res: Response, problem: 'expired' | 'invalid') =>
    send(
      res,
      problem === 'expired' ? 410 : 400,
      resetLinkProblemPage(chrome(req, res), {
        problem,
        duration: durationText(portalContext(res).lang, deps.resetTtlMs),
      }),
    );

  app.get('/forgot-password', context, (req, res) => send(res, 200, forgotPasswordPage(chrome(req, res), {})));
  app.post(
    '/forgot-password',
    context,
    ...form,
    route(async (req, res) => {
      const email = one(req.body.email);
      try {
        await passwordResets.request({ email }, req.ip);
        seeOther(res, '/forgot-password/sent');
      } catch (error) {
        const r = refusal(kit, res, error, { email: 'email' });
        send(
          res,
          r.status,
          forgotPasswordPage(chrome(req, res), { email, errors: r.errors, pageErrors: r.pageErrors }),
        );
      }
    }),
  );
  app.get('/forgot-password/sent', context, (req, res) =>
    send(
      res,
      200,
      forgotSentPage(chrome(req, res), {
        duration: durationText(portalContext(res).lang, deps.resetTtlMs),
      }),
    ),
  );

  app.get(
    '/reset-password',
    context,
    route(async (req, res) => {
      const token = one(req.query.token);
      try {
        await passwordResets.checkLink(token);
      } catch (error) {
        const problem = linkFailure(error);
        if (problem) return resetProblem(req, res, problem);
        throw error;
      }
      send(res, 200, resetPasswordPage(chrome(req, res), { token, minLength: PASSWORD_MIN_LENGTH }));
    }),
  );
  app.post(
    '/reset-password',
    context,
    ...form,
    route(async (req, res) => {
      const token = one(req.body.token);
      try {
        await passwordResets.confirm({
          token,
          password: one(req.body.password),
          confirmPassword: one(req.body.confirmPassword),
        });
        clearSessionCookie(res);
        seeOther(res, '/login?reset=1');
      } catch (error) {
        const problem = linkFailure(error);
        if (problem) return resetProblem(req, res, problem);
        const r = refusal(kit, res, error, { password: 'password', confirmPassword: 'confirmPassword' });
        send(
          res,
          r.status,
          resetPasswordPage(chrome(req, res), {
            token,
            minLength: PASSWORD_MIN_LENGTH,
            errors: r.errors,
            pageErrors: r.pageErrors,
          }),
        );
      }
    }),
  );

  // The profile's forms: the profile page shows them (views/account-security.ts securitySection).
  const profileWith = async (
    req: Request,
    res: Response,
    status: number,
    o: Parameters<typeof securitySection>[1] & { notice?: string },
  ) => {
    send(res, status, securityPage(chrome(req, res), o));
  };
  app.get(
    '/profile/account',
    context,
    loggedIn,
    route(async (req, res) => {
      const { t } = portalContext(res);
      const notice =
        req.query.changed === '1' ? t.passwordChanged : req.query.emailSent === '1' ? t.emailChangeSent : undefined;
      await profileWith(req, res, 200, { notice });
    }),
  );
  app.post(
    '/profile/password',
    context,
    loggedIn,
    ...form,
    route(async (req, res) => {
      const auth = portalContext(res).auth!;
      try {
        await accountSecurity.changePassword(
          auth,
          {
            currentPassword: one(req.body.currentPassword),
            password: one(req.body.password),
            confirmPassword: one(req.body.confirmPassword),
          },
          req.ip,
        );
        seeOther(res, '/profile/account?changed=1');
      } catch (error) {
        const r = refusal(kit, res, error, {
          currentPassword: 'currentPassword',
          password: 'password',
          confirmPassword: 'confirmPassword',
        });
        await profileWith(req, res, r.status, { errors: r.errors, pageErrors: r.pageErrors });
      }
    }),
  );
  app.post(
    '/profile/email',
    context,
    loggedIn,
    ...form,
    route(async (req, res) => {
      const auth = portalContext(res).auth!;
      const newEmail = one(req.body.newEmail);
      try {
        await accountSecurity.requestEmailChange(auth, { newEmail, password: one(req.body.password) }, req.ip);
        seeOther(res, '/profile/account?emailSent=1');
      } catch (error) {
        const r = refusal(kit, res, error, {
          newEmail: 'newEmail',
          password: 'emailPassword',
          currentPassword: 'emailPassword',
        });
        await profileWith(req, res, r.status, { errors: r.errors, pageErrors: r.pageErrors, newEmail });
      }
    }),
  );

  app.get(
    '/confirm-email',
    context,
    route(async (req, res) => {
      const token = one(req.query.token);
      const c = chrome(req, res);
      try {
        const { newEmail } = await accountSecurity.checkEmailLink(token);
        send(res, 200, confirmEmailPage(c, { token, newEmail }));
      } catch (error) {
        const problem = linkFailure(error);
        if (!problem) throw error;
        send(
          res,
          problem === 'expired' ? 410 : 400,
          messagePage(c, {
            title: problem === 'expired' ? c.t.resetExpiredTitle : c.t.resetInvalidTitle,
            text: problem === 'expired' ? c.t.code_LINK_EXPIRED : c.t.code_INVALID_TOKEN,
          }),
        );
      }
    }),
  );
  app.post(
    '/confirm-email',
    context,
    ...form,
    route(async (req, res) => {
      const c = chrome(req, res);
      try {
        await accountSecurity.confirmEmailChange({ token: one(req.body.token) });
        seeOther(res, '/login?emailChanged=1');
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        send(
          res,
          error.status,
          messagePage(c, {
            title: c.t.errorTitle,
            text: codeMessage(c.t, error.code),
          }),
        );
      }
    }),
  );
}
