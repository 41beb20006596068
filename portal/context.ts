// What every portal request carries: the language, the person's session (an HttpOnly cookie holding the same opaque
// token as an API bearer session), and the CSRF token of its forms. POSTs must come from this site (Origin or
// Sec-Fetch-Site) and carry that token.
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthContext, SessionUseCases } from '../api/use-cases/sessions';
import { LANGUAGES, textsFor, type Lang, type Texts } from './i18n';
import type { Chrome } from './layout';

export const SESSION_COOKIE = 'traces_session';
const CSRF_COOKIE = 'traces_csrf';
const LANG_COOKIE = 'traces_lang';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

export interface PortalContext {
  lang: Lang;
  t: Texts;
  /** The form token: bound to this browser (CSRF cookie) and to its session, so it changes at login and logout. */
  csrfToken: string;
  auth?: AuthContext;
  person?: { firstName: string; lastName: string };
  /** Whether cookies get the Secure flag (https public URL or request). */
  secure: boolean;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] ??= decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a cookie we did not write: ignore it
    }
  }
  return cookies;
}

const formToken = (csrfSecret: string, sessionToken: string | undefined) =>
  crypto
    .createHmac('sha256', csrfSecret)
    .update(`portal-form:${sessionToken ?? ''}`)
    .digest('base64url');

function pickLanguage(req: Request, cookie: string | undefined): { lang: Lang; chosen: boolean } {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && (LANGUAGES as readonly string[]).includes(asked)) return { lang: asked as Lang, chosen: true };
  if (cookie && (LANGUAGES as readonly string[]).includes(cookie)) return { lang: cookie as Lang, chosen: false };
  // Without an Accept-Language header Express answers the first language offered: English first, the fallback.
  if (!req.headers['accept-language']) return { lang: 'en', chosen: false };
  const preferred = req.acceptsLanguages('en', ...LANGUAGES.filter((l) => l !== 'en'));
  return { lang: (preferred || 'en') as Lang, chosen: false };
}

export function portalContext(res: Response): PortalContext {
  return res.locals.portal as PortalContext;
}

export function chrome(req: Request, res: Response): Chrome {
  const c = portalContext(res);
  return { lang: c.lang, t: c.t, csrfToken: c.csrfToken, url: req.originalUrl, person: c.person };
}

export interface ContextDeps {
  sessions: SessionUseCases;
  /** Name for the page header of a logged-in person, or undefined when the account is gone. */
  personName(accountId: string): Promise<{ firstName: string; lastName: string } | undefined>;
  publicUrl: string;
}

/** Builds the request's PortalContext (res.locals.portal); a dead session cookie is dropped. */
export function withContext(deps: ContextDeps): RequestHandler {
  const httpsPublic = deps.publicUrl.startsWith('https://');
  return (req, res, next) => {
    const cookies = parseCookies(req.headers.cookie);
    const secure = httpsPublic || req.secure;
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
    const { lang, chosen } = pickLanguage(req, cookies[LANG_COOKIE]);
    if (chosen) res.cookie(LANG_COOKIE, lang, { ...cookieOptions, maxAge: 365 * 86_400_000 });
    let csrfSecret = cookies[CSRF_COOKIE];
    if (!csrfSecret || !TOKEN_SHAPE.test(csrfSecret)) {
      csrfSecret = crypto.randomBytes(32).toString('base64url');
      res.cookie(CSRF_COOKIE, csrfSecret, cookieOptions);
    }
    const sessionToken = cookies[SESSION_COOKIE];
    const resolve = async (): Promise<Pick<PortalContext, 'auth' | 'person'> & { token?: string }> => {
      if (!sessionToken) return {};
      const auth = TOKEN_SHAPE.test(sessionToken) ? await deps.sessions.resolve(sessionToken) : undefined;
      const person = auth && (await deps.personName(auth.accountId));
      if (!auth || !person) {
        res.clearCookie(SESSION_COOKIE, cookieOptions);
        return {};
      }
      return { auth, person, token: sessionToken };
    };
    resolve()
      .then(({ auth, person, token }) => {
        res.locals.portal = {
          lang,
          t: textsFor(lang),
          csrfToken: formToken(csrfSecret!, token),
          auth,
          person,
          secure,
        } satisfies PortalContext;
        next();
      })
      .catch(next);
  };
}

/** Sets the session cookie after login, for as long as the session lives. */
export function setSessionCookie(res: Response, token: string, expiresAt: string) {
  const { secure } = portalContext(res);
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(res: Response) {
  const { secure } = portalContext(res);
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Refuses a POST that does not come from a page of this site: the browser's Origin (or Sec-Fetch-Site) must be ours
 * and the body must carry the form token. Runs after the body parser.
 */
export function verifyForm(deps: { publicUrl: string; refuse: (req: Request, res: Response) => void }): RequestHandler {
  const publicOrigin = new URL(deps.publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    const siteOk = site === undefined || site === 'same-origin';
    const originOk = origin !== undefined ? origin === publicOrigin || origin === ownOrigin : site === 'same-origin';
    const sent = typeof req.body?._csrf === 'string' ? (req.body._csrf as string) : '';
    if (siteOk && originOk && sent && sameText(sent, portalContext(res).csrfToken)) {
      next();
      return;
    }
    deps.refuse(req, res);
  };
}
