// Side effects of emailChangeWorkflow: the link to the new address and the notice to the old one, each mailed once.
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { linkTokenFor, sha256Hex } from '../lib/secrets';
import { sendMailOnce } from './mail-outbox';

export function createEmailChangeActivities({
  db,
  mailer,
  publicUrl,
  linkSecret,
}: {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  linkSecret: Buffer;
}) {
  return {
    /**
     * Mails the new address a confirmation link (only its SHA-256 is stored; a retry before the mail was recorded
     * sends the same token, derived from the key) or, when the new address already belongs to an account, tells that owner nothing changed; then
     * tells the old address. Keys email-change:<id>:link|in-use|old. A superseded or confirmed change mails nothing.
     */
    async mailEmailChange(input: { changeId: string; ttlHours: number }): Promise<void> {
      const change = await db.emailChange.findUnique({ where: { id: input.changeId }, include: { account: true } });
      if (!change || change.supersededAt || change.confirmedAt) return;
      const { account } = change;
      const hours = String(input.ttlHours);
      const taken = await db.account.findUnique({ where: { email: change.newEmail } });
      if (taken && taken.status !== 'EXPIRED') {
        await sendMailOnce(db, mailer, {
          idempotencyKey: `email-change:${change.id}:in-use`,
          to: change.newEmail,
          template: 'email-change-in-use',
          language: taken.emailLanguage,
          params: { name: taken.firstName, loginUrl: `${publicUrl}/login` },
        });
      } else {
        const key = `email-change:${change.id}:link`;
        const sent = await db.mailOutbox.findUnique({ where: { idempotencyKey: key } });
        if (sent?.status !== 'SENT') {
          const token = linkTokenFor(linkSecret, key);
          await db.emailChange.update({ where: { id: change.id }, data: { tokenHash: sha256Hex(token) } });
          const params = { name: account.firstName, hours, link: `${publicUrl}/confirm-email?token=${token}` };
          await sendMailOnce(db, mailer, {
            idempotencyKey: key,
            to: change.newEmail,
            template: 'email-change-confirm',
            language: account.emailLanguage,
            params,
            storedParams: { ...params, link: `${publicUrl}/confirm-email?token=[not stored]` },
          });
        }
      }
      await sendMailOnce(db, mailer, {
        idempotencyKey: `email-change:${change.id}:old`,
        to: account.email,
        template: 'email-change-requested',
        language: account.emailLanguage,
        params: { name: account.firstName, newEmail: change.newEmail, hours },
      });
    },
  };
}

export type EmailChangeActivities = ReturnType<typeof createEmailChangeActivities>;
