// The portal's texts in the 24 official EU languages, from the catalogues (locales/<lang>.json through lib/i18n.ts).
// Pages take a `Texts` of their language: plain texts as properties, ICU messages with arguments through `format`.
// Errors are shown by code (refusal codes `code_<CODE>`, field errors `field_<CODE>`), never from the API's English.
import type { FieldError } from '../domain/contracts';
import type { Environment, RequestStatus, RoleKind } from '../domain/enums';
import type en from '../locales/en.json';
import { CATALOGUES, LANGUAGE_CODES, hasMessage, translate, type Language, type MessageParams } from '../lib/i18n';

export const LANGUAGES = LANGUAGE_CODES;
export type Lang = Language;
export type TextKey = keyof typeof en;
export type Texts = { readonly [K in TextKey]: string } & {
  readonly lang: Lang;
  /** The message `id` with its ICU arguments. */
  format(id: TextKey | string, params?: MessageParams): string;
};

const cache = new Map<Lang, Texts>();

/** The texts of a language: each message formatted once (English where the catalogue lacks it). */
export function textsFor(lang: Lang): Texts {
  const cached = cache.get(lang);
  if (cached) return cached;
  const texts: Record<string, unknown> = {};
  for (const id of Object.keys(CATALOGUES.en)) {
    const raw = CATALOGUES[lang][id] ?? CATALOGUES.en[id]!;
    // Messages with arguments are formatted by `format`; the property keeps the message itself.
    texts[id] = raw.includes('{') ? raw : translate(lang, id);
  }
  texts.lang = lang;
  texts.format = (id: string, params: MessageParams = {}) => translate(lang, id, params);
  const built = Object.freeze(texts) as Texts;
  cache.set(lang, built);
  return built;
}

/** The page-level text of a refusal code (every code of domain/contracts.ts has one: test/unit/catalogues.test.ts). */
export const codeMessage = (t: Texts, code: string): string => t.format(`code_${code}`);

/** A field error in the page's language; the password policy's problems are listed one by one. */
export function fieldErrorText(t: Texts, error: FieldError): string {
  const params: MessageParams = { ...error.params };
  if (error.code === 'WEAK_PASSWORD' && Array.isArray(error.params?.problems)) {
    params.problems = error.params.problems.map((p) => t.format(`password_${p}`, error.params));
  }
  if (error.code === 'OTHER_KIND_HELD' || error.code === 'WRONG_KIND') {
    if (typeof params.kind === 'string' && hasMessage(`kind_${params.kind}`))
      params.kind = t.format(`kind_${params.kind}`);
    if (typeof params.environment === 'string') params.environment = t.format(`env_${params.environment}`);
  }
  return t.format(`field_${error.code}`, params);
}

export const envLabel = (t: Texts, env: Environment) => t[`env_${env}`];
export const kindLabel = (t: Texts, kind: RoleKind) => t[`kind_${kind}`];
export const statusLabel = (lang: Lang, status: RequestStatus) => textsFor(lang).format(`status_${status}`);

const regionNames = new Map<Lang, Intl.DisplayNames>();

/** The label of a reference item in the page's language (the database holds the English ones). */
export function referenceLabel(lang: Lang, list: string, code: string, label: string): string {
  if (list === 'countries') {
    if (lang === 'en') return label;
    if (!regionNames.has(lang)) regionNames.set(lang, new Intl.DisplayNames([lang], { type: 'region' }));
    try {
      return regionNames.get(lang)!.of(code) ?? label;
    } catch {
      return label;
    }
  }
  const id = `ref_${list}:${code}`;
  return hasMessage(id) ? translate(lang, id) : label;
}

/** The 24 languages as EU Login names them: each in its own language. */
export const EMAIL_LANGUAGE_NAMES: Record<Lang, string> = {
  bg: 'български',
  cs: 'čeština',
  da: 'dansk',
  de: 'Deutsch',
  el: 'ελληνικά',
  en: 'English',
  es: 'español',
  et: 'eesti',
  fi: 'suomi',
  fr: 'français',
  ga: 'Gaeilge',
  hr: 'hrvatski',
  hu: 'magyar',
  it: 'italiano',
  lt: 'lietuvių',
  lv: 'latviešu',
  mt: 'Malti',
  nl: 'Nederlands',
  pl: 'polski',
  pt: 'português',
  ro: 'română',
  sk: 'slovenčina',
  sl: 'slovenščina',
  sv: 'svenska',
};

/** "90 minutes", "2 seconds" (the configured link lifetime), in the page's language. */
export function durationText(lang: Lang, ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1) return translate(lang, 'duration_minutes', { n: minutes });
  return translate(lang, 'duration_seconds', { n: Math.max(1, Math.round(ms / 1000)) });
}
