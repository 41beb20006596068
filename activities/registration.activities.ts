// Side effects of registrationWorkflow. Every activity is idempotent under retries (keys given per activity).
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { linkTokenFor, sha256Hex } from '../lib/secrets';
import { claimMailSlot } from './account-mail';
import { sendMailOnce } from './mail-outbox';
import { DEFAULT_ACCOUNT_MAIL_INTERVAL_MS } from './password-reset.activities';

export interface RegistrationActivityDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** At most one "already registered" mail per address in this window. */
  accountMailIntervalMs?: number;
  /** The secret mailed links' tokens are derived from (lib/secrets.ts linkTokenFor). */
  linkSecret: Buffer;
}

export type AcceptedApplication =
  { outcome: 'PENDING'; accountId: string; tokenId: string } | { outcome: 'ALREADY_REGISTERED' };

interface LinkIssue {
  registrationId: string;
  sequence: number;
  expiresAt: string;
  ttlMinutes: number;
}

export function createRegistrationActivities({
  db,
  mailer,
  publicUrl,
  accountMailIntervalMs,
  linkSecret,
}: RegistrationActivityDeps) {
  const mailIntervalMs = accountMailIntervalMs ?? DEFAULT_ACCOUNT_MAIL_INTERVAL_MS;
  /**
   * Issues link number `sequence` of a registration: supersedes older links, stores only the token's hash and mails
   * the link. Idempotency key registration:<id>:link:<sequence>; a retry before the mail was recorded as sent mails the
   * same token again (derived from the key), a retry after it returns the same link without a second mail. Returns ids only, never the token.
   */
  async function issueLink(input: LinkIssue): Promise<{ tokenId: string }> {
    const issueKey = `registration:${input.registrationId}:link:${input.sequence}`;
    const sent = await db.mailOutbox.findUnique({ where: { idempotencyKey: issueKey } });
    const existing = await db.verificationToken.findUnique({ where: { issueKey } });
    if (existing && sent?.status === 'SENT') return { tokenId: existing.id };

    const token = linkTokenFor(linkSecret, issueKey);
    const registration = await db.registration.findUniqueOrThrow({
      where: { id: input.registrationId },
      include: { account: true },
    });
    const tokenRow = await db.$transaction(async (tx) => {
      await tx.verificationToken.updateMany({
        where: { registrationId: input.registrationId, supersededAt: null, consumedAt: null, NOT: { issueKey } },
        data: { supersededAt: new Date() },
      });
      await tx.registration.update({
        where: { id: input.registrationId },
        data: { expiresAt: new Date(input.expiresAt) },
      });
      return tx.verificationToken.upsert({
        where: { issueKey },
        create: {
          registrationId: input.registrationId,
          issueKey,
          tokenHash: sha256Hex(token),
          expiresAt: new Date(input.expiresAt),
        },
        update: { tokenHash: sha256Hex(token) },
      });
    });
    await mailLink(issueKey, registration.account, token, input.ttlMinutes);
    return { tokenId: tokenRow.id };
  }

  /** Mails the link of `token` once (outbox key issueKey); the outbox keeps the text with the token blanked out. */
  function mailLink(
    issueKey: string,
    account: { email: string; emailLanguage: string; firstName: string },
    token: string,
    ttlMinutes: number,
  ) {
    const minutes = String(ttlMinutes);
    return sendMailOnce(db, mailer, {
      idempotencyKey: issueKey,
      to: account.email,
      template: 'set-password',
      language: account.emailLanguage,
      params: { name: account.firstName, minutes, link: `${publicUrl}/set-password?token=${token}` },
      storedParams: { name: account.firstName, minutes, link: `${publicUrl}/set-password?token=[not stored]` },
    });
  }

  return {
    /**
     * Turns the stored application into a pending account and registration row with its first link (one transaction),
     * then mails the link; or, when the e-mail already has an active account, mails its owner and leaves the account
     * untouched. Idempotent on registrationId: a second run finds the registration and completes link 1 as issueLink.
     */
    async acceptRegistration(input: {
      applicationId: string;
      registrationId: string;
      workflowId: string;
      expiresAt: string;
      ttlMinutes: number;
    }): Promise<AcceptedApplication> {
      const firstLink = {
        registrationId: input.registrationId,
        sequence: 1,
        expiresAt: input.expiresAt,
        ttlMinutes: input.ttlMinutes,
      };
      // The application is deleted in the transaction that records the registration: while it exists, this is the
      // first run (one read fewer on the usual path).
      const application = await db.registrationApplication.findUnique({ where: { id: input.applicationId } });
      if (!application) {
        const done = await db.registration.findUnique({ where: { id: input.registrationId } });
        if (done) return { outcome: 'PENDING', accountId: done.accountId, ...(await issueLink(firstLink)) };
        // Only this activity deletes its own application without a registration: a second run after the first handled
        // an existing account (told its owner, or not, within the interval).
        return { outcome: 'ALREADY_REGISTERED' };
      }
      const existing = await db.account.findUnique({ where: { email: application.email } });
      if (existing?.status === 'ACTIVE') {
        // The owner is told at most once per interval (a retry whose mail is recorded finishes sending it).
        const mailKey = `registration:${input.registrationId}:already-registered`;
        const recorded = await db.mailOutbox.findUnique({ where: { idempotencyKey: mailKey } });
        if (recorded || (await claimMailSlot(db, existing.id, 'alreadyRegisteredMailAt', mailIntervalMs))) {
          await sendMailOnce(db, mailer, {
            idempotencyKey: mailKey,
            to: existing.email,
            template: 'already-registered',
            language: existing.emailLanguage,
            params: {
              name: existing.firstName,
              loginUrl: `${publicUrl}/login`,
              resetUrl: `${publicUrl}/forgot-password`,
            },
          });
        }
        await db.registrationApplication.deleteMany({ where: { id: application.id } });
        return { outcome: 'ALREADY_REGISTERED' };
      }
      const issueKey = `registration:${input.registrationId}:link:1`;
      const token = linkTokenFor(linkSecret, issueKey);
      const { account, tokenId } = await db.$transaction(async (tx) => {
        const person = {
          firstName: application.firstName,
          lastName: application.lastName,
          emailLanguage: application.emailLanguage,
          status: 'PENDING_VERIFICATION' as const,
        };
        const account = await tx.account.upsert({
          where: { email: application.email },
          create: { email: application.email, ...person },
          update: person,
        });
        await tx.registration.create({
          data: {
            id: input.registrationId,
            accountId: account.id,
            workflowId: input.workflowId,
            expiresAt: new Date(input.expiresAt),
          },
        });
        await tx.registrationApplication.delete({ where: { id: application.id } });
        await tx.auditEvent.create({
          data: {
            actor: 'applicant',
            actorAccountId: account.id,
            action: 'REGISTRATION_STARTED',
            entityType: 'Account',
            entityId: account.id,
            toStatus: 'PENDING_VERIFICATION',
            workflowId: input.workflowId,
          },
        });
        const tokenRow = await tx.verificationToken.create({
          data: {
            registrationId: input.registrationId,
            issueKey,
            tokenHash: sha256Hex(token),
            expiresAt: new Date(input.expiresAt),
          },
        });
        return { account, tokenId: tokenRow.id };
      });
      await mailLink(issueKey, account, token, input.ttlMinutes);
      return { outcome: 'PENDING', accountId: account.id, tokenId };
    },

    /** Deletes an application that arrived while a registration for the same e-mail was already running. */
    async discardApplication(applicationId: string): Promise<void> {
      await db.registrationApplication.deleteMany({ where: { id: applicationId } });
    },

    /** A new link (resend): see issueLink. */
    issueSetPasswordLink: issueLink,

    /**
     * Consumes link `tokenId` with the password submitted on it and activates the account, in one transaction that
     * succeeds at most once per link (the UPDATE only matches an unused, current, unexpired token).
     */
    async activateAccount(input: {
      registrationId: string;
      tokenId: string;
      submissionId: string;
      workflowId: string;
    }): Promise<{ accountId: string; ownSubmission?: boolean }> {
      return db.$transaction(async (tx) => {
        // The link's submissions go in any case (kept only until their link is used): one statement reads and deletes.
        const submissions = await tx.$queryRaw<Array<{ id: string; passwordHash: string }>>`
          DELETE FROM "PasswordSubmission" WHERE "tokenId" = ${input.tokenId}::uuid RETURNING id::text, "passwordHash"`;
        const submission = submissions.find((s) => s.id === input.submissionId);
        const consumed = await tx.verificationToken.updateMany({
          where: {
            id: input.tokenId,
            registrationId: input.registrationId,
            consumedAt: null,
            supersededAt: null,
            expiresAt: { gt: new Date() },
          },
          data: { consumedAt: new Date() },
        });
        if (consumed.count !== 1 || !submission) {
          // A second run of this activation (a local activity runs again when its workflow task is lost): done, but
          // only for the submission that won. When a lost workflow task aborts the Updates it held, another of the
          // parallel submissions may reach the workflow first: it must not be told its password was set.
          const done = await tx.registration.findFirst({
            where: {
              id: input.registrationId,
              status: 'ACTIVE',
              tokens: { some: { id: input.tokenId, consumedAt: { not: null } } },
            },
          });
          const won = !done
            ? 0
            : await tx.auditEvent.count({
                where: {
                  action: 'ACCOUNT_ACTIVATED',
                  entityId: done.accountId,
                  details: { path: ['submissionId'], equals: input.submissionId },
                },
              });
          if (done) return { accountId: done.accountId, ownSubmission: won > 0 };
          throw ApplicationFailure.nonRetryable('link already used, superseded or unknown', 'INVALID_TOKEN');
        }
        const registration = await tx.registration.update({
          where: { id: input.registrationId },
          data: { status: 'ACTIVE' },
        });
        await tx.account.update({
          where: { id: registration.accountId },
          data: { status: 'ACTIVE', passwordHash: submission.passwordHash, activatedAt: new Date() },
        });
        await tx.auditEvent.create({
          data: {
            actor: 'applicant',
            actorAccountId: registration.accountId,
            action: 'ACCOUNT_ACTIVATED',
            entityType: 'Account',
            entityId: registration.accountId,
            fromStatus: 'PENDING_VERIFICATION',
            toStatus: 'ACTIVE',
            workflowId: input.workflowId,
            // Which of the link's submissions set the password (a re-run answers only that one).
            details: { submissionId: submission.id },
          },
        });
        return { accountId: registration.accountId };
      });
    },

    /**
     * Ends a registration whose window passed: EXPIRED rows, dead links, one audit event (a second run finds the
     * registration EXPIRED and changes nothing) and one expiry mail (key …:expired).
     */
    async expireRegistration(input: { registrationId: string; ttlMinutes: number; workflowId: string }): Promise<void> {
      const registration = await db.$transaction(async (tx) => {
        const expired = await tx.registration.updateMany({
          where: { id: input.registrationId, status: 'PENDING_VERIFICATION' },
          data: { status: 'EXPIRED' },
        });
        const row = await tx.registration.findUniqueOrThrow({
          where: { id: input.registrationId },
          include: { account: true },
        });
        if (expired.count === 0) return row;
        await tx.verificationToken.updateMany({
          where: { registrationId: input.registrationId, consumedAt: null, supersededAt: null },
          data: { supersededAt: new Date() },
        });
        if (row.account.status === 'PENDING_VERIFICATION') {
          await tx.account.update({ where: { id: row.accountId }, data: { status: 'EXPIRED' } });
        }
        await tx.auditEvent.create({
          data: {
            actor: 'system',
            action: 'REGISTRATION_EXPIRED',
            entityType: 'Account',
            entityId: row.accountId,
            fromStatus: 'PENDING_VERIFICATION',
            toStatus: 'EXPIRED',
            workflowId: input.workflowId,
          },
        });
        return row;
      });
      await sendMailOnce(db, mailer, {
        idempotencyKey: `registration:${input.registrationId}:expired`,
        to: registration.account.email,
        template: 'registration-expired',
        language: registration.account.emailLanguage,
        params: {
          name: registration.account.firstName,
          minutes: String(input.ttlMinutes),
          signupUrl: `${publicUrl}/register`,
        },
      });
    },
  };
}

export type RegistrationActivities = ReturnType<typeof createRegistrationActivities>;
