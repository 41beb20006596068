// A mail's subject and text in the person's e-mail language and time zone, from the catalogues (lib/i18n.ts).
import type { Environment } from '../domain/enums';
import type { MailTemplate } from '../domain/mail-templates';
import { translate } from './i18n';

/**
 * What an activity knows of a mail: plain values; the words around them are the catalogue's. `environment` is the
 * environment's code (named in the language), `reason` a decision's reason (a "Reason:" paragraph when not empty),
 * `organisationRole` says whether the organisation is a new operator awaiting approval ('NEW_OPERATOR') or the
 * request is the operator's creation itself ('OPERATOR_CREATION'). Dates are ISO instants, written in the language
 * and the person's time zone: `date` when the decision was taken (a "Date:" paragraph), `expiresAt` when an open
 * request expires (a deadline paragraph). `administratorUrl` (an approval that made the person the organisation's
 * administrator) adds the paragraph that says what that means and where the back-office is.
 */
export type MailParams = Record<string, string> & {
  environment?: Environment | string;
  reason?: string;
  organisationRole?: 'NEW_OPERATOR' | 'OPERATOR_CREATION' | '';
  date?: string;
  expiresAt?: string;
  administratorUrl?: string;
};

/** The time zone of mails to a person who never chose one (the account's default). */
export const DEFAULT_MAIL_TIME_ZONE = 'Europe/Brussels';

/** An instant as the person reads it ("2 décembre 2026 à 18:40 UTC+1"), in their language and time zone. */
export function formatMailDate(iso: string, language: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  const date = new Date(iso);
  // English mails go to Europeans: day before month and a 24-hour clock, as in the other languages.
  const locale = language === 'en' ? 'en-GB' : language;
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date);
  } catch {
    // An unknown zone (an account predating the check) reads in the default one rather than failing the mail.
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: DEFAULT_MAIL_TIME_ZONE }).format(date);
  }
}

export function renderMail(
  template: MailTemplate,
  language: string,
  params: MailParams,
  timeZone: string = DEFAULT_MAIL_TIME_ZONE,
): { subject: string; text: string } {
  const values: Record<string, string> = { ...params };
  if (params.environment) values.environment = translate(language, `env_${params.environment}`);
  if (params.organisation && params.organisationRole === 'NEW_OPERATOR')
    values.organisation = translate(language, 'mail.newOperator', { name: params.organisation });
  if (params.organisation && params.organisationRole === 'OPERATOR_CREATION')
    values.organisation = translate(language, 'mail.operatorCreation', { name: params.organisation });
  for (const key of ['date', 'expiresAt'] as const)
    if (params[key]) values[key] = formatMailDate(params[key], language, timeZone);
  const subject = translate(language, `mail.${template}.subject`, values);
  const paragraphs = [translate(language, `mail.${template}.body`, values)];
  if (params.reason) paragraphs.push(translate(language, 'mail.reason', { reason: params.reason }));
  if (values.date) paragraphs.push(translate(language, 'mail.date', { date: values.date }));
  if (values.expiresAt) paragraphs.push(translate(language, 'mail.deadline', { date: values.expiresAt }));
  if (params.administratorUrl)
    paragraphs.push(translate(language, 'mail.administrator', { ...values, adminUrl: params.administratorUrl }));
  return { subject, text: paragraphs.join('\n\n') };
}
