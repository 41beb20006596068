// The outbox: a mail is recorded before it is sent and marked SENT after, so a retried activity sends it once.
import { renderMail, type MailTemplate } from '../domain/mail-templates';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';

export interface MailRequest {
  idempotencyKey: string;
  to: string;
  template: MailTemplate;
  language: string;
  params: Record<string, string>;
  /** Params as stored in the outbox (e.g. the link with its token blanked out). */
  storedParams?: Record<string, string>;
}

/** Sends a mail unless the outbox already records it as sent under the same key. Returns false when skipped. */
export async function sendMailOnce(db: Db, mailer: Mailer, request: MailRequest): Promise<boolean> {
  const existing = await db.mailOutbox.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
  if (existing?.status === 'SENT') return false;
  const stored = renderMail(request.template, request.language, request.storedParams ?? request.params);
  await db.mailOutbox.upsert({
    where: { idempotencyKey: request.idempotencyKey },
    create: {
      idempotencyKey: request.idempotencyKey, toAddress: request.to, template: request.template,
      language: request.language, subject: stored.subject, body: stored.text, attempts: 1,
    },
    update: { attempts: { increment: 1 } },
  });
  const mail = renderMail(request.template, request.language, request.params);
  try {
    await mailer.send({ to: request.to, subject: mail.subject, text: mail.text, idempotencyKey: request.idempotencyKey });
  } catch (error) {
    await db.mailOutbox.update({
      where: { idempotencyKey: request.idempotencyKey },
      data: { lastError: (error as Error).message.slice(0, 500) },
    });
    throw error;
  }
  await db.mailOutbox.update({
    where: { idempotencyKey: request.idempotencyKey },
    data: { status: 'SENT', sentAt: new Date(), lastError: null },
  });
  return true;
}
