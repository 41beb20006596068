// The applicant portal: server-rendered pages for every step of the guide, served by the web process next to the API
// and built on the same use-case objects. Plain HTML forms with POST-redirect-GET, so the core works without JavaScript.
// It is its own Express app (not an API router): it answers only its own paths and lets every other request through.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { ApiError, route } from '../api/errors';
import { checkPath, inflatingParser, UNSTORABLE_MESSAGE, unstorableFields } from '../api/input-guards';
import { restoreLogContext } from '../api/observability';
import type { UseCases } from '../api/use-cases';
import { parseEnvironment } from '../api/use-cases/reference';
import type { DuplicateMatch } from '../domain/operator-rules';
import { ENVIRONMENTS, ROLE_KINDS, type Environment, type RequestStatus, type RoleKind } from '../domain/enums';
import { PASSWORD_MIN_LENGTH } from '../domain/password-policy';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { normaliseEmail } from '../domain/email-rules';
import { mountAccountSecurityPages } from './account-security-pages';
import {
  chrome,
  clearSessionCookie,
  parseCookies,
  portalContext,
  setSessionCookie,
  verifyForm,
  withContext,
  type PortalContext,
} from './context';
import type { SafeHtml } from './html';
import { codeMessage, durationText, fieldErrorText, referenceLabel, textsFor, type Lang, type Texts } from './i18n';
import type { FieldErrors, Option } from './layout';
import { securityRoutes } from './security-routes';
import {
  homePage,
  linkProblemPage,
  loginPage,
  messagePage,
  privacyPage,
  registerPage,
  sentPage,
  setPasswordPage,
  type RegisterValues,
} from './views/account';
import {
  authoritySearchPage,
  confirmPage,
  controlBodySearchPage,
  newOperatorPage,
  operatorSearchPage,
  type ChosenOrganisation,
  type ContactValues,
  type Duplicate,
  type NewOperatorValues,
  type ReferenceOptions,
} from './views/directory';
import {
  environmentsPage,
  kindChoicePage,
  KIND_PATHS,
  preferencesPage,
  profilePage,
  rolesPage,
  type Person,
} from './views/roles';
import { secondStepPage } from './views/security';

export interface PortalDeps {
  useCases: UseCases;
  /** Reads only: the names of the ticked organisations on the confirmation page. */
  db: Db;
  logger: Logger;
  publicUrl: string;
  linkTtlMs: number;
  /** PASSWORD_RESET_TTL, shown on the pages of the forgotten password. */
  resetTtlMs: number;
}

const ASSETS = path.join(__dirname, 'assets');
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
const ROLE_FILTERS = ['REQUESTED', 'SUSPENDED', 'VALID'] as const;
const PENDING_EMAIL_COOKIE = 'traces_pending_email';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query or body value as one string ('' when absent or not a plain string). */
const one = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A query or body value as a list of strings (a repeated field, or a single one). */
const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
/** Drops empty strings, so that the use-cases see absent fields rather than blank ones. */
const compact = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

/** A local path to go back to after login (never another site). */
function safeNext(next: unknown): string | undefined {
  const value = one(next);
  return /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : undefined;
}

/**
 * Splits a use-case's ApiError into messages next to the fields the page has (`ids` maps API field names to input
 * ids) and messages at the top for the rest.
 */
export function splitErrors(
  _lang: Lang,
  t: Texts,
  error: ApiError,
  ids: Record<string, string>,
): { errors: FieldErrors; pageErrors: string[] } {
  const errors: FieldErrors = {};
  const pageErrors: string[] = [];
  for (const [field, fieldError] of Object.entries(error.fieldErrors ?? {})) {
    const text = fieldErrorText(t, fieldError);
    const id = ids[field] ?? ids[field.split('.')[0]!];
    if (id) errors[id] ??= text;
    else pageErrors.push(text);
  }
  if (Object.keys(errors).length === 0 && pageErrors.length === 0) pageErrors.push(codeMessage(t, error.code));
  else if (error.code !== 'VALIDATION_FAILED') pageErrors.unshift(codeMessage(t, error.code));
  return { errors, pageErrors };
}

