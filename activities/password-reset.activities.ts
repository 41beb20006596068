// Side effects of passwordResetWorkflow. Idempotent under retries (keys per activity).
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { linkTokenFor, sha256Hex } from '../lib/secrets';
import { claimMailSlot, endSessions } from './account-mail';
import { sendMailOnce } from './mail-outbox';

export interface PasswordResetActivityDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** At most one reset mail per address in this window (ACCOUNT_MAIL_INTERVAL). */
  accountMailIntervalMs?: number;
  /** The secret mailed links' tokens are derived from (lib/secrets.ts linkTokenFor). */
  linkSecret: Buffer;
}

interface LinkRequest {
  requestIds: string[];
  /** <runId>:<n>: the same link row and mail when the activity is retried. */
  issueKey: string;
  workflowId: string;
  expiresAt: string;
  ttlMinutes: number;
}

export const DEFAULT_ACCOUNT_MAIL_INTERVAL_MS = 15 * 60_000;

export function createPasswordResetActivities({
  db,
  mailer,
  publicUrl,
  accountMailIntervalMs,
  linkSecret,
}: PasswordResetActivityDeps) {
  const intervalMs = accountMailIntervalMs ?? DEFAULT_ACCOUNT_MAIL_INTERVAL_MS;
  const dropRequests = (ids: string[]) => db.passwordResetRequest.deleteMany({ where: { id: { in: ids } } });

  /** Mails the link of `token` once (outbox key password-reset:<issueKey>); the outbox keeps it blanked out. */
  function mailLink(
    issueKey: string,
    account: { email: string; emailLanguage: string; firstName: string },
    token: string,
    ttlMinutes: number,
  ) {
    const minutes = String(ttlMinutes);
    return sendMailOnce(db, mailer, {
      idempotencyKey: `password-reset:${issueKey}`,
      to: account.email,
      template: 'password-reset',
      language: account.emailLanguage,
      params: { name: account.firstName, minutes, link: `${publicUrl}/reset-password?token=${token}` },
      storedParams: { name: account.firstName, minutes, link: `${publicUrl}/reset-password?token=[not stored]` },
    });
  }

  /** A retry of a link already recorded: mailed again, with the same token, if its mail was not recorded as sent, else returned. */
  async function resumeLink(issueKey: string, ttlMinutes: number) {
    const row = await db.passwordResetToken.findUnique({ where: { issueKey }, include: { account: true } });
    if (!row) return undefined;
    const sent = await db.mailOutbox.findUnique({ where: { idempotencyKey: `password-reset:${issueKey}` } });
    if (sent?.status !== 'SENT' && !row.consumedAt && !row.supersededAt) {
      const token = linkTokenFor(linkSecret, issueKey);
      await db.passwordResetToken.update({ where: { id: row.id }, data: { tokenHash: sha256Hex(token) } });
      await mailLink(issueKey, row.account, token, ttlMinutes);
    }
    return { tokenId: row.id, expiresAt: row.expiresAt.toISOString() };
  }

  /** The newest link of the account that still works, if any. */
  async function liveLink(accountId: string) {
    const live = await db.passwordResetToken.findFirst({
      where: { accountId, consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
    return live ? { tokenId: live.id, expiresAt: live.expiresAt.toISOString() } : {};
  }

  return {
    /**
     * For the request rows `requestIds` (one e-mail): nothing for an e-mail without an active account; otherwise a
     * new link (older ones superseded, only its SHA-256 stored) mailed in the person's language, unless a reset mail
     * went to this address within the interval, in which case the live link stays. Returns ids only, never the token.
     */
    async issuePasswordResetLink(input: LinkRequest): Promise<{ tokenId?: string; expiresAt?: string }> {
      const resumed = await resumeLink(input.issueKey, input.ttlMinutes);
      if (resumed) {
        await dropRequests(input.requestIds);
        return resumed;
      }
      const rows = await db.passwordResetRequest.findMany({ where: { id: { in: input.requestIds } } });
      const email = rows[0]?.email;
      const account = email ? await db.account.findUnique({ where: { email } }) : null;
      if (!account || account.status !== 'ACTIVE') {
        await dropRequests(input.requestIds);
        return {};
      }
      const token = linkTokenFor(linkSecret, input.issueKey);
      const created = await db.$transaction(async (tx) => {
        if (!(await claimMailSlot(tx, account.id, 'passwordResetMailAt', intervalMs))) return undefined;
        await tx.passwordResetToken.updateMany({
          where: { accountId: account.id, consumedAt: null, supersededAt: null },
          data: { supersededAt: new Date() },
        });
        return tx.passwordResetToken.create({
          data: {
            accountId: account.id,
            workflowId: input.workflowId,
            issueKey: input.issueKey,
            tokenHash: sha256Hex(token),
            expiresAt: new Date(input.expiresAt),
          },
        });
      });
      if (!created) {
        await dropRequests(input.requestIds);
        return liveLink(account.id);
      }
      await mailLink(input.issueKey, account, token, input.ttlMinutes);
      await dropRequests(input.requestIds);
      return { tokenId: created.id, expiresAt: created.expiresAt.toISOString() };
    },

    /**
     * Uses link `tokenId` with the password submitted on it, in one transaction that succeeds at most once per link:
     * the new password, every session of the account ended (API, portal, back-office), one audit event.
     */
    async completePasswordReset(input: {
      tokenId: string;
      submissionId: string;
      workflowId: string;
    }): Promise<{ accountId: string }> {
      return db.$transaction(async (tx) => {
        const submissions = await tx.$queryRaw<Array<{ id: string; passwordHash: string }>>`
          DELETE FROM "PasswordResetSubmission" WHERE "tokenId" = ${input.tokenId}::uuid RETURNING id::text, "passwordHash"`;
        const submission = submissions.find((s) => s.id === input.submissionId);
        const consumed = await tx.passwordResetToken.updateMany({
          where: { id: input.tokenId, consumedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
          data: { consumedAt: new Date() },
        });
        const token = await tx.passwordResetToken.findUnique({ where: { id: input.tokenId } });
        if (consumed.count !== 1 || !submission || !token) {
          // A retry after this activity committed finds its link used and its submission gone: done.
          if (token?.consumedAt && !submission) return { accountId: token.accountId };
          throw ApplicationFailure.nonRetryable('link already used, superseded or unknown', 'INVALID_TOKEN');
        }
        await tx.account.update({ where: { id: token.accountId }, data: { passwordHash: submission.passwordHash } });
        await endSessions(tx, token.accountId);
        await tx.auditEvent.create({
          data: {
            actor: 'applicant',
            actorAccountId: token.accountId,
            action: 'PASSWORD_RESET',
            entityType: 'Account',
            entityId: token.accountId,
            workflowId: input.workflowId,
          },
        });
        return { accountId: token.accountId };
      });
    },
  };
}

export type PasswordResetActivities = ReturnType<typeof createPasswordResetActivities>;
