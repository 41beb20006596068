// EU Login's password policy: at least 10 characters with upper case, lower case, digit and special character.

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
  problems: string[];
}

/** Checks a proposed password; every unmet rule is listed so the person can fix them at once. */
export function checkPassword(password: string, personal: string[] = []): PasswordVerdict {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/\p{Lu}/u.test(password)) problems.push('an upper-case letter');
  if (!/\p{Ll}/u.test(password)) problems.push('a lower-case letter');
  if (!/\p{Nd}/u.test(password)) problems.push('a digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('a special character');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push('not a commonly used password');
  const lower = password.toLowerCase();
  for (const word of personal) {
    if (word.length >= 4 && lower.includes(word.toLowerCase())) {
      problems.push('not containing your name or e-mail');
      break;
    }
  }
  return { ok: problems.length === 0, problems };
}