/** Path, query or form values PostgreSQL cannot store (NUL, unpaired surrogates): a 400 page in the page's language. */
const refuseUnstorable: express.RequestHandler = (req, _res, next) => {
  const pathError = checkPath(req.path);
  if (pathError) return next(pathError);
  const bad = [req.params, req.query, req.body].some(
    (values) => values !== undefined && unstorableFields(values).length > 0,
  );
  next(bad ? new ApiError(400, 'UNSTORABLE_CHARACTERS', UNSTORABLE_MESSAGE) : undefined);
};

const sameNames = (...names: string[]) => Object.fromEntries(names.map((n) => [n, n]));

export function createPortalApp(deps: PortalDeps): Express {
  const { registration, captcha, sessions, profile, reference, directory, requests, operators, roles } = deps.useCases;
  const app = express();
  app.disable('x-powered-by');

  const css = fs.readFileSync(path.join(ASSETS, 'portal.css'));
  const js = fs.readFileSync(path.join(ASSETS, 'portal.js'));
  app.get('/assets/portal.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(css);
  });
  app.get('/assets/portal.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(js);
  });

  const withPortalContext = withContext({
    sessions,
    publicUrl: deps.publicUrl,
    personName: (accountId) =>
      profile.me(accountId).then(
        (p) => ({ firstName: p.firstName, lastName: p.lastName }),
        () => undefined,
      ),
  });
  // Every page first learns its language and session, then refuses what could not be stored.
  const context: express.RequestHandler = (req, res, next) =>
    withPortalContext(req, res, (error?: unknown) => (error ? next(error) : refuseUnstorable(req, res, next)));

  // Referrer-Policy same-origin: the set-password link's token never leaves the site in a Referer (no-referrer would
  // make the browser send "Origin: null" with the form, which the CSRF check refuses).
  function send(res: Response, status: number, body: SafeHtml) {
    res
      .status(status)
      .type('html')
      .set({
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'same-origin',
        'Cache-Control': 'no-store',
      })
      .send(body.value);
  }
  const seeOther = (res: Response, url: string) => res.redirect(303, url);

  const refuseForm = (req: Request, res: Response) => {
    const c = chrome(req, res);
    send(res, 403, messagePage(c, { title: c.t.forbiddenTitle, text: c.t.forbiddenBody }));
  };
  const form = [
    inflatingParser(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 })),
    restoreLogContext,
    verifyForm({ publicUrl: deps.publicUrl, refuse: refuseForm }),
    refuseUnstorable,
  ];
  const loggedIn: express.RequestHandler = (req, res, next) => {
    if (portalContext(res).auth) return next();
    seeOther(res, req.method === 'GET' ? `/login?next=${encodeURIComponent(req.originalUrl)}` : '/login');
  };
  const accountId = (res: Response) => portalContext(res).auth!.accountId;
  const env = (req: Request): Environment => parseEnvironment(req.params.env);

  /** The reference lists as select options, labelled in the page's language. */
  async function referenceOptions(lang: Lang): Promise<ReferenceOptions> {
    const [countries, sections, activityTypes, authorityRoles, competences] = await Promise.all(
      ['countries', 'sections', 'activity-types', 'authority-roles', 'competences'].map((list) => reference.list(list)),
    );
    const options = (list: string, items: Array<{ code: string; label: string }>): Option[] =>
      items.map((i) => ({ value: i.code, label: referenceLabel(lang, list, i.code, i.label) }));
    return {
      countries: options('countries', countries!.items).sort((a, b) => a.label.localeCompare(b.label, lang)),
      sections: options('sections', sections!.items),
      activityTypes: activityTypes!.items.map((i) => ({
        value: i.code,
        label: referenceLabel(lang, 'activity-types', i.code, i.label),
        section: String(i.section),
      })),
      authorityRoles: options('authority-roles', authorityRoles!.items),
      competences: options('competences', competences!.items),
    };
  }
  const countryNamer = (refs: ReferenceOptions) => (code: string) =>
    refs.countries.find((c) => c.value === code)?.label ?? code;

  // ── Home, privacy statement ───────────────────────────────────────────────────────────────────────────────────
  app.get('/', context, (req, res) => send(res, 200, homePage(chrome(req, res))));
  app.get('/privacy', context, (req, res) => send(res, 200, privacyPage(chrome(req, res))));

  // ── Create an account (guide I) ──────────────────────────────────────────────────────────────────────────────
  const renderRegister = async (
    req: Request,
    res: Response,
    status: number,
    values: RegisterValues,
    errors?: FieldErrors,
    pageErrors?: string[],
  ) => {
    const challenge = captcha.enabled ? await captcha.newChallenge() : undefined;
    res.set('Cache-Control', 'no-store');
    send(res, status, registerPage(chrome(req, res), { values, errors, pageErrors, captcha: challenge }));
  };
  app.get(
    '/register',
    context,
    route(async (req, res) => {
      await renderRegister(req, res, 200, {
        firstName: '',
        lastName: '',
        email: '',
        confirmEmail: '',
        emailLanguage: portalContext(res).lang,
        privacyStatementAccepted: false,
      });
    }),
  );
  app.post(
    '/register',
    context,
    form,
    route(async (req, res) => {
      const { lang, t } = portalContext(res);
      const values: RegisterValues = {
        firstName: one(req.body.firstName),
        lastName: one(req.body.lastName),
        email: one(req.body.email),
        confirmEmail: one(req.body.confirmEmail),
        emailLanguage: one(req.body.emailLanguage),
        privacyStatementAccepted: req.body.privacyStatementAccepted === 'on',
      };
      try {
        await registration.register(
          {
            ...values,
            ...(captcha.enabled
              ? compact({ captchaId: one(req.body.captchaId), captchaAnswer: one(req.body.captchaAnswer) })
              : {}),
          },
          req.ip,
        );
        // "Send the link again" works by e-mail: this browser keeps the address for it (never in a URL).
        res.cookie(PENDING_EMAIL_COOKIE, normaliseEmail(values.email), {
          httpOnly: true,
          sameSite: 'lax',
          secure: portalContext(res).secure,
          path: '/register',
          maxAge: deps.linkTtlMs,
        });
        seeOther(res, '/register/sent');
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { errors, pageErrors } = splitErrors(lang, t, error, {
          ...sameNames(
            'firstName',
            'lastName',
            'email',
            'confirmEmail',
            'emailLanguage',
            'captchaAnswer',
            'privacyStatementAccepted',
          ),
          captchaId: 'captchaAnswer',
        });
        await renderRegister(req, res, error.status, values, errors, pageErrors);
      }
    }),
  );
  app.get('/register/sent', context, (req, res) => {
    const { lang } = portalContext(res);
    send(
      res,
      200,
      sentPage(chrome(req, res), {
        email: parseCookies(req.headers.cookie)[PENDING_EMAIL_COOKIE] ?? '',
        duration: durationText(lang, deps.linkTtlMs),
        resent: req.query.resent === '1',
      }),
    );
  });
  app.post(
    '/register/resend',
    context,
    form,
    route(async (req, res) => {
      const { lang, t } = portalContext(res);
      const email = one(req.body.email);
      try {
        await registration.resend({ email }, req.ip);
        seeOther(res, '/register/sent?resent=1');
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { pageErrors } = splitErrors(lang, t, error, {});
        send(
          res,
          error.status,
          sentPage(chrome(req, res), {
            email,
            duration: durationText(lang, deps.linkTtlMs),
            resent: false,
            pageErrors,
          }),
        );
      }
    }),
  );

  // ── Set the password from the link ───────────────────────────────────────────────────────────────────────────
  const linkProblem = (req: Request, res: Response, problem: 'expired' | 'invalid') => {
    send(
      res,
      problem === 'expired' ? 410 : 400,
      linkProblemPage(chrome(req, res), {
        problem,
        duration: durationText(portalContext(res).lang, deps.linkTtlMs),
      }),
    );
  };
  const linkFailure = (error: unknown): 'expired' | 'invalid' | undefined => {
    if (!(error instanceof ApiError)) return undefined;
    if (error.code === 'LINK_EXPIRED') return 'expired';
    if (error.code === 'INVALID_TOKEN' || (error.code === 'VALIDATION_FAILED' && error.fields?.token)) return 'invalid';
    return undefined;
  };
  // Showing the form never uses the link: only the POST does.
  app.get(
    '/set-password',
    context,
    route(async (req, res) => {
      const token = one(req.query.token);
      try {
        await registration.checkLink(token);
      } catch (error) {
        const problem = linkFailure(error);
        if (problem) return linkProblem(req, res, problem);
        throw error;
      }
      send(res, 200, setPasswordPage(chrome(req, res), { token, minLength: PASSWORD_MIN_LENGTH }));
    }),
  );
  app.post(
    '/set-password',
    context,
    form,
    route(async (req, res) => {
      const { lang, t } = portalContext(res);
      const token = one(req.body.token);
      const password = one(req.body.password);
      const again = (errors: FieldErrors, pageErrors?: string[]) =>
        send(
          res,
          400,
          setPasswordPage(chrome(req, res), { token, minLength: PASSWORD_MIN_LENGTH, errors, pageErrors }),
        );
      if (password && password !== one(req.body.confirmPassword)) return again({ confirmPassword: t.passwordsDiffer });
      try {
        await registration.setPassword({ token, password });
        seeOther(res, '/login?activated=1');
      } catch (error) {
        const problem = linkFailure(error);
        if (problem) return linkProblem(req, res, problem);
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { errors, pageErrors } = splitErrors(lang, t, error, sameNames('password'));
        again(errors, pageErrors);
      }
    }),
  );

  // ── Login and log out (guide II, II.3) ───────────────────────────────────────────────────────────────────────
  app.get('/login', context, (req, res) => {
    const { t } = portalContext(res);
    const notices: Record<string, string> = {
      activated: t.passwordSet,
      loggedOut: t.loggedOut,
      reset: t.resetDone,
      emailChanged: t.emailChanged,
    };
    const notice =
      Object.entries(notices).find(([flag]) => req.query[flag] === '1')?.[1] ??
      (safeNext(req.query.next) ? t.loginRequired : undefined);
    send(res, 200, loginPage(chrome(req, res), { next: safeNext(req.query.next), notice }));
  });
  app.post(
    '/login',
    context,
    form,
    route(async (req, res) => {
      const { lang, t, auth } = portalContext(res);
      const email = one(req.body.email);
      const next = safeNext(req.body.next);
      try {
        const session = await sessions.login({ email, password: one(req.body.password) }, req.ip);
        // An account with a second factor gets the second step, and no session yet.
        if ('mfaRequired' in session) return send(res, 200, secondStepPage(chrome(req, res), { ...session, next }));
        if (auth) await sessions.logout(auth);
        setSessionCookie(res, session.token, session.expiresAt);
        seeOther(res, next ?? '/environments');
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { errors, pageErrors } = splitErrors(lang, t, error, sameNames('email', 'password'));
        send(res, error.status, loginPage(chrome(req, res), { email, next, errors, pageErrors }));
      }
    }),
  );
  app.post(
    '/logout',
    context,
    form,
    route(async (_req, res) => {
      const { auth } = portalContext(res);
      if (auth) await sessions.logout(auth);
      clearSessionCookie(res);
      seeOther(res, '/login?loggedOut=1');
    }),
  );

  mountAccountSecurityPages(app, { deps, context, form, loggedIn, send, seeOther, splitErrors });

  // ── Environments and the role-kind choice (guide II.1) ───────────────────────────────────────────────────────
  async function person(res: Response): Promise<Person> {
    return profile.me(accountId(res));
  }
  app.get('/environments', context, loggedIn, (req, res) => send(res, 200, environmentsPage(chrome(req, res))));
  app.get(
    '/environments/:env',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const mine = await roles.list(environment, accountId(res), {});
      if (mine.roles.length > 0) return seeOther(res, `/environments/${environment}/roles`);
      send(
        res,
        200,
        kindChoicePage(chrome(req, res), { env: environment, person: await person(res), hasRoles: false }),
      );
    }),
  );
  app.get(
    '/environments/:env/request',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const mine = await roles.list(environment, accountId(res), {});
      send(
        res,
        200,
        kindChoicePage(chrome(req, res), {
          env: environment,
          person: await person(res),
          hasRoles: mine.roles.length > 0,
          heldKind: mine.roles[0]?.kind,
        }),
      );
    }),
  );

  // ── Searches (guide II.1.1–II.1.3) ───────────────────────────────────────────────────────────────────────────
  /**
   * The search of a page: its own query (known keys only) and URL, and, when the form was sent, the results of the
   * directory use-case or its refusal of a filter, shown next to that filter.
   */
  async function search<T>(
    req: Request,
    res: Response,
    keys: string[],
    run: (query: Record<string, string>) => Promise<T>,
  ) {
    const { lang, t } = portalContext(res);
    const query: Record<string, string> = {};
    for (const key of keys) query[key] = one(req.query[key]).trim();
    const page = one(req.query.page);
    const params = new URLSearchParams(compact({ ...query, page }));
    // The form always sends "country", even empty: its presence means a search was asked for.
    const searched = typeof req.query.country === 'string';
    if (searched && !params.has('country')) params.set('country', '');
    const found = { query, url: `${req.path}${params.size ? `?${params}` : ''}`, noneSelected: req.query.none === '1' };
    if (!searched) return found;
    try {
      return { ...found, results: await run(compact({ ...query, page })) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') throw error;
      return { ...found, errors: splitErrors(lang, t, error, sameNames(...keys)).errors };
    }
  }

  app.get(
    '/environments/:env/operators',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const { lang, t } = portalContext(res);
      const refs = await referenceOptions(lang);
      const found = await search(req, res, ['country', 'section', 'activityType', 'q'], (q) =>
        directory.operators(environment, q),
      );
      send(
        res,
        200,
        operatorSearchPage(chrome(req, res), {
          ...found,
          env: environment,
          refs,
          countryName: countryNamer(refs),
          activityName: (code, label) => referenceLabel(lang, 'activity-types', code, label),
          notice: req.query.first === '1' ? t.searchFirst : undefined,
        }),
      );
    }),
  );
  app.get(
    '/environments/:env/authorities',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const refs = await referenceOptions(portalContext(res).lang);
      const found = await search(req, res, ['country', 'role', 'competence', 'q'], (q) =>
        directory.authorities(environment, q),
      );
      send(
        res,
        200,
        authoritySearchPage(chrome(req, res), { ...found, env: environment, refs, countryName: countryNamer(refs) }),
      );
    }),
  );
  app.get(
    '/environments/:env/control-bodies',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const refs = await referenceOptions(portalContext(res).lang);
      const found = await search(req, res, ['country', 'q'], (q) => directory.controlBodies(environment, q));
      send(
        res,
        200,
        controlBodySearchPage(chrome(req, res), { ...found, env: environment, refs, countryName: countryNamer(refs) }),
      );
    }),
  );

  // ── Confirm and send the authorisation request (guide II.2) ──────────────────────────────────────────────────
  const kindOf = (value: unknown): RoleKind | undefined =>
    (ROLE_KINDS as readonly string[]).includes(one(value)) ? (one(value) as RoleKind) : undefined;
  const backTo = (environment: Environment, kind: RoleKind, value: unknown) => {
    const back = safeNext(value);
    return back?.startsWith(`/environments/${environment}/`)
      ? back
      : `/environments/${environment}/${KIND_PATHS[kind]}`;
  };
  async function chosen(environment: Environment, ids: string[]): Promise<ChosenOrganisation[]> {
    const rows = await deps.db.organisation.findMany({
      where: { environment, id: { in: ids.filter((id) => UUID.test(id)) } },
      select: { id: true, name: true, code: true, countryCode: true },
    });
    return ids
      .flatMap((id) => rows.filter((r) => r.id === id))
      .map((r) => ({ id: r.id, name: r.name, code: r.code, country: r.countryCode }));
  }

  app.get(
    '/environments/:env/request/confirm',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const kind = kindOf(req.query.kind);
      if (!kind) throw new ApiError(404, 'NOT_FOUND', 'Unknown kind of organisation');
      const back = backTo(environment, kind, req.query.back);
      const ids = many(req.query.organisationIds).slice(0, 50);
      if (kind === 'CONTROL_BODY') {
        // "All countries of this body": every entry of the body, whatever the search showed.
        for (const key of many(req.query.controlBodyKeys).slice(0, 10)) {
          const entries = await directory.controlBodies(environment, { controlBodyKey: key, pageSize: 100 });
          ids.push(...entries.items.map((e) => e.id));
        }
      }
      const organisations = await chosen(environment, [...new Set(ids)]);
      if (organisations.length === 0) return seeOther(res, `${back}${back.includes('?') ? '&' : '?'}none=1`);
      send(res, 200, confirmPage(chrome(req, res), { env: environment, kind, organisations, back }));
    }),
  );
  app.post(
    '/environments/:env/request',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const environment = env(req);
      const { lang, t } = portalContext(res);
      const kind = kindOf(req.body.kind);
      if (!kind) throw new ApiError(404, 'NOT_FOUND', 'Unknown kind of organisation');
      const organisationIds = many(req.body.organisationIds);
      const values: ContactValues = {
        message: one(req.body.message),
        contactEmail: one(req.body.contactEmail),
        contactPhone: one(req.body.contactPhone),
      };
      try {
        await requests.request(environment, accountId(res), { kind, organisationIds, ...values });
        seeOther(res, `/environments/${environment}/roles?sent=1`);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { errors, pageErrors } = splitErrors(
          lang,
          t,
          error,
          sameNames('message', 'contactEmail', 'contactPhone'),
        );
        send(
          res,
          error.status,
          confirmPage(chrome(req, res), {
            env: environment,
            kind,
            organisations: await chosen(environment, organisationIds),
            back: backTo(environment, kind, req.body.back),
            values,
            errors,
            pageErrors,
          }),
        );
      }
    }),
  );

  // ── Create a new operator (guide II.1.1), only from a search ─────────────────────────────────────────────────
  app.get(
    '/environments/:env/operators/new',
    context,
    loggedIn,
    route(async (req, res) => {
      const environment = env(req);
      const country = one(req.query.country);
      if (!/^[A-Z]{2}$/.test(country)) return seeOther(res, `/environments/${environment}/operators?first=1`);
      const refs = await referenceOptions(portalContext(res).lang);
      send(
        res,
        200,
        newOperatorPage(chrome(req, res), { env: environment, refs, values: { country, activityTypes: [] } }),
      );
    }),
  );
  app.post(
    '/environments/:env/operators/new',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const environment = env(req);
      const { lang, t } = portalContext(res);
      const refs = await referenceOptions(lang);
      const text = (name: string) => one(req.body[name]);
      const values: NewOperatorValues = {
        name: text('name'),
        country: text('country'),
        street: text('street'),
        postcode: text('postcode'),
        city: text('city'),
        activityTypes: many(req.body.activityTypes),
        phone: text('phone'),
        fax: text('fax'),
        email: text('email'),
        website: text('website'),
        eori: text('eori'),
        message: text('message'),
        contactEmail: text('contactEmail'),
        contactPhone: text('contactPhone'),
        confirmNotDuplicate: req.body.confirmNotDuplicate === 'on',
      };
      const { activityTypes, confirmNotDuplicate, ...fields } = values;
      try {
        await operators.create(environment, accountId(res), {
          ...fields,
          activities: activityTypes.map((code) => ({
            section: refs.activityTypes.find((a) => a.value === code)?.section ?? '',
            activityType: code,
          })),
          ...(confirmNotDuplicate ? { confirmNotDuplicate: true } : {}),
        });
        seeOther(res, `/environments/${environment}/roles?created=1`);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const reasons = { EORI: t.sameEori, NAME: t.similarName, ADDRESS: t.sameAddress };
        const duplicates: Duplicate[] = ((error.details?.duplicates ?? []) as DuplicateMatch[]).map((d) => ({
          id: d.id,
          name: d.city ? `${d.name}, ${d.city}` : d.name,
          reason: reasons[d.because],
        }));
        const { errors, pageErrors } = duplicates.length
          ? { errors: {}, pageErrors: [codeMessage(t, error.code)] }
          : splitErrors(
              lang,
              t,
              error,
              sameNames(
                'name',
                'country',
                'street',
                'postcode',
                'city',
                'activities',
                'contact',
                'phone',
                'fax',
                'email',
                'website',
                'eori',
                'message',
                'contactEmail',
                'contactPhone',
                'confirmNotDuplicate',
              ),
            );
        send(
          res,
          error.status,
          newOperatorPage(chrome(req, res), { env: environment, refs, values, errors, pageErrors, duplicates }),
        );
      }
    }),
  );

  // ── Your Roles (guide II.2) ──────────────────────────────────────────────────────────────────────────────────
  const renderRoles = async (
    req: Request,
    res: Response,
    status: number,
    o: { notice?: string; pageErrors?: string[] } = {},
  ) => {
    const environment = env(req);
    const filter = (ROLE_FILTERS as readonly string[]).includes(one(req.query.status))
      ? (one(req.query.status) as RequestStatus)
      : undefined;
    const [list, refs] = await Promise.all([
      roles.list(environment, accountId(res), filter ? { status: filter } : {}),
      referenceOptions(portalContext(res).lang),
    ]);
    send(
      res,
      status,
      rolesPage(chrome(req, res), {
        env: environment,
        counts: list.counts,
        roles: list.roles,
        filter,
        countryName: countryNamer(refs),
        ...o,
      }),
    );
  };
  app.get(
    '/environments/:env/roles',
    context,
    loggedIn,
    route(async (req, res) => {
      const { t } = portalContext(res);
      const notice =
        req.query.sent === '1'
          ? t.sentNotice
          : req.query.created === '1'
            ? t.createdNotice
            : req.query.deleted === '1'
              ? t.deletedNotice
              : undefined;
      await renderRoles(req, res, 200, { notice });
    }),
  );
  app.post(
    '/environments/:env/roles/:id/delete',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const environment = env(req);
      const { lang, t } = portalContext(res);
      try {
        await roles.remove(environment, accountId(res), String(req.params.id));
        seeOther(res, `/environments/${environment}/roles?deleted=1`);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        await renderRoles(req, res, error.status, { pageErrors: splitErrors(lang, t, error, {}).pageErrors });
      }
    }),
  );

  // ── Profile and preferences (guide II.3) ─────────────────────────────────────────────────────────────────────
  app.get(
    '/profile',
    context,
    loggedIn,
    route(async (req, res) => {
      const id = accountId(res);
      const perEnvironment = await Promise.all(
        ENVIRONMENTS.map(async (e) => ({ env: e, counts: (await roles.list(e, id, {})).counts })),
      );
      send(res, 200, profilePage(chrome(req, res), { person: await person(res), perEnvironment }));
    }),
  );
  const timeZones = (current: string) => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(current) ? zones : [current, ...zones];
  };
  app.get(
    '/preferences',
    context,
    loggedIn,
    route(async (req, res) => {
      const me = await person(res);
      const notice = req.query.saved === '1' ? portalContext(res).t.savedNotice : undefined;
      send(
        res,
        200,
        preferencesPage(chrome(req, res), {
          timeZone: me.timeZone,
          emailNotifications: me.emailNotifications,
          timeZones: timeZones(me.timeZone),
          notice,
        }),
      );
    }),
  );
  app.post(
    '/preferences',
    context,
    loggedIn,
    form,
    route(async (req, res) => {
      const { lang, t } = portalContext(res);
      const values = { timeZone: one(req.body.timeZone), emailNotifications: req.body.emailNotifications === 'on' };
      try {
        await profile.updatePreferences(accountId(res), values);
        seeOther(res, '/preferences?saved=1');
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        const { errors, pageErrors } = splitErrors(lang, t, error, sameNames('timeZone', 'emailNotifications'));
        send(
          res,
          error.status,
          preferencesPage(chrome(req, res), { ...values, timeZones: timeZones(values.timeZone), errors, pageErrors }),
        );
      }
    }),
  );

  // Sign-in security in the profile and the second step of the login (portal/security-routes.ts).
  app.use(
    securityRoutes({ secondFactor: deps.useCases.secondFactor, sessions, context, form, loggedIn, send, safeNext }),
  );

  // Errors of the portal's own routes become pages; anything else was never the portal's.
  app.use(((error, req, res, _next) => {
    if (res.headersSent) return;
    res.locals.portal ??= { lang: 'en', t: textsFor('en'), csrfToken: '', secure: false } satisfies PortalContext;
    const c = chrome(req, res);
    if (error instanceof ApiError && error.status === 404) {
      send(res, 404, messagePage(c, { title: c.t.notFoundTitle, text: c.t.notFoundBody }));
      return;
    }
    if (error instanceof ApiError && error.status < 500) {
      send(res, error.status, messagePage(c, { title: c.t.errorTitle, text: codeMessage(c.t, error.code) }));
      return;
    }
    // The body parser's refusals (too large, too many fields, bad encoding) carry their 4xx status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      send(res, status, messagePage(c, { title: c.t.errorTitle, text: c.t.forbiddenBody }));
      return;
    }
    deps.logger.error('portal page failed', { path: req.path, error: (error as Error)?.stack?.slice(0, 2000) });
    send(res, 500, messagePage(c, { title: c.t.errorTitle, text: c.t.errorBody }));
  }) as express.ErrorRequestHandler);

  return app;
}
