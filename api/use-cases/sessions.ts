// API sessions: opaque bearer tokens stored hashed, expiry, logout, and throttled failed logins.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { normaliseEmail } from '../../domain/email-rules';
import type { Db } from '../../lib/db';
import { dummyPasswordHash, newToken, sha256Hex, verifyPassword } from '../../lib/secrets';
import { ApiError, parseInput } from '../errors';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export const loginSchema = z.object({
  email: z.string().min(1, 'Required').max(254, 'At most 254 characters'),
  password: z.string().min(1, 'Required').max(1024, 'Too long'),
}).strict();

export interface AuthContext {
  accountId: string;
  sessionId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

const throttleKey = (email: string) => sha256Hex(`login:${normaliseEmail(email)}`);

/** POST /api/sessions of an account with a second factor: no session yet, a challenge for POST /api/sessions/mfa. */
export interface SecondStepAnswer {
  mfaRequired: true;
  challenge: string;
  expiresAt: string;
  methods: Array<'totp' | 'passkey' | 'recovery'>;
}

/** Asks for the second step of a login when the account has a second factor (api/use-cases/second-factor.ts). */
export interface SecondStepGate {
  challengeFor(accountId: string): Promise<SecondStepAnswer | undefined>;
}

export function createSessionUseCases(deps: { db: Db; sessionTtlMs: number; secondStep?: SecondStepGate }) {
  const { db } = deps;

  /** A new session of the account (after the password, and after the second factor when it has one). */
  async function openSession(accountId: string): Promise<{ token: string; expiresAt: string }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
    await db.session.create({ data: { accountId, tokenHash: sha256Hex(token), expiresAt } });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** Checks a login against the account's password; the same work and answer whether the e-mail exists or not. */
  async function checkCredentials(email: string, password: string) {
    const account = await db.account.findUnique({ where: { email: normaliseEmail(email) } });
    const hash = account?.status === 'ACTIVE' && account.passwordHash ? account.passwordHash : await dummyPasswordHash();
    const ok = await verifyPassword(password, hash);
    return ok && account?.status === 'ACTIVE' ? account : undefined;
  }

  async function assertNotThrottled(key: string) {
    const throttle = await db.loginThrottle.findUnique({ where: { key } });
    if (throttle?.lockedUntil && throttle.lockedUntil.getTime() > Date.now()) {
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed logins; try again later');
    }
  }

  async function recordFailure(key: string) {
    const windowStart = new Date(Date.now() - LOGIN_WINDOW_MS);
    // One statement, so that parallel failures all count.
    await db.$executeRaw`
      INSERT INTO "LoginThrottle" (key, failures, "firstFailureAt") VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN "LoginThrottle"."firstFailureAt" < ${windowStart} THEN 1 ELSE "LoginThrottle".failures + 1 END,
        "firstFailureAt" = CASE WHEN "LoginThrottle"."firstFailureAt" < ${windowStart} THEN now() ELSE "LoginThrottle"."firstFailureAt" END,
        "lockedUntil" = CASE WHEN "LoginThrottle"."firstFailureAt" >= ${windowStart}
          AND "LoginThrottle".failures + 1 >= ${LOGIN_MAX_FAILURES} THEN now() + interval '15 minutes' ELSE NULL END`;
  }

  /** The live session of an active account that a token names (bearer header or portal cookie), if any. */
  async function resolve(token: string): Promise<AuthContext | undefined> {
    const session = await db.session.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { account: { select: { status: true } } } });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.account.status !== 'ACTIVE') return undefined;
    return { accountId: session.accountId, sessionId: session.id };
  }

  return {
    checkCredentials,
    assertNotThrottled,
    resolve,
    recordFailure,
    throttleKey,
    openSession,

    /**
     * POST /api/sessions → {token, expiresAt}, or {mfaRequired, challenge} and no session when the account has a second
     * factor; 401 INVALID_CREDENTIALS; 429 after repeated failures.
     */
    async login(body: unknown): Promise<{ token: string; expiresAt: string } | SecondStepAnswer> {
      const input = parseInput(loginSchema, body);
      const key = throttleKey(input.email);
      await assertNotThrottled(key);
      const account = await checkCredentials(input.email, input.password);
      if (!account) {
        await recordFailure(key);
        throw new ApiError(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
      }
      await db.loginThrottle.deleteMany({ where: { key } });
      return (await deps.secondStep?.challengeFor(account.id)) ?? openSession(account.id);
    },

    async logout(auth: AuthContext): Promise<void> {
      await db.session.update({ where: { id: auth.sessionId }, data: { revokedAt: new Date() } });
    },

    /** Requires `Authorization: Bearer <token>` of a live session of an active account. */
    authenticate(): RequestHandler {
      return (req, _res, next) => {
        const header = req.get('authorization') ?? '';
        const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
        if (!match) {
          next(new ApiError(401, 'UNAUTHENTICATED', 'Log in first (Authorization: Bearer <token>)'));
          return;
        }
        resolve(match[1]!)
          .then((auth) => {
            if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'The session has ended; log in again');
            req.auth = auth;
            next();
          })
          .catch(next);
      };
    },
  };
}

export type SessionUseCases = ReturnType<typeof createSessionUseCases>;
