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

/** The name as compared for duplicates: folded, punctuation and legal forms dropped. */
function comparableName(name: string): string {
  return foldForSearch(name)
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
}

export interface DuplicateMatch {
  id: string;
  name: string;
  because: 'EORI' | 'NAME_AND_CITY';
}

/** Existing operators of the same environment and country that look like the new one (same EORI, or similar name in the same city). */
export function likelyDuplicates(candidate: NewOperatorFields, existing: ExistingOperator[]): DuplicateMatch[] {
  const eori = candidate.eori && !blank(candidate.eori) ? normaliseEori(candidate.eori) : undefined;
  const city = foldForSearch(candidate.city);
  const matches: DuplicateMatch[] = [];
  for (const operator of existing) {
    if (eori && operator.eori) {
      const other = normaliseEori(operator.eori);
      if (other.full === eori.full || other.number === eori.number) {
        matches.push({ id: operator.id, name: operator.name, because: 'EORI' });
        continue;
      }
    }
    if (city && foldForSearch(operator.city) === city && similarNames(candidate.name ?? '', operator.name)) {
      matches.push({ id: operator.id, name: operator.name, because: 'NAME_AND_CITY' });
    }
  }
  return matches;
}
