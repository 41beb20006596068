// The outbox: a mail is recorded before it is sent and marked SENT after, so a retried activity sends it once.
import crypto from 'node:crypto';
import { mailWanted, type MailTemplate } from '../domain/mail-templates';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { renderMail, type MailParams } from '../lib/mail-texts';

export interface MailRequest {
  idempotencyKey: string;
  to: string;
  template: MailTemplate;
  language: string;
  params: MailParams;
  /** Params as stored in the outbox (e.g. the link with its token blanked out). */
  storedParams?: MailParams;
  /** The recipient's time zone (the account's preference): dates in the mail are written in it. */
  timeZone?: string;
  /** The recipient's "Send me e-mail notifications": when false, notices (NOTIFICATION_MAILS) are not sent. */
  notifications?: boolean;
}

/**
 * Sends a mail unless the outbox already records it as sent under the same key, or it is a notice the recipient
 * turned off (domain/mail-templates.ts `mailWanted`: nothing is recorded then). Returns false when skipped.
 * Two statements per mail (record-or-count-the-attempt, then SENT): every flow mails, so each round trip counts
 * (bench: a registration's worker CPU is mostly spent building and sending queries).
 */
export async function sendMailOnce(db: Db, mailer: Mailer, request: MailRequest): Promise<boolean> {
  if (!mailWanted(request.template, request.notifications ?? true)) return false;
  const stored = renderMail(
    request.template,
    request.language,
    request.storedParams ?? request.params,
    request.timeZone,
  );
  const [recorded] = await db.$queryRaw<Array<{ status: string }>>`
    INSERT INTO "MailOutbox" (id, "idempotencyKey", "toAddress", template, language, subject, body, attempts)
    VALUES (${crypto.randomUUID()}::uuid, ${request.idempotencyKey}, ${request.to}, ${request.template}, ${request.language},
            ${stored.subject}, ${stored.text}, 1)
    ON CONFLICT ("idempotencyKey") DO UPDATE
      SET attempts = "MailOutbox".attempts + CASE WHEN "MailOutbox".status = 'SENT' THEN 0 ELSE 1 END
    RETURNING status::text`;
  if (recorded?.status === 'SENT') return false;
  const mail = renderMail(request.template, request.language, request.params, request.timeZone);
  try {
    await mailer.send({
      to: request.to,
      subject: mail.subject,
      text: mail.text,
      idempotencyKey: request.idempotencyKey,
    });
  } catch (error) {
    await db.$executeRaw`UPDATE "MailOutbox" SET "lastError" = ${(error as Error).message.slice(0, 500)}
      WHERE "idempotencyKey" = ${request.idempotencyKey}`;
    throw error;
  }
  // The columns are timestamp(3) in UTC, as Prisma writes them.
  await db.$executeRaw`UPDATE "MailOutbox" SET status = 'SENT', "sentAt" = now() AT TIME ZONE 'UTC', "lastError" = NULL
    WHERE "idempotencyKey" = ${request.idempotencyKey}`;
  return true;
}

/** The account columns that address a mail to its holder. */
export interface MailRecipient {
  email: string;
  emailLanguage: string;
  timeZone: string;
  emailNotifications: boolean;
}

/** Where and how a person reads their mail: address, language, time zone and notifications preference. */
export const mailTo = (account: MailRecipient) => ({
  to: account.email,
  language: account.emailLanguage,
  timeZone: account.timeZone,
  notifications: account.emailNotifications,
});
