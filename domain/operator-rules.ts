// Rules for "Create a new operator": what must be given, and what looks like a duplicate.
import { FieldCode, type FieldErrorCode } from './contracts';
import { foldForSearch } from './search-text';

export interface NewOperatorFields {
  name?: string;
  country?: string;
  street?: string;
  postcode?: string;
  city?: string;
  activities?: Array<{ section: string; activityType: string }>;
  phone?: string;
  fax?: string;
  email?: string;
  website?: string;
  eori?: string;
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';

/**
 * The problems of a new operator, by field. `eoriActivityTypes` are the activity types that need an EORI
 * (organic importers); `contact` is named when none of phone, fax, e-mail and website is given.
 */
export function operatorProblems(
  input: NewOperatorFields,
  eoriActivityTypes: ReadonlySet<string>,
): Record<string, { code: FieldErrorCode }> {
  const problems: Record<string, { code: FieldErrorCode }> = {};
  for (const field of ['name', 'country', 'street', 'postcode', 'city'] as const) {
    if (blank(input[field])) problems[field] = { code: FieldCode.required };
  }
  if (!input.activities?.length) problems.activities = { code: FieldCode.activityRequired };
  if ([input.phone, input.fax, input.email, input.website].every(blank)) {
    problems.contact = { code: FieldCode.contactRequired };
  }
  if (blank(input.eori) && input.activities?.some((a) => eoriActivityTypes.has(a.activityType))) {
    problems.eori = { code: FieldCode.eoriRequired };
  }
  return problems;
}

/** EORI without spaces, dots or dashes, upper case; the country prefix is kept apart so "BE0448…" meets "0448…". */
export function normaliseEori(eori: string): { full: string; number: string } {
  const full = eori.replace(/[\s.\-/]/g, '').toUpperCase();
  const number = /^[A-Z]{2}\d/.test(full) ? full.slice(2) : full;
  return { full, number };
}

const LEGAL_FORMS = new Set([
  'sa',
  'nv',
  'bv',
  'bvba',
  'sprl',
  'srl',
  'sarl',
  'sas',
  'gmbh',
  'ag',
  'kg',
  'ltd',
  'limited',
  'llc',
  'inc',
  'plc',
  'spa',
  'sl',
  'oy',
  'ab',
  'as',
  'aps',
  'sro',
  'zoo',
  'cv',
  'scrl',
  'eurl',
  'ohg',
  'co',
  'company',
]);

/**
 * The name as compared for duplicates: folded, punctuation and legal forms dropped. Stored as
 * Organisation.comparableName, where a trigram index (pg_trgm) finds similar names across a country.
 */
export function comparableName(name: string): string {
  // Dots go first so that "N.V." and "S.A." meet the legal forms NV and SA.
  return foldForSearch(name)
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word && !LEGAL_FORMS.has(word))
    .join(' ');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** True for names a clerk would take for the same company: equal once compared, or at most ~15 % of letters apart. */
export function similarNames(a: string, b: string): boolean {
  const x = comparableName(a);
  const y = comparableName(b);
  if (!x || !y) return false;
  if (x === y || x.replace(/ /g, '') === y.replace(/ /g, '')) return true;
  const longest = Math.max(x.length, y.length);
  return editDistance(x, y) / longest <= 0.15;
}

export interface ExistingOperator {
  id: string;
  name: string;
  city: string | null;
  eori: string | null;
  street?: string | null;
  postcode?: string | null;
}

/** Why an existing operator looks like the new one: the same EORI, a similar name in the country, the same address. */
export type DuplicateReason = 'EORI' | 'NAME' | 'ADDRESS';

export interface DuplicateMatch {
  id: string;
  name: string;
  city: string | null;
  because: DuplicateReason;
}

const sameEori = (a: string | undefined, b: string | null) => {
  if (!a || blank(a) || !b) return false;
  const x = normaliseEori(a);
  const y = normaliseEori(b);
  return x.full === y.full || x.number === y.number;
};

/** Same street and postcode, compared folded and without spaces or punctuation ("Kerkstraat 1" = "kerkstraat, 1"). */
const compact = (value: string | null | undefined) => foldForSearch(value ?? '').replace(/[^\p{L}\p{N}]+/gu, '');
const sameAddress = (candidate: NewOperatorFields, operator: ExistingOperator) =>
  compact(candidate.street) !== '' &&
  compact(candidate.postcode) !== '' &&
  compact(candidate.street) === compact(operator.street) &&
  compact(candidate.postcode) === compact(operator.postcode);

/**
 * Existing operators (of the same environment; the caller gives those of the country and those with the EORI) that
 * look like the new one: the same EORI, a similar name anywhere in the country, or the same address. One reason each,
 * the strongest first.
 */
export function likelyDuplicates(candidate: NewOperatorFields, existing: ExistingOperator[]): DuplicateMatch[] {
  const matches: DuplicateMatch[] = [];
  for (const operator of existing) {
    const because: DuplicateReason | undefined = sameEori(candidate.eori, operator.eori)
      ? 'EORI'
      : similarNames(candidate.name ?? '', operator.name)
        ? 'NAME'
        : sameAddress(candidate, operator)
          ? 'ADDRESS'
          : undefined;
    if (because) matches.push({ id: operator.id, name: operator.name, city: operator.city, because });
  }
  return matches;
}
