// The one validated configuration (DESIGN §6). It fails fast on a bad value and holds no default secret.
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../domain/durations';

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
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: optionalString,
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
  SESSION_TTL: duration('8h'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

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
  return {
    port: c.PORT,
    publicUrl,
    databaseUrl: c.DATABASE_URL,
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      uiPort: c.TEMPORAL_UI_PORT,
      cliPath: c.TEMPORAL_CLI_PATH,
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
    logLevel: c.LOG_LEVEL,
  };
}
