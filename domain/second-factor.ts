// The second factor as EU Login offers it: an authenticator app (TOTP) or a passkey / security key (WebAuthn), ten
// single-use recovery codes, and the back-office's rule for approvers. Pure rules: no I/O.

export const SECOND_FACTOR_TYPES = ['TOTP', 'PASSKEY'] as const;
export type SecondFactorType = (typeof SECOND_FACTOR_TYPES)[number];

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** A code of the step before or after is accepted too (a phone's clock a little off, a code typed as it turned). */
export const TOTP_TOLERANCE_SECONDS = 30;
export const TOTP_ISSUER = 'TRACES NT';
/** An authenticator app must give its first code within this time, or the enrolment is void. */
export const TOTP_ENROLMENT_TTL_MS = 15 * 60_000;

export const RECOVERY_CODE_COUNT = 10;
/** 16 symbols of a 32-symbol alphabet: 80 random bits, so that a stored SHA-256 cannot be reversed by trying. */
export const RECOVERY_CODE_LENGTH = 16;
/** Crockford's base32: no I, L, O, U, so that a code copied by hand is read back as written. */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** How long the second step of a login (and a passkey registration) may wait. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Passkeys one account may register. */
export const MAX_PASSKEYS = 10;
export const FACTOR_LABEL_MAX = 60;

/** The refusals of the second factor, answered by the API and translated by the portal and back-office. */
export const SecondFactorRefusal = {
  /** The code (TOTP or recovery) or the passkey's assertion does not match. */
  invalidCode: 'INVALID_SECOND_FACTOR',
  /** The login challenge is unknown, used, expired, or of another account. */
  invalidChallenge: 'INVALID_CHALLENGE',
  /** An authenticator-app enrolment is unknown, confirmed already, or expired. */
  invalidEnrolment: 'INVALID_ENROLMENT',
  /** The account has an authenticator app already: remove it first. */
  totpExists: 'TOTP_ALREADY_ENROLLED',
  tooManyPasskeys: 'TOO_MANY_PASSKEYS',
  /** Removing a factor or renewing the recovery codes: the password or the factor given is wrong. */
  reauthenticationFailed: 'REAUTHENTICATION_FAILED',
  /** Recovery codes belong to an account with a factor. */
  noFactor: 'NO_SECOND_FACTOR',
  tooManyAttempts: 'TOO_MANY_ATTEMPTS',
} as const;

/** Upper-case, without the spaces and dashes people type; undefined when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== RECOVERY_CODE_LENGTH) return undefined;
  return [...code].every((c) => RECOVERY_CODE_ALPHABET.includes(c)) ? code : undefined;
}

/** A recovery code in groups of four, as shown: `ABCD-EFGH-JKMN-PQRS`. */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** Turns random bytes (one per symbol) into a recovery code. */
export function recoveryCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < RECOVERY_CODE_LENGTH) throw new Error('not enough random bytes');
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every symbol equally likely.
  return [...bytes.subarray(0, RECOVERY_CODE_LENGTH)].map((b) => RECOVERY_CODE_ALPHABET[b % 32]).join('');
}

/** What a code typed at the second step is: six digits of the app, or a recovery code. */
export function classifyCode(
  input: string,
): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | undefined {
  const digits = input.replace(/\s/g, '');
  if (new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits)) return { kind: 'totp', code: digits };
  const recovery = normaliseRecoveryCode(input);
  return recovery ? { kind: 'recovery', code: recovery } : undefined;
}

export const APPROVER_MFA_POLICIES = ['required', 'optional'] as const;
export type ApproverMfaPolicy = (typeof APPROVER_MFA_POLICIES)[number];

/**
 * What an approver who gave the right password meets at the back-office: the second step when they have a factor,
 * whatever the policy; with `required` and no factor, a refusal that tells them to enrol in the portal.
 */
export function approverLoginStep(
  policy: ApproverMfaPolicy,
  hasFactor: boolean,
): 'second-factor' | 'enrol-first' | 'enter' {
  if (hasFactor) return 'second-factor';
  return policy === 'required' ? 'enrol-first' : 'enter';
}
