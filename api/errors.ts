// The error contract: {"error": {"code", "message", "fields", "fieldErrors"}}. Every refusal carries a code, every
// field error a code with params (domain/contracts.ts); nothing leaks a stack.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type ZodIssue, type ZodSchema, type z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode, type RefusalCode } from '../domain/contracts';
import { translate } from '../lib/i18n';
import type { Logger } from '../lib/logger';

export type FieldErrors = Record<string, FieldError>;

/** The English text of a field error, from the English catalogue (`fields` of the answer, for people reading JSON). */
export const fieldText = (error: FieldError): string => translate('en', `field_${error.code}`, error.params);

/**
 * A refusal: its code (domain/contracts.ts Refusal), an English message, and per field a FieldError (code, params)
 * with its English text in `fields`.
 */
export class ApiError extends Error {
  readonly fields?: Record<string, string>;
  readonly fieldErrors?: FieldErrors;
  constructor(
    readonly status: number,
    readonly code: RefusalCode,
    message: string,
    fieldErrors?: Record<string, FieldError | FieldErrorCode>,
    /** Extra response headers, e.g. Retry-After of a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    if (fieldErrors) {
      this.fieldErrors = Object.fromEntries(
        Object.entries(fieldErrors).map(([field, e]) => [field, typeof e === 'string' ? { code: e } : e]),
      );
      this.fields = Object.fromEntries(Object.entries(this.fieldErrors).map(([f, e]) => [f, fieldText(e)]));
    }
  }

  /** Structured facts of the refusal beside the code, e.g. the likely duplicates of POSSIBLE_DUPLICATE. */
  details?: Record<string, unknown>;
}

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

const isFieldCode = (value: unknown): value is FieldErrorCode =>
  typeof value === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(value);

/**
 * A zod issue as a field error. Schemas name their own codes as the issue's message (`.regex(re, FieldCode.invalidPhone)`,
 * `.refine(f, FieldCode.emailsDiffer)`, `errorMap: () => ({ message: FieldCode.invalidLanguage })`); zod's own issues
 * map by kind: a missing value REQUIRED, lengths TOO_SHORT {min} / TOO_LONG {max}, enums INVALID_CHOICE {options},
 * extra keys UNKNOWN_FIELD. docs/i18n.md lists every code.
 */
export function fieldErrorOf(issue: ZodIssue): FieldError {
  const named = isFieldCode(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (named) return { code: named };
      if (issue.received === 'undefined' || issue.received === 'null') return { code: 'REQUIRED' };
      return { code: 'INVALID_TYPE', params: { expected: issue.expected } };
    case 'too_small': {
      if (named) return { code: named, params: { min: Number(issue.minimum) } };
      if (issue.type === 'string' && Number(issue.minimum) === 1) return { code: 'REQUIRED' };
      if (issue.type === 'string') return { code: 'TOO_SHORT', params: { min: Number(issue.minimum) } };
      return { code: 'TOO_SMALL', params: { min: Number(issue.minimum) } };
    }
    case 'too_big':
      if (named) return { code: named, params: { max: Number(issue.maximum) } };
      return { code: issue.type === 'string' ? 'TOO_LONG' : 'TOO_BIG', params: { max: Number(issue.maximum) } };
    case 'invalid_enum_value':
      return { code: named ?? 'INVALID_CHOICE', params: { options: issue.options.map(String) } };
    case 'invalid_literal':
      return { code: named ?? 'INVALID_CHOICE', params: { options: [String(issue.expected)] } };
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD' };
    case 'invalid_string':
      if (named) return { code: named };
      if (issue.validation === 'email') return { code: 'INVALID_EMAIL' };
      if (issue.validation === 'uuid') return { code: 'INVALID_UUID' };
      return { code: 'INVALID_FORMAT' };
    default: {
      const params = (issue as { params?: FieldError['params'] }).params;
      return { code: named ?? 'INVALID_FORMAT', ...(params ? { params } : {}) };
    }
  }
}

export function validationError(error: ZodError): ApiError {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length
      ? issue.path.join('.')
      : issue.code === 'unrecognized_keys'
        ? issue.keys.join(',')
        : '_';
    fields[key] ??= fieldErrorOf(issue);
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
          fieldErrors: error.fieldErrors,
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
