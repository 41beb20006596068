// Checking a second factor: an authenticator-app code (each accepted once), a recovery code (single use), a passkey's
// assertion (its signature counter kept). Each acceptance is one conditional UPDATE, so two parallel uses of the same
// code cannot both pass. Also the per-account lock under which factors and recovery codes change.
import crypto from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { verify as verifyTotp } from 'otplib';
import {
  classifyCode,
  formatRecoveryCode,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  recoveryCodeFromBytes,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_TOLERANCE_SECONDS,
} from '../../domain/second-factor';
import type { Db } from '../../lib/db';
import type { SecretBox } from '../../lib/secret-box';
import { sha256Hex } from '../../lib/secrets';

export interface WebAuthnSettings {
  /** The relying party: the host of PUBLIC_URL. */
  rpId: string;
  rpName: string;
  /** The origin of PUBLIC_URL: the only one whose ceremonies are accepted. */
  origin: string;
}

export type Tx = Prisma.TransactionClient;

/** Stored as the SHA-256 of account id and code, so that equal codes of two accounts differ. */
export const recoveryCodeHash = (accountId: string, code: string) => sha256Hex(`recovery:${accountId}:${code}`);
/** The AES-GCM context of a TOTP secret: the factor's row, so that a sealed secret cannot be moved to another. */
export const totpContext = (factorId: string) => `totp:${factorId}`;

/** Serialises changes to one account's factors and recovery codes (taken inside a transaction). */
export async function lockAccountFactors(tx: Tx, accountId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`second-factor:${accountId}`}, 0))`;
}

/** Replaces the account's recovery codes with ten new ones; returns them as shown (the only time they are seen). */
export async function issueRecoveryCodes(tx: Tx, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    recoveryCodeFromBytes(crypto.randomBytes(RECOVERY_CODE_LENGTH)),
  );
  await tx.recoveryCode.deleteMany({ where: { accountId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ accountId, codeHash: recoveryCodeHash(accountId, code) })),
  });
  return codes.map(formatRecoveryCode);
}

/** The TOTP options of every check: RFC 6238 as authenticator apps read it. */
export const totpOptions = {
  digits: TOTP_DIGITS,
  period: TOTP_PERIOD_SECONDS,
  epochTolerance: TOTP_TOLERANCE_SECONDS,
} as const;

/** Checks a code against a secret; the time step it matched, when it is later than `afterTimeStep`. */
export async function matchTotp(
  secret: string,
  code: string,
  afterTimeStep?: number | null,
): Promise<number | undefined> {
  const result = await verifyTotp({
    secret,
    token: code,
    ...totpOptions,
    ...(afterTimeStep !== undefined && afterTimeStep !== null ? { afterTimeStep } : {}),
  }).catch(() => undefined);
  return result?.valid && 'timeStep' in result ? (result.timeStep as number) : undefined;
}

export function createFactorChecks(deps: { db: Db; box: SecretBox; webauthn: WebAuthnSettings }) {
  const { db, box } = deps;

  /** A code of the account's authenticator app, never one accepted before (its time step must be later). */
  async function checkTotp(accountId: string, code: string): Promise<boolean> {
    const factor = await db.secondFactor.findFirst({ where: { accountId, type: 'TOTP', confirmedAt: { not: null } } });
    if (!factor?.secretSealed) return false;
    const { plain, current } = box.open(factor.secretSealed, totpContext(factor.id));
    const step = await matchTotp(plain, code, factor.lastTimeStep);
    if (step === undefined) return false;
    const accepted = await db.secondFactor.updateMany({
      where: { id: factor.id, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
      // A secret sealed under an older key is sealed again under the current one.
      data: {
        lastTimeStep: step,
        lastUsedAt: new Date(),
        ...(current ? {} : { secretSealed: box.seal(plain, totpContext(factor.id)) }),
      },
    });
    return accepted.count === 1;
  }

  /** Uses up one of the account's recovery codes. */
  async function useRecoveryCode(accountId: string, code: string): Promise<boolean> {
    const used = await db.recoveryCode.updateMany({
      where: { accountId, codeHash: recoveryCodeHash(accountId, code), usedAt: null },
      data: { usedAt: new Date() },
    });
    return used.count === 1;
  }

  /** A code typed by the person: six digits of the app, or a recovery code. */
  async function checkCode(accountId: string, input: string): Promise<'totp' | 'recovery' | undefined> {
    const code = classifyCode(input);
    if (!code) return undefined;
    if (code.kind === 'totp') return (await checkTotp(accountId, code.code)) ? 'totp' : undefined;
    return (await useRecoveryCode(accountId, code.code)) ? 'recovery' : undefined;
  }

  /** A passkey's answer to `expectedChallenge`, from one of the account's passkeys, on our origin and relying party. */
  async function checkPasskey(
    accountId: string,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
  ): Promise<boolean> {
    const factor = await db.secondFactor.findFirst({
      where: { accountId, type: 'PASSKEY', credentialId: response.id },
    });
    if (!factor?.credentialId || !factor.publicKey) return false;
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: deps.webauthn.origin,
      expectedRPID: deps.webauthn.rpId,
      credential: {
        id: factor.credentialId,
        publicKey: new Uint8Array(factor.publicKey),
        counter: Number(factor.signCount),
        transports: factor.transports,
      },
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!verification?.verified) return false;
    const counter = BigInt(verification.authenticationInfo.newCounter);
    // Authenticators that keep no counter always say 0; one that goes backwards is a cloned key, refused.
    const accepted = await db.secondFactor.updateMany({
      where: { id: factor.id, ...(counter > 0n ? { signCount: { lt: counter } } : { signCount: 0n }) },
      data: { signCount: counter, lastUsedAt: new Date() },
    });
    return accepted.count === 1;
  }

  return { checkTotp, useRecoveryCode, checkCode, checkPasskey };
}

export type FactorChecks = ReturnType<typeof createFactorChecks>;
