// A mail's subject and text in the person's e-mail language, from the catalogues (lib/i18n.ts).
import type { Environment } from '../domain/enums';
import type { MailTemplate } from '../domain/mail-templates';
import { translate } from './i18n';

/**
 * What an activity knows of a mail: plain values; the words around them are the catalogue's. `environment` is the
 * environment's code (named in the language), `reason` a decision's reason (a "Reason:" paragraph when not empty),
 * `organisationRole` says whether the organisation is a new operator awaiting approval ('NEW_OPERATOR') or the
 * request is the operator's creation itself ('OPERATOR_CREATION').
 */
export type MailParams = Record<string, string> & {
  environment?: Environment | string;
  reason?: string;
  organisationRole?: 'NEW_OPERATOR' | 'OPERATOR_CREATION' | '';
};

export function renderMail(
  template: MailTemplate,
  language: string,
  params: MailParams,
): { subject: string; text: string } {
  const values: Record<string, string> = { ...params };
  if (params.environment) values.environment = translate(language, `env_${params.environment}`);
  if (params.organisation && params.organisationRole === 'NEW_OPERATOR')
    values.organisation = translate(language, 'mail.newOperator', { name: params.organisation });
  if (params.organisation && params.organisationRole === 'OPERATOR_CREATION')
    values.organisation = translate(language, 'mail.operatorCreation', { name: params.organisation });
  const subject = translate(language, `mail.${template}.subject`, values);
  let text = translate(language, `mail.${template}.body`, values);
  if (params.reason) text += `\n\n${translate(language, 'mail.reason', { reason: params.reason })}`;
  return { subject, text };
}
