// Mail through nodemailer: SMTP when SMTP_URL is set, otherwise one .eml file per message in MAIL_DIR.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Also names the .eml file, so a message is easy to find and a resend overwrites instead of duplicating. */
  idempotencyKey: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export function createMailer(options: { smtpUrl?: string; from: string; dir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.idempotencyKey.replace(/[^\w.-]/g, '_')}@traces-onboarding>`,
        });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
      await fs.mkdir(options.dir, { recursive: true });
      const file = path.join(options.dir, `${mail.idempotencyKey.replace(/[^\w.-]/g, '_')}.eml`);
      const tmp = `${file}.tmp`;
      await fs.writeFile(tmp, info.message as Buffer);
      await fs.rename(tmp, file);
    },
  };
}
