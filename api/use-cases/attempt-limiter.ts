// Attempts per key in a fixed window, counted atomically in PostgreSQL: a guess is counted before it is checked, so
// parallel guesses cannot all slip through. The second factor talks only to the AttemptLimiter interface, so that the
// shared limiter of the web process (rate-limiter-flexible on PostgreSQL) can take this one's place.
import type { Db } from '../../lib/db';
import { ApiError } from '../errors';

export interface AttemptLimiter {
  /** Counts one attempt on `key`; throws RateLimitedError (429) when the key has used up its window. */
  consume(key: string): Promise<void>;
  /** Forgets the key's attempts (after a success). */
  reset(key: string): Promise<void>;
}

/** 429 TOO_MANY_ATTEMPTS; `retryAfterSeconds` goes into the Retry-After header. */
export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many attempts; try again later',
  ) {
    super(429, 'TOO_MANY_ATTEMPTS', message);
  }
}

export function createPostgresAttemptLimiter(deps: {
  db: Db;
  prefix: string;
  points: number;
  windowMs: number;
}): AttemptLimiter {
  const { db } = deps;
  const fullKey = (key: string) => `${deps.prefix}:${key}`;
  return {
    async consume(key) {
      const windowMs = deps.windowMs;
      // One statement: a window that has passed starts again at 1, otherwise the count goes up by one.
      const [row] = await db.$queryRaw<Array<{ attempts: number; windowStart: Date }>>`
        INSERT INTO "AttemptCounter" (key, attempts, "windowStart") VALUES (${fullKey(key)}, 1, now())
        ON CONFLICT (key) DO UPDATE SET
          attempts = CASE WHEN "AttemptCounter"."windowStart" < now() - ${windowMs}::float8 * interval '1 millisecond'
            THEN 1 ELSE "AttemptCounter".attempts + 1 END,
          "windowStart" = CASE WHEN "AttemptCounter"."windowStart" < now() - ${windowMs}::float8 * interval '1 millisecond'
            THEN now() ELSE "AttemptCounter"."windowStart" END
        RETURNING attempts, "windowStart"`;
      if (row && row.attempts > deps.points) {
        const retryAfterMs = row.windowStart.getTime() + windowMs - Date.now();
        throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      }
    },
    async reset(key) {
      await db.attemptCounter.deleteMany({ where: { key: fullKey(key) } });
    },
  };
}
