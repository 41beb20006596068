// The second factor of an account: enrolment of an authenticator app (TOTP with a QR code) and of passkeys / security
// keys (WebAuthn), ten single-use recovery codes, removal (password and a factor), and the second step of a login.
// Secrets never leave this module except to their owner at enrolment: TOTP secrets are sealed at rest, recovery codes
// and challenge tokens stored as SHA-256, and nothing here reaches a workflow or a log line.
import { FieldCode } from '../../domain/contracts';
import crypto from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  CHALLENGE_TTL_MS,
  FACTOR_LABEL_MAX,
  MAX_PASSKEYS,
  SecondFactorRefusal as Refusal,
  TOTP_ENROLMENT_TTL_MS,
  TOTP_ISSUER,
} from '../../domain/second-factor';
import type { Db } from '../../lib/db';
import type { SecretBox } from '../../lib/secret-box';
import { newToken, sha256Hex } from '../../lib/secrets';
import { ApiError, notFound, parseInput } from '../errors';
import type { Limiter } from '../../lib/abuse-limits';
import { enforceLimits } from './limits';
import {
  createFactorChecks,
  issueRecoveryCodes,
  lockAccountFactors,
  matchTotp,
  totpContext,
  type Tx,
  type WebAuthnSettings,
} from './second-factor-checks';

export type { WebAuthnSettings } from './second-factor-checks';

// Counted in characters (code points), as the OpenAPI document's maxLength counts them, not in UTF-16 units.
const label = z
  .string()
  .trim()
  .min(1)
  .refine((text) => [...text].length <= FACTOR_LABEL_MAX, { message: 'TOO_LONG', params: { max: FACTOR_LABEL_MAX } });
const token = z.string().min(20).max(200);
/** A WebAuthn credential as the browser gives it (JSON); the library checks its inside. */
const credential = z
  .object({
    id: z.string().min(1).max(1400),
    rawId: z.string().min(1).max(1400),
    type: z.literal('public-key'),
    response: z.record(z.unknown()),
  })
  .passthrough();
const code = z.string().min(1).max(64);

export const confirmTotpSchema = z.object({ enrolmentId: z.string().uuid(), code, label: label.optional() }).strict();
export const addPasskeySchema = z
  .object({ enrolmentId: z.string().uuid(), credential, label: label.optional() })
  .strict();
export const reauthenticationSchema = z.object({ password: z.string().min(1).max(1024), code }).strict();
export const secondStepSchema = z
  .object({ challenge: token, code: code.optional(), passkey: credential.optional() })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.passkey === undefined), {
    message: FieldCode.oneOf,
    params: { fields: ['code', 'passkey'] },
    path: ['code'],
  });
export const passkeyOptionsSchema = z.object({ challenge: token }).strict();

export interface SecondStep {
  mfaRequired: true;
  challenge: string;
  expiresAt: string;
  /** What the account can answer with: its app (`totp`), a passkey, a recovery code. */
  methods: Array<'totp' | 'passkey' | 'recovery'>;
}

export interface SecondFactorDeps {
  db: Db;
  /** Seals TOTP secrets (lib/secret-box.ts, purpose `totp-secret`). */
  box: SecretBox;
  /** Second-factor checks per account: the web process's shared limiter (LIMIT_SECOND_FACTOR_PER_ACCOUNT). */
  limiter: Limiter;
  webauthn: WebAuthnSettings;
  /** The account's password, checked as a login checks it (removal and renewal need it). */
  checkPassword(accountId: string, password: string): Promise<boolean>;
  /** Opens an API session once both steps are done (api/use-cases/sessions.ts). */
  openSession(accountId: string): Promise<{ token: string; expiresAt: string }>;
}

const invalidCode = (status = 401) => new ApiError(status, Refusal.invalidCode, 'The code or passkey does not match');
const invalidChallenge = () =>
  new ApiError(401, Refusal.invalidChallenge, 'This login step has expired or was used; log in again');

function methodsOf(types: string[]): SecondStep['methods'] {
  return [
    ...(types.includes('TOTP') ? ['totp' as const] : []),
    ...(types.includes('PASSKEY') ? ['passkey' as const] : []),
    'recovery',
  ];
}

