// What the account activities share: claiming the per-address mail interval atomically, and ending every session.
import type { Prisma } from '@prisma/client';
import type { Db } from '../lib/db';

type Tx = Prisma.TransactionClient | Db;

/** The account columns that remember the last mail of one kind (at most one per interval). */
export type MailClock = 'alreadyRegisteredMailAt' | 'passwordResetMailAt';

/**
 * Sets the account's clock to now if the last mail of that kind is older than `intervalMs`; true when this caller
 * may mail. One UPDATE, so concurrent callers cannot both win. Columns are timestamp(3) in UTC, as Prisma writes them.
 */
export async function claimMailSlot(tx: Tx, accountId: string, clock: MailClock, intervalMs: number): Promise<boolean> {
  const seconds = intervalMs / 1000;
  const column = clock === 'alreadyRegisteredMailAt' ? '"alreadyRegisteredMailAt"' : '"passwordResetMailAt"';
  const claimed = await tx.$executeRawUnsafe(
    `UPDATE "Account" SET ${column} = now() AT TIME ZONE 'UTC'
     WHERE id = $1::uuid AND (${column} IS NULL OR ${column} < (now() AT TIME ZONE 'UTC') - make_interval(secs => $2))`,
    accountId,
    seconds,
  );
  return claimed === 1;
}

/** Ends the account's API and portal sessions (all, or all but `keepSessionId`) and its back-office sessions. */
export async function endSessions(tx: Tx, accountId: string, keepSessionId?: string): Promise<void> {
  await tx.session.updateMany({
    where: { accountId, revokedAt: null, ...(keepSessionId ? { NOT: { id: keepSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  await tx.$executeRaw`DELETE FROM admin_session WHERE sess -> 'adminUser' ->> 'id' = ${accountId}`;
}
