// EU Login's password policy: at least 10 characters with upper case, lower case, digit and special character.
import { PasswordProblem, type PasswordProblemCode } from './contracts';

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for passphrases, short enough that hashing cannot be used to exhaust the server. */
export const PASSWORD_MAX_LENGTH = 256;

const COMMON_PASSWORDS = new Set([
  'password1!',
  'password123!',
  'p@ssw0rd123',
  'p@ssword123',
  'welcome123!',
  'qwerty123!',
  'qwertyuiop1!',
  'letmein123!',
  'admin12345!',
  'changeme123!',
  'abcdefgh1!',
  'iloveyou123!',
  'summer2024!',
  'winter2024!',
  'password2024!',
  'password2025!',
  'password2026!',
  'azerty123!',
  'traces123!',
  'tracesnt123!',
  '1qaz2wsx!qaz',
]);

export interface PasswordVerdict {
  ok: boolean;
  /** Codes, translated by the UIs (locales/<lang>.json `password_<code>`). */
  problems: PasswordProblemCode[];
}

/** Checks a proposed password; every unmet rule is listed so the person can fix them at once. */
export function checkPassword(password: string, personal: string[] = []): PasswordVerdict {
  const problems: PasswordProblemCode[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(PasswordProblem.tooShort);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(PasswordProblem.tooLong);
  if (!/\p{Lu}/u.test(password)) problems.push(PasswordProblem.upperCase);
  if (!/\p{Ll}/u.test(password)) problems.push(PasswordProblem.lowerCase);
  if (!/\p{Nd}/u.test(password)) problems.push(PasswordProblem.digit);
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push(PasswordProblem.special);
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push(PasswordProblem.common);
  const lower = password.toLowerCase();
  for (const word of personal) {
    if (word.length >= 4 && lower.includes(word.toLowerCase())) {
      problems.push(PasswordProblem.personal);
      break;
    }
  }
  return { ok: problems.length === 0, problems };
}

/** The WEAK_PASSWORD field error of a verdict: the unmet rules and the policy's bounds. */
export const weakPasswordError = (verdict: PasswordVerdict) => ({
  code: 'WEAK_PASSWORD' as const,
  params: { problems: verdict.problems, min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
});
