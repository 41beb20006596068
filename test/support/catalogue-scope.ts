// Which messages every catalogue must have. The mails, every error (refusal, field and password codes), statuses,
// role kinds, environments and the page frame are translated in all 24 languages; the other page texts are complete
// in English and French, and the languages listed here still show them in English (the fallback) until translated.
// Remove a language from the list when its catalogue is complete: the catalogue test then demands every message.

export const PAGE_TEXTS_PENDING: readonly string[] = ['mt'];

const FRAME = new Set([
  'siteTagline',
  'skipLink',
  'languageNav',
  'accountNav',
  'navEnvironments',
  'navProfile',
  'navPreferences',
  'logout',
  'footerHelp',
  'errorSummaryTitle',
  'errorSummaryItem',
  'mandatoryNote',
  'requiredMark',
  'login',
  'password',
  'homeLink',
  'errorTitle',
  'errorBody',
  'notFoundTitle',
  'notFoundBody',
  'forbiddenTitle',
  'forbiddenBody',
]);

/** A message every language must have: mails, error codes, statuses, kinds, environments, durations, the frame. */
export const isCoreMessage = (id: string): boolean =>
  FRAME.has(id) || id.startsWith('mail.') || /^(code|field|password|status|kind|env|duration)_/.test(id);
