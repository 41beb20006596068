// Builds the second-factor use-cases from what the web process has: the database, the payload keys (from which the
// TOTP sealing key is derived), PUBLIC_URL (the WebAuthn relying party) and the sessions.
import { SECOND_FACTOR_MAX_ATTEMPTS, SECOND_FACTOR_WINDOW_MS, TOTP_ISSUER } from '../../domain/second-factor';
import type { Db } from '../../lib/db';
import type { PayloadKey } from '../../lib/payload-codec';
import { createSecretBox } from '../../lib/secret-box';
import { createPostgresAttemptLimiter, type AttemptLimiter } from './attempt-limiter';
import { createSecondFactorUseCases } from './second-factor';
import type { SessionUseCases } from './sessions';

/** The relying party is the host of PUBLIC_URL and only its origin may answer (localhost in tests). */
export function webAuthnSettings(publicUrl: string) {
  const url = new URL(publicUrl);
  return { rpId: url.hostname, rpName: TOTP_ISSUER, origin: url.origin };
}

export function setUpSecondFactor(deps: {
  db: Db;
  atRestKeys: PayloadKey[];
  publicUrl: string;
  sessions: Pick<SessionUseCases, 'openSession' | 'checkCredentials'>;
  /** The shared limiter of the web process may be given here; by default an AttemptCounter row per account. */
  limiter?: AttemptLimiter;
}) {
  const { db } = deps;
  return createSecondFactorUseCases({
    db,
    box: createSecretBox(deps.atRestKeys, 'totp-secret'),
    limiter:
      deps.limiter ??
      createPostgresAttemptLimiter({
        db,
        prefix: 'mfa',
        points: SECOND_FACTOR_MAX_ATTEMPTS,
        windowMs: SECOND_FACTOR_WINDOW_MS,
      }),
    webauthn: webAuthnSettings(deps.publicUrl),
    checkPassword: async (accountId, password) => {
      const account = await db.account.findUnique({ where: { id: accountId }, select: { email: true } });
      return !!account && (await deps.sessions.checkCredentials(account.email, password))?.id === accountId;
    },
    openSession: (accountId) => deps.sessions.openSession(accountId),
  });
}