/** QR code of an otpauth:// URI as an SVG data URL (rendered here, offline). */
async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function createSecondFactorUseCases(deps: SecondFactorDeps) {
  const { db, box, limiter } = deps;
  const checks = createFactorChecks(deps);
  const confirmed = (accountId: string) => ({ accountId, confirmedAt: { not: null } });
  const limiterKey = (accountId: string) => `second-factor:${accountId}`;

  /** Counts one check of the account's factor against its limit, then runs it; a success clears the count. */
  async function limited<T>(accountId: string, check: () => Promise<T | undefined | false>): Promise<T | undefined> {
    await enforceLimits([[limiter, limiterKey(accountId)]], 'TOO_MANY_ATTEMPTS');
    const result = await check();
    if (!result) return undefined;
    await limiter.reset(limiterKey(accountId));
    return result;
  }

  async function hasFactor(accountId: string): Promise<boolean> {
    return (await db.secondFactor.count({ where: confirmed(accountId) })) > 0;
  }

  /** Gives ten recovery codes with the account's first factor (inside its lock); none when it already has some. */
  async function codesForFirstFactor(tx: Tx, accountId: string): Promise<string[] | undefined> {
    const factors = await tx.secondFactor.count({ where: confirmed(accountId) });
    return factors === 1 ? issueRecoveryCodes(tx, accountId) : undefined;
  }

  /** The password and a code (app or recovery) of the account, as removal and renewal ask; limited like a login step. */
  async function reauthenticate(accountId: string, body: unknown): Promise<void> {
    const input = parseInput(reauthenticationSchema, body);
    const ok = await limited(
      accountId,
      async () =>
        (await deps.checkPassword(accountId, input.password)) && (await checks.checkCode(accountId, input.code)),
    );
    if (!ok) throw new ApiError(401, Refusal.reauthenticationFailed, 'The password or the code is wrong');
  }

  /** A live login challenge by its token. */
  async function liveChallenge(challengeToken: string) {
    const challenge = await db.secondFactorChallenge.findUnique({ where: { tokenHash: sha256Hex(challengeToken) } });
    if (
      !challenge ||
      challenge.purpose !== 'LOGIN' ||
      challenge.consumedAt ||
      challenge.expiresAt.getTime() <= Date.now()
    ) {
      throw invalidChallenge();
    }
    return challenge;
  }

  /** The second step: a code or a passkey answering the challenge; the account id once it is used (single use). */
  async function verifyChallenge(body: unknown): Promise<string> {
    const input = parseInput(secondStepSchema, body);
    const challenge = await liveChallenge(input.challenge);
    const { accountId } = challenge;
    const ok = await limited(accountId, async () => {
      if (input.code !== undefined) return checks.checkCode(accountId, input.code);
      if (!challenge.webauthnChallenge) return false;
      return checks.checkPasskey(
        accountId,
        input.passkey as unknown as AuthenticationResponseJSON,
        challenge.webauthnChallenge,
      );
    });
    if (!ok) throw invalidCode();
    const used = await db.secondFactorChallenge.updateMany({
      where: { id: challenge.id, consumedAt: null, expiresAt: { gt: new Date() } },
      data: { consumedAt: new Date() },
    });
    if (used.count !== 1) throw invalidChallenge();
    return accountId;
  }

  return {
    hasFactor,

    /** GET /api/me/second-factors: the confirmed factors and how many recovery codes are left. */
    async status(accountId: string) {
      const [factors, recoveryCodesLeft] = await Promise.all([
        db.secondFactor.findMany({ where: confirmed(accountId), orderBy: { createdAt: 'asc' } }),
        db.recoveryCode.count({ where: { accountId, usedAt: null } }),
      ]);
      return {
        factors: factors.map((f) => ({
          id: f.id,
          type: f.type,
          label: f.label,
          createdAt: f.createdAt.toISOString(),
          lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
        })),
        recoveryCodesLeft,
      };
    },

    /** POST /api/me/second-factors/totp: a new secret (sealed at once) to scan; confirmed by its first code. */
    async startTotp(accountId: string) {
      if (await db.secondFactor.count({ where: { ...confirmed(accountId), type: 'TOTP' } })) {
        throw new ApiError(409, Refusal.totpExists, 'An authenticator app is set up already; remove it first');
      }
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true } });
      const secret = generateSecret();
      const id = crypto.randomUUID();
      await db.secondFactor.deleteMany({ where: { accountId, type: 'TOTP', confirmedAt: null } });
      await db.secondFactor.create({
        data: {
          id,
          accountId,
          type: 'TOTP',
          label: 'Authenticator app',
          secretSealed: box.seal(secret, totpContext(id)),
        },
      });
      const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: account.email, secret });
      const expiresAt = new Date(Date.now() + TOTP_ENROLMENT_TTL_MS).toISOString();
      return { enrolmentId: id, secret, otpauthUri, qrCode: await qrDataUrl(otpauthUri), expiresAt };
    },

    /** An authenticator-app set-up still waiting for its first code, shown again (the page after a mistyped code). */
    async pendingTotp(accountId: string, enrolmentId: string) {
      if (!z.string().uuid().safeParse(enrolmentId).success) return undefined;
      const pending = await db.secondFactor.findFirst({
        where: { id: enrolmentId, accountId, type: 'TOTP', confirmedAt: null },
      });
      if (!pending?.secretSealed || pending.createdAt.getTime() + TOTP_ENROLMENT_TTL_MS <= Date.now()) return undefined;
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true } });
      const secret = box.open(pending.secretSealed, totpContext(pending.id)).plain;
      const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: account.email, secret });
      return { enrolmentId, secret, otpauthUri, qrCode: await qrDataUrl(otpauthUri) };
    },

    /** POST /api/me/second-factors/totp/confirm: the app's first code makes it a factor (recovery codes if first). */
    async confirmTotp(accountId: string, body: unknown) {
      const input = parseInput(confirmTotpSchema, body);
      const pending = await db.secondFactor.findFirst({
        where: { id: input.enrolmentId, accountId, type: 'TOTP', confirmedAt: null },
      });
      if (!pending?.secretSealed || pending.createdAt.getTime() + TOTP_ENROLMENT_TTL_MS <= Date.now()) {
        throw new ApiError(404, Refusal.invalidEnrolment, 'This set-up has expired or is done; start again');
      }
      const secret = box.open(pending.secretSealed, totpContext(pending.id)).plain;
      const step = await limited(accountId, () => matchTotp(secret, input.code.replace(/\s/g, '')));
      if (step === undefined) throw invalidCode(400);
      try {
        return await db.$transaction(async (tx) => {
          await lockAccountFactors(tx, accountId);
          const done = await tx.secondFactor.updateMany({
            where: { id: pending.id, confirmedAt: null },
            data: {
              confirmedAt: new Date(),
              lastTimeStep: step,
              lastUsedAt: new Date(),
              ...(input.label ? { label: input.label } : {}),
            },
          });
          if (done.count !== 1) throw new ApiError(404, Refusal.invalidEnrolment, 'This set-up is done already');
          return { factorId: pending.id, recoveryCodes: await codesForFirstFactor(tx, accountId) };
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002' || /one_totp_per_account/.test(String(error))) {
          throw new ApiError(409, Refusal.totpExists, 'An authenticator app is set up already; remove it first');
        }
        throw error;
      }
    },

    /** POST /api/me/second-factors/passkeys/options: what the browser needs to create a passkey (5 minutes). */
    async passkeyRegistrationOptions(accountId: string) {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const existing = await db.secondFactor.findMany({ where: { accountId, type: 'PASSKEY' } });
      if (existing.length >= MAX_PASSKEYS)
        throw new ApiError(409, Refusal.tooManyPasskeys, `At most ${MAX_PASSKEYS} passkeys`);
      const options = await generateRegistrationOptions({
        rpName: deps.webauthn.rpName,
        rpID: deps.webauthn.rpId,
        userName: account.email,
        userID: new Uint8Array(Buffer.from(account.id, 'utf8')),
        userDisplayName: `${account.firstName} ${account.lastName}`,
        attestationType: 'none',
        timeout: CHALLENGE_TTL_MS,
        excludeCredentials: existing.map((f) => ({ id: f.credentialId!, transports: f.transports })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      const enrolment = await db.secondFactorChallenge.create({
        data: {
          accountId,
          purpose: 'PASSKEY_REGISTRATION',
          webauthnChallenge: options.challenge,
          expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
        },
      });
      return { enrolmentId: enrolment.id, options };
    },

    /** POST /api/me/second-factors/passkeys: the browser's new credential, checked and kept (recovery codes if first). */
    async addPasskey(accountId: string, body: unknown) {
      const input = parseInput(addPasskeySchema, body);
      const used = await db.secondFactorChallenge.updateMany({
        where: {
          id: input.enrolmentId,
          accountId,
          purpose: 'PASSKEY_REGISTRATION',
          consumedAt: null,
          expiresAt: { gt: new Date() },
        },
        data: { consumedAt: new Date() },
      });
      const enrolment =
        used.count === 1 ? await db.secondFactorChallenge.findUnique({ where: { id: input.enrolmentId } }) : null;
      if (!enrolment?.webauthnChallenge)
        throw new ApiError(404, Refusal.invalidEnrolment, 'This passkey set-up has expired; start again');
      const verification = await verifyRegistrationResponse({
        response: input.credential as unknown as RegistrationResponseJSON,
        expectedChallenge: enrolment.webauthnChallenge,
        expectedOrigin: deps.webauthn.origin,
        expectedRPID: deps.webauthn.rpId,
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verification?.verified) throw invalidCode(400);
      const { credential: created, credentialDeviceType } = verification.registrationInfo;
      return db.$transaction(async (tx) => {
        await lockAccountFactors(tx, accountId);
        const factor = await tx.secondFactor.create({
          data: {
            accountId,
            type: 'PASSKEY',
            label: input.label ?? (credentialDeviceType === 'multiDevice' ? 'Passkey' : 'Security key'),
            credentialId: created.id,
            publicKey: Buffer.from(created.publicKey),
            signCount: BigInt(created.counter),
            transports: created.transports ?? [],
            confirmedAt: new Date(),
          },
        });
        return { factorId: factor.id, recoveryCodes: await codesForFirstFactor(tx, accountId) };
      });
    },

    /** POST /api/me/second-factors/{id}/remove {password, code}; the last factor takes the recovery codes with it. */
    async remove(accountId: string, factorId: string, body: unknown) {
      if (!z.string().uuid().safeParse(factorId).success) throw notFound('second factor');
      await reauthenticate(accountId, body);
      return db.$transaction(async (tx) => {
        await lockAccountFactors(tx, accountId);
        const removed = await tx.secondFactor.deleteMany({ where: { id: factorId, accountId } });
        if (removed.count !== 1) throw notFound('second factor');
        const left = await tx.secondFactor.count({ where: confirmed(accountId) });
        if (left === 0) await tx.recoveryCode.deleteMany({ where: { accountId } });
        return { removed: factorId, factorsLeft: left };
      });
    },

    /** POST /api/me/second-factors/recovery-codes {password, code}: ten new codes, the old ones dead. */
    async renewRecoveryCodes(accountId: string, body: unknown) {
      await reauthenticate(accountId, body);
      return db.$transaction(async (tx) => {
        await lockAccountFactors(tx, accountId);
        if ((await tx.secondFactor.count({ where: confirmed(accountId) })) === 0) {
          throw new ApiError(409, Refusal.noFactor, 'Set up a second factor first');
        }
        return { recoveryCodes: await issueRecoveryCodes(tx, accountId) };
      });
    },

    /** After the right password: the second step to ask for, or undefined when the account has no factor. */
    async challengeFor(accountId: string): Promise<SecondStep | undefined> {
      const factors = await db.secondFactor.findMany({ where: confirmed(accountId), select: { type: true } });
      if (factors.length === 0) return undefined;
      const challenge = newToken();
      const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
      await db.secondFactorChallenge.create({
        data: { accountId, purpose: 'LOGIN', tokenHash: sha256Hex(challenge), expiresAt },
      });
      return {
        mfaRequired: true,
        challenge,
        expiresAt: expiresAt.toISOString(),
        methods: methodsOf(factors.map((f) => f.type)),
      };
    },

    /** The answers a live login challenge accepts (the second-step page shown again), or undefined when it is dead. */
    async challengeMethods(challengeToken: string): Promise<SecondStep['methods'] | undefined> {
      const challenge = await liveChallenge(challengeToken).catch(() => undefined);
      if (!challenge) return undefined;
      const types = await db.secondFactor.findMany({ where: confirmed(challenge.accountId), select: { type: true } });
      return methodsOf(types.map((f) => f.type));
    },

    /** POST /api/sessions/mfa/passkey-options {challenge}: what the browser needs to sign in with a passkey. */
    async loginPasskeyOptions(body: unknown) {
      const input = parseInput(passkeyOptionsSchema, body);
      const challenge = await liveChallenge(input.challenge);
      const passkeys = await db.secondFactor.findMany({ where: { accountId: challenge.accountId, type: 'PASSKEY' } });
      if (passkeys.length === 0) throw new ApiError(409, Refusal.noFactor, 'This account has no passkey');
      const options = await generateAuthenticationOptions({
        rpID: deps.webauthn.rpId,
        userVerification: 'preferred',
        timeout: CHALLENGE_TTL_MS,
        allowCredentials: passkeys.map((f) => ({ id: f.credentialId!, transports: f.transports })),
      });
      await db.secondFactorChallenge.update({
        where: { id: challenge.id },
        data: { webauthnChallenge: options.challenge },
      });
      return { options };
    },

    verifyChallenge,

    /** POST /api/sessions/mfa {challenge, code | passkey} → {token, expiresAt}. */
    async completeLogin(body: unknown) {
      const accountId = await verifyChallenge(body);
      return deps.openSession(accountId);
    },
  };
}

export type SecondFactorUseCases = ReturnType<typeof createSecondFactorUseCases>;
