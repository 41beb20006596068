// The message catalogues of the portal, the mails and the API's English field texts: one JSON file per official EU
// language in locales/, keyed by message id, formatted as ICU messages by i18next with i18next-icu
// (docs/i18n.md says why, and how to add a language or a message).
import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { EU_LANGUAGES } from '../domain/enums';
import bg from '../locales/bg.json';
import cs from '../locales/cs.json';
import da from '../locales/da.json';
import de from '../locales/de.json';
import el from '../locales/el.json';
import en from '../locales/en.json';
import es from '../locales/es.json';
import et from '../locales/et.json';
import fi from '../locales/fi.json';
import fr from '../locales/fr.json';
import ga from '../locales/ga.json';
import hr from '../locales/hr.json';
import hu from '../locales/hu.json';
import it from '../locales/it.json';
import lt from '../locales/lt.json';
import lv from '../locales/lv.json';
import mt from '../locales/mt.json';
import nl from '../locales/nl.json';
import pl from '../locales/pl.json';
import pt from '../locales/pt.json';
import ro from '../locales/ro.json';
import sk from '../locales/sk.json';
import sl from '../locales/sl.json';
import sv from '../locales/sv.json';

export type Language = (typeof EU_LANGUAGES)[number];
export const LANGUAGE_CODES: readonly Language[] = EU_LANGUAGES;
/** Message ids: the keys of the English catalogue, which is complete by definition. */
export type MessageId = keyof typeof en;
export type MessageParams = Record<string, string | number | string[] | undefined>;

export const CATALOGUES: Record<Language, Record<string, string>> = {
  bg,
  cs,
  da,
  de,
  el,
  en,
  es,
  et,
  fi,
  fr,
  ga,
  hr,
  hu,
  it,
  lt,
  lv,
  mt,
  nl,
  pl,
  pt,
  ro,
  sk,
  sl,
  sv,
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);

let instance: i18n | undefined;
function translator(): i18n {
  if (instance) return instance;
  instance = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    resources: Object.fromEntries(LANGUAGE_CODES.map((l) => [l, { translation: CATALOGUES[l] }])),
    lng: 'en',
    supportedLngs: [...LANGUAGE_CODES],
    // English only where a catalogue lacks a message (test/unit/catalogues.test.ts lists none missing).
    fallbackLng: 'en',
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  return instance;
}

/** Lists in params ("a digit, a special character") joined the way the language joins them. */
function flatten(language: Language, params: MessageParams): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    flat[key] = Array.isArray(value)
      ? new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(value)
      : value;
  }
  return flat;
}

/** The message `id` in `language` (English where that catalogue lacks it), its ICU arguments filled from `params`. */
export function translate(language: string, id: MessageId | string, params: MessageParams = {}): string {
  const lng = isLanguage(language) ? language : 'en';
  return translator().t(id, { lng, ...flatten(lng, params) });
}

/** Whether the catalogues hold a message `id` (in English, hence everywhere). */
export const hasMessage = (id: string): boolean => Object.prototype.hasOwnProperty.call(en, id);
