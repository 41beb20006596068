// Input that PostgreSQL cannot store, or that is not what its headers say, is refused at the edge with 400/415 and the
// error contract, before any use-case or query sees it: a NUL character (text and jsonb columns refuse it) and an
// unpaired UTF-16 surrogate (the driver would silently store U+FFFD instead: lost data) in a body, query or path.
import express, { type RequestHandler } from 'express';
import { ApiError } from './errors';

/** Why a field is refused; the portal and back-office show their own text for it. */
export const UNSTORABLE_MESSAGE = 'Contains a character that cannot be stored (NUL or an unpaired surrogate)';

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding the NUL is the point: PostgreSQL cannot store it
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL could not store this text as it is. */
export const isUnstorable = (text: string): boolean => UNSTORABLE.test(text);

/**
 * The paths (a.b.0) of every string in a parsed value, keys included, that PostgreSQL could not store. Stops at a
 * depth that no body parser of this app produces, so a hostile nesting cannot make it slow.
 */
export function unstorableFields(value: unknown, path = '', depth = 0, found: string[] = []): string[] {
  if (found.length >= 20 || depth > 40) return found;
  if (typeof value === 'string') {
    if (isUnstorable(value)) found.push(path || '_');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableFields(item, path ? `${path}.${i}` : String(i), depth + 1, found));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key;
      if (isUnstorable(key)) found.push(itemPath);
      else unstorableFields(item, itemPath, depth + 1, found);
    }
  }
  return found;
}

/** 400 VALIDATION_FAILED naming each field (prefixed with where it came from, for the query and the path). */
export function unstorableError(fields: string[]): ApiError {
  return new ApiError(
    400,
    'VALIDATION_FAILED',
    'Some fields contain characters that cannot be stored',
    Object.fromEntries(fields.map((field) => [field, 'NOT_ALLOWED_CHARACTERS' as const])),
  );
}

/**
 * The decoded segments of a URL path, or an error for a segment that is not valid percent-encoded UTF-8 (Express
 * would otherwise fail on it while matching parameters) or that decodes to something unstorable.
 */
export function checkPath(path: string): ApiError | undefined {
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segments[i]!);
    } catch {
      return new ApiError(400, 'VALIDATION_FAILED', 'The path is not valid percent-encoded UTF-8', {
        path: 'INVALID_ENCODING',
      });
    }
    if (isUnstorable(decoded)) return unstorableError([`path.${i}`]);
  }
  return undefined;
}

/** Refuses a request whose path or query string holds what PostgreSQL cannot store (API and /health). */
export const refuseUnstorableUrl: RequestHandler = (req, _res, next) => {
  const pathError = checkPath(req.path);
  if (pathError) return next(pathError);
  const fields = unstorableFields(req.query);
  next(fields.length ? unstorableError(fields.map((f) => `query.${f}`)) : undefined);
};

/** Refuses a parsed body (JSON or form) holding what PostgreSQL cannot store. Runs after the body parser. */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  const fields = req.body === undefined ? [] : unstorableFields(req.body);
  next(fields.length ? unstorableError(fields) : undefined);
};

// What the body parsers inflate (body-parser 1.x); anything else is 415 before a byte is read.
const SUPPORTED_ENCODINGS = new Set(['identity', 'gzip', 'deflate']);

/** The body's Content-Encoding: 415 for one the parser cannot undo; several layers (gzip, gzip) are refused too. */
export const supportedContentEncoding: RequestHandler = (req, _res, next) => {
  const header = req.headers['content-encoding'];
  if (header === undefined || header === '') return next();
  const encoding = header.trim().toLowerCase();
  if (SUPPORTED_ENCODINGS.has(encoding)) return next();
  next(
    new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${encoding.slice(0, 40)} is not supported; send identity, gzip or deflate`,
    ),
  );
};

/** A zlib failure while inflating: the body is not in the Content-Encoding it claims. */
const isInflateError = (error: unknown) =>
  /^Z_/.test(String((error as { code?: unknown })?.code ?? '')) ||
  ((error as { errno?: unknown })?.errno !== undefined &&
    /incorrect header check|invalid|unexpected end/i.test(String((error as Error)?.message)));

/**
 * A body parser (express.json or express.urlencoded) whose failure to inflate a body that is not what its
 * Content-Encoding says becomes 400 INVALID_ENCODING rather than an unknown error.
 */
export function inflatingParser(parser: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      if (error && isInflateError(error)) {
        next(new ApiError(400, 'INVALID_ENCODING', 'The body is not encoded as its Content-Encoding says'));
        return;
      }
      next(error as Error | undefined);
    });
  };
}

/** The API's JSON body parser: Content-Encoding checked, inflate failures 400, unstorable characters 400. */
export function jsonBody(options: { limit: string }): RequestHandler[] {
  return [
    supportedContentEncoding,
    inflatingParser(express.json({ limit: options.limit, strict: true, type: () => true })),
    refuseUnstorableBody,
  ];
}
