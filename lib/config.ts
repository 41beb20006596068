// The one validated configuration (every variable is listed in the README). It fails fast on a bad value and holds no default secret.
import path from 'node:path';
import { z } from 'zod';
import { ROLE_HISTORY_BOUND } from '../domain/contracts';
import { parseDuration } from '../domain/durations';
import { LIMIT_DEFAULTS, LIMIT_VARIABLES, parseLimit } from './abuse-limit-config';
import { parsePayloadKeys } from './payload-codec';
import { parseWorkflowIdKey } from './workflow-id-key';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    });

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalString,
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('traces-onboarding'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(100),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /** Ports of the embedded PostgreSQL and the local Temporal dev server (only when DATABASE_URL / TEMPORAL_ADDRESS are unset). */
  LOCAL_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOCAL_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  /** Where people open Temporal UI (the back-office links each request's workflow there); default localhost:TEMPORAL_UI_PORT. */
  TEMPORAL_UI_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  TEMPORAL_CLI_PATH: optionalString,
  /** Mutual TLS to the Temporal frontend (PEM files): all three, or none; the server name the certificate names. */
  TEMPORAL_TLS_CA: optionalString,
  TEMPORAL_TLS_CERT: optionalString,
  TEMPORAL_TLS_KEY: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  SMTP_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  MAIL_FROM: z.string().default('TRACES NT <no-reply@traces.example.eu>'),
  MAIL_DIR: optionalString,
  DATA_DIR: optionalString,
  CAPTCHA_PROVIDER: z.enum(['builtin', 'none']).default('builtin'),
  SESSION_SECRET: optionalString,
  ROLE: z.enum(['all', 'worker', 'web']).default('all'),
  DEMO_PASSWORD: optionalString,
  SEED_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  NODE_ENV: z.string().default('development'),
  REGISTRATION_LINK_TTL: duration('90m'),
  APPROVAL_REMINDER_AFTER: duration('3d'),
  APPROVAL_EXPIRES_AFTER: duration('30d'),
  /** History events a role's workflow run reaches before it continues as new (set in the input of the runs it starts). */
  ROLE_HISTORY_BOUND: z.coerce.number().int().min(20).max(50_000).default(ROLE_HISTORY_BOUND),
  SESSION_TTL: duration('8h'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Operations: payload encryption, the codec endpoint for Temporal UI, metrics, the prebuilt bundle.
  PAYLOAD_ENCRYPTION_KEYS: optionalString.superRefine((text, ctx) => {
    if (text === undefined) return;
    try {
      parsePayloadKeys(text);
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    }
  }),
  CODEC_AUTH_TOKEN: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  CODEC_CORS_ORIGINS: optionalString,
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKFLOW_BUNDLE_PATH: optionalString,
  SHUTDOWN_TIMEOUT: duration('10s'),
  // Accounts: forgotten password, change of e-mail, keyed workflow ids, abuse limits (lib/abuse-limit-config.ts).
  PASSWORD_RESET_TTL: duration('60m'),
  EMAIL_CHANGE_TTL: duration('24h'),
  ACCOUNT_MAIL_INTERVAL: duration('15m'),
  WORKFLOW_ID_KEY: optionalString.superRefine((text, ctx) => {
    if (text === undefined) return;
    try {
      parseWorkflowIdKey(text);
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    }
  }),
  ...limitVariables(),
  /** Whether every approver needs a second factor to enter the back-office; default `required` in production. */
  APPROVER_MFA: z.preprocess(emptyToUndefined, z.enum(['required', 'optional']).optional()),
});

function limitVariables() {
  const limit = (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        try {
          return parseLimit(text);
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
          return z.NEVER;
        }
      });
  return Object.fromEntries(LIMIT_VARIABLES.map((name) => [name, limit(LIMIT_DEFAULTS[name])])) as {
    [K in (typeof LIMIT_VARIABLES)[number]]: ReturnType<typeof limit>;
  };
}

/** Every variable the app reads (a deployment that sets another one has a typo). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);
/** Variables holding secrets: a deployment must take them from its environment, never from a default in a file. */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'SMTP_URL',
  'SESSION_SECRET',
  'DEMO_PASSWORD',
  'PAYLOAD_ENCRYPTION_KEYS',
  'CODEC_AUTH_TOKEN',
  'WORKFLOW_ID_KEY',
];

/** With NODE_ENV=production nothing falls back to an embedded server, a mail folder or a per-process secret. */
function productionProblems(c: z.infer<typeof schema>): string[] {
  const required: Array<keyof typeof c> = [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'PUBLIC_URL',
    'SMTP_URL',
    'PAYLOAD_ENCRYPTION_KEYS',
  ];
  if (c.ROLE !== 'worker') required.push('SESSION_SECRET', 'WORKFLOW_ID_KEY');
  return required.filter((name) => c[name] === undefined).map((name) => `${name}: required when NODE_ENV=production`);
}

