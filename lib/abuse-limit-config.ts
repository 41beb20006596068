// The abuse limits' variables and defaults: `<points>/<duration>`, e.g. `10/1h` = ten per client address (or e-mail)
// in any hour. Parsed by lib/config.ts, enforced by lib/abuse-limits.ts.
import { parseDuration } from '../domain/durations';

export interface LimitRule {
  points: number;
  durationMs: number;
}

export const LIMIT_DEFAULTS = {
  /** Registrations per client address / per e-mail registered. */
  LIMIT_REGISTRATION_PER_IP: '10/1h',
  LIMIT_REGISTRATION_PER_EMAIL: '20/1h',
  /** "Send the link again" per client address / per e-mail. */
  LIMIT_RESEND_PER_IP: '10/1h',
  LIMIT_RESEND_PER_EMAIL: '5/1h',
  /** Forgotten-password requests per client address / per e-mail. */
  LIMIT_RESET_PER_IP: '10/1h',
  LIMIT_RESET_PER_EMAIL: '5/1h',
  /** Login attempts per client address (a successful one is given back) / per e-mail (reset by a success). */
  LIMIT_LOGIN_PER_IP: '100/15m',
  LIMIT_LOGIN_PER_EMAIL: '5/15m',
  /** Second-factor checks per account (for the second-factor step: `limits.secondFactor`). */
  LIMIT_SECOND_FACTOR_PER_ACCOUNT: '5/15m',
} as const;

export type LimitVariable = keyof typeof LIMIT_DEFAULTS;
export const LIMIT_VARIABLES = Object.keys(LIMIT_DEFAULTS) as LimitVariable[];
export type LimitsConfig = Record<LimitVariable, LimitRule>;

/** `10/1h` → { points: 10, durationMs: 3_600_000 }; throws naming what is wrong. */
export function parseLimit(text: string): LimitRule {
  const match = /^\s*(\d{1,9})\s*\/\s*(\S+)\s*$/.exec(text);
  if (!match) throw new Error(`expected <points>/<duration>, e.g. 10/1h, got "${text}"`);
  const points = Number(match[1]);
  const durationMs = parseDuration(match[2]!);
  if (points < 1) throw new Error('points must be at least 1');
  if (durationMs < 1000) throw new Error('the duration must be at least 1s');
  return { points, durationMs };
}

/** Every limit at its default. */
export const defaultLimits = (): LimitsConfig =>
  Object.fromEntries(LIMIT_VARIABLES.map((name) => [name, parseLimit(LIMIT_DEFAULTS[name])])) as LimitsConfig;
