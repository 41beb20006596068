// The message catalogues (locales/<lang>.json): every official EU language, the same messages and ICU arguments as
// English, real translations, and a message for every code the contract can answer with.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { FIELD_ERROR_CODES, PASSWORD_PROBLEM_CODES, Refusal } from '../../domain/contracts';
import { EU_LANGUAGES, ENVIRONMENTS, REQUEST_STATUSES, ROLE_KINDS } from '../../domain/enums';
import { MAIL_TEMPLATES } from '../../domain/mail-templates';
import { CATALOGUES, LANGUAGE_CODES } from '../../lib/i18n';

const en = CATALOGUES.en;

/** The ICU arguments of a message with their types ("name", "n:plural", "decision:select"), recursively. */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument) found.add(e.value);
    if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) found.add(`${e.value}:${e.type}`);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      found.add(`${e.value}:${e.type === TYPE.plural ? 'plural' : 'select'}`);
      for (const option of Object.values(e.options)) argumentsOf(option.value, found);
    }
    if (e.type === TYPE.tag) argumentsOf(e.children, found);
  }
  return found;
}
const argsOf = (message: string) => [...argumentsOf(parse(message))].sort();
/** The options of every select (e.g. EORI / other), which a translation must keep. */
function selectKeys(message: string): string[] {
  const keys: string[] = [];
  const walk = (elements: MessageFormatElement[]) =>
    elements.forEach((e) => {
      if (e.type === TYPE.select) {
        keys.push(...Object.keys(e.options).map((k) => `${e.value}=${k}`));
        Object.values(e.options).forEach((o) => walk(o.value));
      }
    });
  walk(parse(message));
  return keys.sort();
}

// Words that are the same in English and in another language: product names and codes everywhere, and per
// language the words it shares with English.
const SAME_EVERYWHERE = new Set(['TRACES NT', 'Fax', 'Login', '{field}: {message}']);
const SAME_AS_ENGLISH: Record<string, string[]> = {
  fr: [
    'Production',
    'Section',
    'Code',
    'Message',
    'Contact',
    'Organisation',
    'Actions',
    'Type',
    '{n, plural, one {# minute} other {# minutes}}',
  ],
  de: ['Code', 'Name', 'Status', 'Organisation'],
  nl: ['Code', 'Status', 'Postcode'],
  sv: ['Organisation', 'Status'],
  da: ['Organisation', 'Status'],
  cs: ['Role'],
  ro: ['Operator'],
  hr: ['Operator'],
  sl: ['Operator'],
  // Maltese writes the English loanword.
  mt: ['Password'],
};
const isEnglishCopy = (lang: string, id: string, value: string) =>
  lang !== 'en' &&
  value === en[id] &&
  !SAME_EVERYWHERE.has(value) &&
  !SAME_AS_ENGLISH[lang]?.includes(value) &&
  /\p{L}{3}/u.test(value.replace(/\{[^}]*\}/g, ''));

test('there is one catalogue per official EU language, and nothing else', () => {
  expect([...LANGUAGE_CODES].sort()).toEqual([...EU_LANGUAGES].sort());
  expect(LANGUAGE_CODES).toHaveLength(24);
});

describe.each([...LANGUAGE_CODES])('catalogue %s', (lang) => {
  const catalogue = CATALOGUES[lang];

  test('has every message of English', () => {
    expect(Object.keys(en).filter((id) => !(id in catalogue))).toEqual([]);
  });

  test('has no message that English lacks', () => {
    expect(Object.keys(catalogue).filter((id) => !(id in en))).toEqual([]);
  });

  test('every message parses and has the ICU arguments and select options of English', () => {
    const differing = Object.entries(catalogue)
      .map(([id, value]) => {
        let args: string[];
        try {
          args = argsOf(value);
        } catch (error) {
          return { id, problem: `does not parse: ${(error as Error).message}` };
        }
        const expected = argsOf(en[id]!);
        if (args.join() !== expected.join()) return { id, problem: `arguments ${args} instead of ${expected}` };
        if (selectKeys(value).join() !== selectKeys(en[id]!).join()) return { id, problem: 'select options differ' };
        return undefined;
      })
      .filter(Boolean);
    expect(differing).toEqual([]);
  });

  test('no message is a copy of the English one', () => {
    expect(Object.entries(catalogue).filter(([id, value]) => isEnglishCopy(lang, id, value))).toEqual([]);
  });
});

describe('every code the contract answers with has a message', () => {
  test.each(Object.values(Refusal))('refusal %s', (code) => {
    expect(en[`code_${code}`]).toEqual(expect.any(String));
  });
  test.each([...FIELD_ERROR_CODES])('field error %s', (code) => {
    expect(en[`field_${code}`]).toEqual(expect.any(String));
  });
  test.each([...PASSWORD_PROBLEM_CODES])('password problem %s', (code) => {
    expect(en[`password_${code}`]).toEqual(expect.any(String));
  });
  test('every mail, status, role kind and environment', () => {
    const ids = [
      ...MAIL_TEMPLATES.flatMap((t) => [`mail.${t}.subject`, `mail.${t}.body`]),
      ...REQUEST_STATUSES.map((s) => `status_${s}`),
      ...ROLE_KINDS.map((k) => `kind_${k}`),
      ...ENVIRONMENTS.map((e) => `env_${e}`),
    ];
    expect(ids.filter((id) => !(id in en))).toEqual([]);
  });
});
