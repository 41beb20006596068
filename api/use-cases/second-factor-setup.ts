// Builds the second-factor use-cases from what the web process has: the database, the payload keys (from which the
// TOTP sealing key is derived), PUBLIC_URL (the WebAuthn relying party) and the sessions.
import { TOTP_ISSUER } from '../../domain/second-factor';
import type { Limiter } from '../../lib/abuse-limits';
import type { Db } from '../../lib/db';
import type { PayloadKey } from '../../lib/payload-codec';
import { createSecretBox } from '../../lib/secret-box';
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
  /** Checks per account, counted atomically in PostgreSQL (lib/abuse-limits.ts). */
  limiter: Limiter;
}) {
  const { db } = deps;
  return createSecondFactorUseCases({
    db,
    box: createSecretBox(deps.atRestKeys, 'totp-secret'),
    limiter: deps.limiter,
    webauthn: webAuthnSettings(deps.publicUrl),
    checkPassword: async (accountId, password) => {
      const account = await db.account.findUnique({ where: { id: accountId }, select: { email: true } });
      return !!account && (await deps.sessions.checkCredentials(account.email, password))?.id === accountId;
    },
    openSession: (accountId) => deps.sessions.openSession(accountId),
  });
}
