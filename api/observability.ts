// Every request gets an id (X-Request-Id, taken from a trusted proxy or made here) that is on every log line written
// while it is handled, one access line at the end, and its latency in the HTTP histogram under its route template.
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { withLogContext, type Logger } from '../lib/logger';
import type { AppMetrics } from '../lib/metrics';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,100}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

export function requestObservability(deps: { logger: Logger; metrics?: AppMetrics }): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    req.requestId = requestId;
    res.set('X-Request-Id', requestId);

    // The template (/api/registrations/:id/resend), read when Express matches the route: the mount path is still on
    // req.baseUrl then, and ids in URLs would make one time series per request.
    let route = 'unmatched';
    let matched: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set: (value: { path?: unknown } | undefined) => {
        matched = value;
        if (value && typeof value.path === 'string') route = `${req.baseUrl}${value.path}`;
      },
    });

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = String(res.statusCode);
      deps.metrics?.httpRequestDuration.observe({ method: req.method, route, status }, seconds);
      // The path without its query string: queries may carry search text typed by a person.
      withLogContext({ requestId }, () =>
        deps.logger.info('request', {
          method: req.method,
          route,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000),
        }),
      );
    });
    withLogContext({ requestId }, next);
  };
}

/**
 * Body parsers resume the request from stream events, which lose the async context; this re-enters it after them so
 * that log lines of the route and of the error handler still carry the request id.
 */
export const restoreLogContext: RequestHandler = (req, _res, next) => {
  if (req.requestId) withLogContext({ requestId: req.requestId }, next);
  else next();
};
