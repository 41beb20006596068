// Abuse limits on PostgreSQL with rate-limiter-flexible (RateLimiterPostgres): one atomic counter per limiter and key
// in the table "rate_limit" (created by a migration), so every web server shares them and two concurrent requests
// can never both take the last point. Keys are client addresses or SHA-256 digests of normalised e-mails.
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { normaliseEmail } from '../domain/email-rules';
import type { LimitRule, LimitsConfig } from './abuse-limit-config';
import { sha256Hex } from './secrets';

export const RATE_LIMIT_TABLE = 'rate_limit';

/** A limit was reached: try again after this many seconds (the HTTP answer's Retry-After). */
export class LimitReached extends Error {
  constructor(
    readonly limiter: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`limit ${limiter} reached`);
  }
}

export interface Limiter {
  readonly name: string;
  /** Takes one point for `key`, or throws LimitReached (nothing taken) when none is left. */
  consume(key: string): Promise<void>;
  /** Gives one point back (e.g. a successful login from an address). */
  giveBack(key: string): Promise<void>;
  /** Forgets the key's count (a successful login or a password reset clears the e-mail's failures). */
  reset(key: string): Promise<void>;
}

/** The limiters' key for an e-mail: its normalised form's SHA-256, so the table holds no address in clear. */
export const emailKey = (email: string) => sha256Hex(`limit:${normaliseEmail(email)}`);

function createLimiter(
  pool: pg.Pool,
  keyPrefix: string,
  name: string,
  rule: LimitRule,
  clearExpired: boolean,
): Limiter {
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: `${keyPrefix}:${name}`,
    points: rule.points,
    duration: Math.ceil(rule.durationMs / 1000),
    clearExpiredByTimeout: clearExpired,
  });
  return {
    name,
    async consume(key) {
      try {
        await limiter.consume(key, 1);
      } catch (error) {
        if (error instanceof RateLimiterRes)
          throw new LimitReached(name, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
        throw error;
      }
    },
    async giveBack(key) {
      await limiter.reward(key, 1);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

export interface AbuseLimits {
  registrationPerIp: Limiter;
  registrationPerEmail: Limiter;
  resendPerIp: Limiter;
  resendPerEmail: Limiter;
  resetPerIp: Limiter;
  resetPerEmail: Limiter;
  loginPerIp: Limiter;
  loginPerEmail: Limiter;
  /** For second-factor checks (TOTP codes, recovery codes): key it by account id. */
  secondFactor: Limiter;
  close(): Promise<void>;
}

/**
 * The limiters over their own small pool. `keyPrefix` separates deployments (and test stacks) sharing one database.
 */
export function createAbuseLimits(options: {
  databaseUrl: string;
  limits: LimitsConfig;
  keyPrefix?: string;
}): AbuseLimits {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4, idleTimeoutMillis: 10_000 });
  // A connection that breaks while idle must not crash the process; the next query gets a new one.
  pool.on('error', () => undefined);
  const prefix = options.keyPrefix ?? 'traces';
  const l = options.limits;
  let first = true;
  const make = (name: string, rule: LimitRule) => {
    const limiter = createLimiter(pool, prefix, name, rule, first);
    first = false;
    return limiter;
  };
  return {
    registrationPerIp: make('registration-ip', l.LIMIT_REGISTRATION_PER_IP),
    registrationPerEmail: make('registration-email', l.LIMIT_REGISTRATION_PER_EMAIL),
    resendPerIp: make('resend-ip', l.LIMIT_RESEND_PER_IP),
    resendPerEmail: make('resend-email', l.LIMIT_RESEND_PER_EMAIL),
    resetPerIp: make('reset-ip', l.LIMIT_RESET_PER_IP),
    resetPerEmail: make('reset-email', l.LIMIT_RESET_PER_EMAIL),
    loginPerIp: make('login-ip', l.LIMIT_LOGIN_PER_IP),
    loginPerEmail: make('login-email', l.LIMIT_LOGIN_PER_EMAIL),
    secondFactor: make('second-factor', l.LIMIT_SECOND_FACTOR_PER_ACCOUNT),
    close: () => pool.end(),
  };
}

/** Consumes a point of each (limiter, key) pair in order; the first one without a point left throws LimitReached. */
export async function consumeAll(pairs: Array<[Limiter, string]>): Promise<void> {
  for (const [limiter, key] of pairs) await limiter.consume(key);
}
