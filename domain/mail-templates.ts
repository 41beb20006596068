// The mails the engine sends, by template id. Their texts are messages `mail.<template>.subject|body` of the catalogues
// (locales/<lang>.json), rendered in the person's e-mail language by lib/mail-texts.ts.

export const MAIL_TEMPLATES = [
  'set-password',
  'already-registered',
  'registration-expired',
  'request-received',
  'request-reminder',
  'request-decided',
  'request-expired',
  'role-suspended',
  'role-deleted',
  'request-question',
  'password-reset',
  'email-change-confirm',
  'email-change-in-use',
  'email-change-requested',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** The mails that tell the applicant about someone else's decision and may carry its reason. */
export const MAILS_WITH_REASON: ReadonlySet<MailTemplate> = new Set([
  'request-decided',
  'role-suspended',
  'role-deleted',
]);
