// API sessions: opaque bearer tokens stored hashed, expiry, logout, and login attempts limited atomically.
import type { Account } from '@prisma/client';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { normaliseEmail } from '../../domain/email-rules';
import { emailKey, LimitReached, type AbuseLimits } from '../../lib/abuse-limits';
import type { Db } from '../../lib/db';
import { dummyPasswordHash, hashPassword, needsRehash, newToken, sha256Hex, verifyPassword } from '../../lib/secrets';
import { ApiError, parseInput } from '../errors';
import { tooManyRequests } from './limits';

export const loginSchema = z
  .object({
    email: z.string().min(1).max(254),
    password: z.string().min(1).max(1024),
  })
  .strict();

export interface AuthContext {
  accountId: string;
  sessionId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

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

/** An account whose password was checked, with the number of its confirmed second factors. */
export type CheckedAccount = Account & { _count: { secondFactors: number } };

export function createSessionUseCases(deps: {
  db: Db;
  sessionTtlMs: number;
  limits: AbuseLimits;
  secondStep?: SecondStepGate;
}) {
  const { db, limits } = deps;

  /**
   * Checks a password against the account's; the same work and answer whether the e-mail exists or not. The same read
   * counts the account's confirmed second factors, so a login without one costs no further round trip for it.
   */
  async function checkCredentials(email: string, password: string, clientAddress?: string) {
    const account = await db.account.findUnique({
      where: { email: normaliseEmail(email) },
      include: { _count: { select: { secondFactors: { where: { confirmedAt: { not: null } } } } } },
    });
    const hash =
      account?.status === 'ACTIVE' && account.passwordHash ? account.passwordHash : await dummyPasswordHash();
    const ok = await verifyPassword(password, hash, clientAddress);
    return ok && account?.status === 'ACTIVE' ? account : undefined;
  }

  /** An older (scrypt) hash is replaced by argon2id once the password is known, unless it changed meanwhile. */
  async function upgradeHash(account: Account, password: string) {
    if (!account.passwordHash || !needsRehash(account.passwordHash)) return;
    await db.account.updateMany({
      where: { id: account.id, passwordHash: account.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }

  /**
   * Step one of every login (API, portal, back-office) and of password-confirmed changes: takes a point of the
   * client address and one of the e-mail (atomic counters: of 40 parallel guesses at most LIMIT_LOGIN_PER_EMAIL are
   * evaluated), then checks the password. 429 TOO_MANY_ATTEMPTS (Retry-After) or 401 INVALID_CREDENTIALS; a success
   * forgets the e-mail's failures and gives the address its point back.
   */
  async function verifyLogin(email: string, password: string, clientAddress?: string): Promise<CheckedAccount> {
    const key = emailKey(email);
    try {
      if (clientAddress) await limits.loginPerIp.consume(clientAddress);
      await limits.loginPerEmail.consume(key);
    } catch (error) {
      if (error instanceof LimitReached) throw tooManyRequests(error.retryAfterSeconds, 'TOO_MANY_ATTEMPTS');
      throw error;
    }
    const account = await checkCredentials(email, password, clientAddress);
    if (!account) throw new ApiError(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
    // Two keys, two round trips: side by side.
    await Promise.all([limits.loginPerEmail.reset(key), clientAddress && limits.loginPerIp.giveBack(clientAddress)]);
    await upgradeHash(account, password);
    return account;
  }

  /** Step two: a new session for an account whose login is complete. */
  async function createSession(accountId: string): Promise<{ token: string; expiresAt: string }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + deps.sessionTtlMs);
    await db.session.create({ data: { accountId, tokenHash: sha256Hex(token), expiresAt } });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The live session of an active account that a token names (bearer header or portal cookie), if any. */
  async function resolve(token: string): Promise<AuthContext | undefined> {
    const session = await db.session.findUnique({
      where: { tokenHash: sha256Hex(token) },
      include: { account: { select: { status: true } } },
    });
    if (
      !session ||
      session.revokedAt ||
      session.expiresAt.getTime() <= Date.now() ||
      session.account.status !== 'ACTIVE'
    )
      return undefined;
    return { accountId: session.accountId, sessionId: session.id };
  }

  return {
    verifyLogin,
    createSession,
    /** A new session once the login is complete (the second factor's last step calls it). */
    openSession: createSession,
    checkCredentials,
    resolve,

    /**
     * POST /api/sessions → {token, expiresAt}, or {mfaRequired, challenge} and no session when the account has a second
     * factor; 401 INVALID_CREDENTIALS; 429 TOO_MANY_ATTEMPTS.
     */
    async login(
      body: unknown,
      clientAddress?: string,
    ): Promise<{ token: string; expiresAt: string } | SecondStepAnswer> {
      const input = parseInput(loginSchema, body);
      const account = await verifyLogin(input.email, input.password, clientAddress);
      const challenge = account._count.secondFactors > 0 ? await deps.secondStep?.challengeFor(account.id) : undefined;
      return challenge ?? createSession(account.id);
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
