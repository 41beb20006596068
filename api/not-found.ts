// The answers for what no route handles, in the error contract: 405 with Allow for a known path asked with a method
// it does not have (the methods come from the OpenAPI document, so the two agree), 404 for anything else.
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface KnownPath {
  pattern: RegExp;
  allow: string[];
}

/** The paths of an OpenAPI document (`{name}` is one path segment) with the methods each declares. */
export function knownPaths(paths: Record<string, unknown>, extra: Record<string, string[]> = {}): KnownPath[] {
  const entries = Object.entries(paths).map(([template, item]) => {
    const declared = METHODS.filter((m) => (item as Record<string, unknown>)[m] !== undefined).map((m) =>
      m.toUpperCase(),
    );
    return [template, declared] as const;
  });
  return [...entries, ...Object.entries(extra)].map(([template, declared]) => {
    const source = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    // Express answers HEAD with the GET route.
    const allow = declared.includes('GET') && !declared.includes('HEAD') ? [...declared, 'HEAD'] : [...declared];
    return { pattern: new RegExp(`^${source}/?$`), allow };
  });
}

/**
 * 405 METHOD_NOT_ALLOWED with an Allow header for a known path asked with a method it does not declare; OPTIONS is
 * answered with the Allow header (the codec answers its own CORS preflight). Everything else goes on.
 */
export function methodNotAllowed(known: KnownPath[]): RequestHandler {
  return (req, res, next) => {
    const match = known.find((k) => k.pattern.test(req.path));
    if (!match || match.allow.includes(req.method)) return next();
    const allow = [...match.allow, 'OPTIONS'].join(', ');
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') {
      if (req.path.startsWith('/codec/')) return next();
      res.status(204).end();
      return;
    }
    next(new ApiError(405, 'METHOD_NOT_ALLOWED', `${req.method.slice(0, 20)} is not allowed here; use ${allow}`));
  };
}

/** 404 NOT_FOUND in the error contract for what no route of this mount (`prefix`) answered. */
export const notFoundHere =
  (prefix: string): RequestHandler =>
  (req, _res, next) => {
    next(new ApiError(404, 'NOT_FOUND', `No route ${req.method.slice(0, 20)} ${`${prefix}${req.path}`.slice(0, 200)}`));
  };
