// The abuse limits as the use-cases apply them: a point per (limiter, key), 429 with Retry-After when one is used up.
import { consumeAll, LimitReached, type Limiter } from '../../lib/abuse-limits';
import { ApiError } from '../errors';
import type { RefusalCode } from '../../domain/contracts';

export const tooManyRequests = (retryAfterSeconds: number, code = 'TOO_MANY_REQUESTS') =>
  new ApiError(429, code as RefusalCode, `Too many requests; try again in ${retryAfterSeconds} s`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** Consumes one point of each pair whose key is known (an internal caller has no client address). */
export async function enforceLimits(
  pairs: Array<[Limiter | undefined, string | undefined]>,
  code?: string,
): Promise<void> {
  const known = pairs.filter(
    (p): p is [Limiter, string] => p[0] !== undefined && typeof p[1] === 'string' && p[1] !== '',
  );
  try {
    await consumeAll(known);
  } catch (error) {
    if (error instanceof LimitReached) throw tooManyRequests(error.retryAfterSeconds, code);
    throw error;
  }
}
