// Structured JSON logs through pino, one line per event. Callers pass ids and codes only: never names, e-mails,
// tokens or passwords (the redaction list blanks the usual personal fields should one slip in). Context set with
// withLogContext (the request id of the HTTP request being handled) is added to every line written inside it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import pino, { type DestinationStream } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const PERSONAL = [
  'email',
  'firstName',
  'lastName',
  'contactEmail',
  'contactPhone',
  'phone',
  'password',
  'token',
  // Questions to applicants and their answers.
  'question',
  'answer',
  'text',
];
const REDACT = [...PERSONAL, ...PERSONAL.map((field) => `*.${field}`), 'message', 'authorization', 'cookie'];

const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` with `fields` added to every log line written while it (and what it awaits) runs. */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

export function createLogger(
  level: Level = 'info',
  base: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const log = pino(
    {
      level,
      base,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => context.getStore() ?? {},
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    // Synchronous, so that the last lines before an exit are not lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const write = (at: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) log[at](fields, msg);
    else log[at](msg);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** The Temporal SDK's logger (Runtime.install) writing into ours: its metadata carries workflowId and activityId. */
export function sdkLogger(logger: Logger): SdkLogger {
  const at: Record<LogLevel, Level> = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = { ...meta };
    if (fields.error instanceof Error) fields.error = fields.error.message;
    if (fields.failure instanceof Error) fields.failure = fields.failure.message;
    logger[at[level]](message, fields);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
