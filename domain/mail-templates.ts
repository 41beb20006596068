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
  'role-reactivated',
  'role-deleted',
  'request-question',
  'request-answered',
  'administrator-granted',
  'administrator-removed',
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
  'role-reactivated',
  'role-deleted',
]);

/**
 * The notices a person may turn off ("Send me e-mail notifications" on the account): news about other people's
 * requests, which the back-office's queue shows anyway. Every other mail is essential and always goes: links
 * (registration, reset, e-mail change), security notices, decisions on the person's own requests, roles and
 * administrator rights, and questions asked of them (their request's expiry clock waits for the answer).
 */
export const NOTIFICATION_MAILS: ReadonlySet<MailTemplate> = new Set([
  'request-received',
  'request-reminder',
  'request-answered',
]);

/** Whether a mail goes to a person whose notifications preference is `notifications`. */
export const mailWanted = (template: MailTemplate, notifications: boolean): boolean =>
  notifications || !NOTIFICATION_MAILS.has(template);
