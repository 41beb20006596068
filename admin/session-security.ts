// What AdminJS leaves open, closed in front of its router: cross-site requests, session fixation, endless sessions,
// and a session that outlives the person's approver rights. Plain Express, so it is tested without AdminJS.
import type { Request, RequestHandler } from 'express';
import type { ApproverScope } from './approver-scope';

export interface AdminUser {
  email: string;
  id: string;
  title: string;
  scope: ApproverScope;
  /** IANA time zone of the approver's preference (Account.timeZone): every date on the pages is shown in it. */
  timeZone?: string;
}

declare module 'express-session' {
  interface SessionData {
    adminUser?: AdminUser;
    /** When the person logged in (ms since epoch), for the absolute timeout. */
    loginAt?: number;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request unless the browser says it comes from this site: Fetch Metadata when sent, and the
 * Origin header, which must be ours. A request with neither proves nothing and is refused too.
 */
export function sameOriginOnly(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    const siteOk = site === undefined || site === 'same-origin';
    const originOk = origin !== undefined ? origin === publicOrigin || origin === ownOrigin : site === 'same-origin';
    if (siteOk && originOk) return next();
    res.status(403).json({
      error: {
        code: 'CROSS_ORIGIN_REFUSED',
        message: 'State-changing requests must come from the back-office itself',
      },
    });
  };
}

/** Gives the person a fresh session id at login, so that a session id planted before login is worth nothing. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error);
      req.session.loginAt = Date.now();
      resolve();
    });
  });
}

export interface SessionGuardOptions {
  loginPath: string;
  /** A session ends this long after login, however active (the idle timeout is the cookie's rolling maxAge). */
  absoluteTimeoutMs: number;
  /** The person's current approver scope, read again on every request: a suspended post ends the session. */
  loadScope(accountId: string): Promise<ApproverScope>;
}

/** Ends a session that is too old or whose owner no longer may decide anything, and keeps the scope current. */
export function sessionGuard(options: SessionGuardOptions): RequestHandler {
  return (req, res, next) => {
    const user = req.session?.adminUser;
    if (!user) return next();
    const end = () => req.session.destroy((error) => (error ? next(error) : res.redirect(options.loginPath)));
    const loginAt = req.session.loginAt ?? 0;
    if (Date.now() - loginAt > options.absoluteTimeoutMs) return end();
    options
      .loadScope(user.id)
      .then((scope) => {
        if (!scope.entitled) return end();
        req.session.adminUser = { ...user, scope, title: scope.title };
        next();
      })
      .catch(next);
  };
}
