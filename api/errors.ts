// The error contract: {"error": {"code", "message", "fields"}}. Every refusal carries a code; nothing leaks a stack.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type ZodSchema, type z } from 'zod';
import type { FieldError, RefusalCode } from '../domain/contracts';
import type { Logger } from '../lib/logger';

/** A refusal: its code (domain/contracts.ts Refusal), an English message, and per field a text and (where set) a code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: RefusalCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly fieldCodes?: Record<string, RefusalCode | FieldError>,
    /** Extra response headers, e.g. Retry-After of a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  /** Structured facts of the refusal beside the code, e.g. the likely duplicates of POSSIBLE_DUPLICATE. */
  details?: Record<string, unknown>;
}

/** The field codes as the JSON answer carries them: {code, params?} per field. */
const fieldErrors = (codes: ApiError['fieldCodes']) =>
  codes
    ? Object.fromEntries(Object.entries(codes).map(([field, c]) => [field, typeof c === 'string' ? { code: c } : c]))
    : undefined;

export const notFound = (what = 'resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);

/** Parses input with a schema; failures become 400 VALIDATION_FAILED naming each field. */
export function parseInput<S extends ZodSchema>(schema: S, input: unknown): z.infer<S> {
  try {
    return schema.parse(input ?? {});
  } catch (error) {
    if (error instanceof ZodError) throw validationError(error);
    throw error;
  }
}

export function validationError(error: ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length
      ? issue.path.join('.')
      : issue.code === 'unrecognized_keys'
        ? issue.keys.join(',')
        : '_';
    fields[key] ??= issue.message;
  }
  return new ApiError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid', fields);
}

/** Wraps an async route so that a rejection reaches the error handler. */
export const route =
  (handler: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    handler(req, res, next).catch(next);
  };

/** The name, message and codes of an error and of its causes (the pg adapter puts PostgreSQL's code on `cause`). */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { name, message, code, originalCode, originalMessage, kind } = e as Record<string, unknown>;
    parts.push(...[name, message, code, originalCode, originalMessage, kind].filter((v) => typeof v === 'string'));
  }
  return parts.join(' ');
}

/** Databases and Temporal that are down give 503 (retry later), anything else unknown 500 without details. */
function isUnavailable(error: unknown): boolean {
  // Prisma over the pg adapter: P1001/P1002/P1008/P1017/P2024 (unreachable, timed out, closed, pool exhausted),
  // PostgreSQL's 57P01-57P03 (shutting down: "terminating connection due to administrator command") and pg's own
  // "not queryable" for a connection lost in the middle of a transaction (test/faults/postgres-outage).
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Can't reach database|Connection terminated|terminating connection|connect ECONN|UNAVAILABLE|DEADLINE_EXCEEDED|ServiceError|too many clients|57P0[1-3]|\bP(1001|1002|1008|1017|2024)\b|not queryable/i.test(
    describeChain(error),
  );
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof ApiError) {
      if (error.headers) res.set(error.headers);
      res.status(error.status).json({
        error: {
          code: error.code,
          message: error.message,
          fields: error.fields,
          fieldErrors: fieldErrors(error.fieldCodes),
          ...error.details,
        },
      });
      return;
    }
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'INVALID_JSON', message: 'The body is not valid JSON' } });
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The body is too large' } });
      return;
    }
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      res.status(415).json({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding' } });
      return;
    }
    if (isUnavailable(error)) {
      logger.warn('dependency unavailable', { path: req.path, error: (error as Error).message?.slice(0, 200) });
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again shortly' } });
      return;
    }
    logger.error('unexpected error', { path: req.path, error: (error as Error)?.stack?.slice(0, 2000) });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Unexpected error' } });
  };
}