export type AppConfig = ReturnType<typeof loadConfig>;

/** Reads and validates the environment once; throws with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR ?? '.data');
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  if (c.SESSION_SECRET !== undefined && c.SESSION_SECRET.length < 32) {
    throw new Error('Invalid configuration:\n  SESSION_SECRET: must be at least 32 characters');
  }
  const tlsFiles = [c.TEMPORAL_TLS_CA, c.TEMPORAL_TLS_CERT, c.TEMPORAL_TLS_KEY];
  if (tlsFiles.some(Boolean) && !tlsFiles.every(Boolean)) {
    throw new Error(
      'Invalid configuration:\n  TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY: all three or none',
    );
  }
  const missing = c.NODE_ENV === 'production' ? productionProblems(c) : [];
  if (missing.length > 0) throw new Error(`Invalid configuration:\n  ${missing.join('\n  ')}`);
  return {
    port: c.PORT,
    publicUrl,
    databaseUrl: c.DATABASE_URL,
    localPostgresPort: c.LOCAL_POSTGRES_PORT,
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      uiPort: c.TEMPORAL_UI_PORT,
      localPort: c.LOCAL_TEMPORAL_PORT,
      uiUrl: c.TEMPORAL_UI_URL,
      cliPath: c.TEMPORAL_CLI_PATH,
      tls: c.TEMPORAL_TLS_CA
        ? {
            caFile: c.TEMPORAL_TLS_CA,
            certFile: c.TEMPORAL_TLS_CERT!,
            keyFile: c.TEMPORAL_TLS_KEY!,
            serverName: c.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      /** Workflows a worker keeps in memory between their tasks (README "Benchmarks": memory against latency). */
      maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
    },
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, dir: path.resolve(c.MAIL_DIR ?? path.join(dataDir, 'mail')) },
    dataDir,
    captchaProvider: c.CAPTCHA_PROVIDER,
    /** Unset: a random secret per process start (sessions then end with the process); never a constant. */
    sessionSecret: c.SESSION_SECRET,
    role: c.ROLE,
    demoPassword: c.DEMO_PASSWORD,
    production: c.NODE_ENV === 'production',
    seedDemoData: c.SEED_DEMO_DATA ? c.SEED_DEMO_DATA === 'true' : c.NODE_ENV !== 'production',
    durations: {
      registrationLinkTtlMs: c.REGISTRATION_LINK_TTL,
      approvalReminderAfterMs: c.APPROVAL_REMINDER_AFTER,
      approvalExpiresAfterMs: c.APPROVAL_EXPIRES_AFTER,
      sessionTtlMs: c.SESSION_TTL,
    },
    /** Web servers put it into every authorisation workflow they start; a run continued as new keeps its own. */
    roleHistoryBound: c.ROLE_HISTORY_BOUND,
    logLevel: c.LOG_LEVEL,
    /** Unset: a key kept under dataDir (local use only; production requires the variable). */
    payloadEncryptionKeys: c.PAYLOAD_ENCRYPTION_KEYS,
    codec: {
      /** Unset: the codec endpoint accepts only sessions of Commission accounts. */
      authToken: c.CODEC_AUTH_TOKEN,
      corsOrigins: (c.CODEC_CORS_ORIGINS ?? `http://localhost:${c.TEMPORAL_UI_PORT}`)
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    },
    /** The Temporal SDK's own Prometheus exporter (loopback only; merged into /metrics); 0 turns it off. */
    temporalMetricsPort: c.TEMPORAL_METRICS_PORT,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT,
    accounts: {
      passwordResetTtlMs: c.PASSWORD_RESET_TTL,
      emailChangeTtlMs: c.EMAIL_CHANGE_TTL,
      /** At most one "already registered" or password-reset mail per address in this window. */
      mailIntervalMs: c.ACCOUNT_MAIL_INTERVAL,
      /** Unset: a key kept under dataDir (local use only; production requires the variable). */
      workflowIdKey: c.WORKFLOW_ID_KEY,
      limits: Object.fromEntries(LIMIT_VARIABLES.map((name) => [name, c[name]])) as Record<
        (typeof LIMIT_VARIABLES)[number],
        ReturnType<typeof parseLimit>
      >,
    },
    /** Locally `optional`, so that the demo approvers log in with their password alone (and may enrol). */
    approverMfa: c.APPROVER_MFA ?? (c.NODE_ENV === 'production' ? 'required' : 'optional'),
  };
}
