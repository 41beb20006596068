// The pure rules of domain/, without servers: each block is one module, tested by what a person would notice.
import { approverGroupFor, checkEntitlement, type DecisionOrganisation } from '../../domain/approver-routing';
import type { ApproverClaims } from '../../domain/contracts';
import {
  authorisationWorkflowId,
  operatorCreationWorkflowId,
  registrationWorkflowId,
  RequestFailure,
  SEARCH_ATTRIBUTE_KEYS,
} from '../../domain/contracts';
import { parseDuration } from '../../domain/durations';
import { isGenericMailbox, isWellFormedEmail, normaliseEmail } from '../../domain/email-rules';
import { ENVIRONMENTS, EU_LANGUAGES, REQUEST_STATUSES } from '../../domain/enums';
import { renderMail } from '../../lib/mail-texts';
import { likelyDuplicates, normaliseEori, operatorProblems, similarNames } from '../../domain/operator-rules';
import { checkPassword, PASSWORD_MAX_LENGTH } from '../../domain/password-policy';
import { canTransition, isLive, LIVE_STATUSES } from '../../domain/request-status';
import { foldForSearch } from '../../domain/search-text';

describe('password policy (EU Login)', () => {
  test('a long mixed password passes', () => {
    expect(checkPassword('Correct-Horse-42!')).toEqual({ ok: true, problems: [] });
  });
  test('every unmet rule is listed at once', () => {
    expect(checkPassword('abc').problems).toEqual(['TOO_SHORT', 'NEEDS_UPPER_CASE', 'NEEDS_DIGIT', 'NEEDS_SPECIAL']);
  });
  test('letters of any alphabet count as upper and lower case', () => {
    expect(checkPassword('ÉLÈVEéléve9!').ok).toBe(true);
  });
  test('a common password is refused even when it meets the character rules', () => {
    expect(checkPassword('Password123!').problems).toEqual(['COMMON_PASSWORD']);
  });
  test('the name or the e-mail may not be in the password (words of 4 letters or more)', () => {
    expect(checkPassword('Lotte-Maes-2024!', ['Lotte', 'Maes']).problems).toEqual(['CONTAINS_PERSONAL']);
    expect(checkPassword('Ab-Correct-42!', ['ab']).ok).toBe(true);
  });
  test('too long a password is refused (hashing must not exhaust the server)', () => {
    expect(checkPassword(`Aa1!${'x'.repeat(PASSWORD_MAX_LENGTH)}`).problems).toEqual(['TOO_LONG']);
  });
});

describe('e-mail rules', () => {
  test('one normalised form: trimmed and lower case', () => {
    expect(normaliseEmail('  Lotte.Maes@Agri.Example.BE ')).toBe('lotte.maes@agri.example.be');
  });
  test.each([
    'info@firm.be',
    'CONTACT@firm.be',
    'bcp@port.be',
    'bcp.antwerp@port.be',
    'info-be@firm.be',
    'no-reply@x.eu',
  ])('%s is a generic mailbox', (email) => {
    expect(isGenericMailbox(email)).toBe(true);
  });
  test.each(['lotte.maes@firm.be', 'information.officer@firm.be', 'jan@info.be'])('%s is a person', (email) => {
    expect(isGenericMailbox(email)).toBe(false);
  });
  test('well-formedness: one @, a dotted domain, no spaces or control characters', () => {
    expect(isWellFormedEmail('lotte@agri.example.be')).toBe(true);
    for (const bad of [
      'lotte',
      'lotte@',
      'lotte@be',
      'lot te@agri.be',
      'a@b@c.be',
      'lotte@agri.be\n',
      `${'a'.repeat(65)}@x.be`,
    ]) {
      expect(isWellFormedEmail(bad)).toBe(false);
    }
  });
});

describe('durations', () => {
  test('the configuration units, alone and combined', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration(' 1h30m ')).toBe(90 * 60_000);
    expect(parseDuration('1.5s')).toBe(1_500);
  });
  test.each(['', '90', 'm', '0s', '3 d', '5w', '90m!', '-1s'])('"%s" is refused with an example', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration: .* \(use e\.g\. 90m, 3d, 2s\)/);
  });
});

describe('approver routing', () => {
  const operator: DecisionOrganisation = {
    id: 'org-op',
    countryCode: 'BE',
    kind: 'OPERATOR',
    authorityRoleCode: null,
    isCommission: false,
  };
  const cca: DecisionOrganisation = { ...operator, id: 'org-cca', kind: 'AUTHORITY', authorityRoleCode: 'CCA' };
  const lca: DecisionOrganisation = { ...operator, id: 'org-lca', kind: 'AUTHORITY', authorityRoleCode: 'LCA' };
  const commission: DecisionOrganisation = {
    ...cca,
    id: 'org-ec',
    isCommission: true,
    authorityRoleCode: 'COMMISSION',
  };
  const claims = (over: Partial<ApproverClaims>): ApproverClaims => ({
    accountId: 'approver',
    administratorOf: [],
    nationalAuthorityOf: [],
    commission: false,
    ...over,
  });
  const attach = (organisation: DecisionOrganisation) =>
    approverGroupFor({ type: 'ATTACH', applicantAccountId: 'applicant', organisation });

  test('an operator or a local authority: the national authority of its country, or its administrators', () => {
    expect(attach(operator)).toEqual({ nationalAuthorityOf: 'BE', commission: false, administratorsOf: 'org-op' });
    expect(attach(lca)).toEqual({ nationalAuthorityOf: 'BE', commission: false, administratorsOf: 'org-lca' });
  });
  test('a national authority and the Commission: the Commission, or their administrators', () => {
    expect(attach(cca)).toEqual({ commission: true, administratorsOf: 'org-cca' });
    expect(attach(commission)).toEqual({ commission: true, administratorsOf: 'org-ec' });
  });
  test('a new operator: only the national authority of its country (it has no administrator yet)', () => {
    expect(approverGroupFor({ type: 'OPERATOR_CREATION', applicantAccountId: 'a', organisation: operator })).toEqual({
      nationalAuthorityOf: 'BE',
      commission: false,
    });
  });
  test('entitlement names the capacity, national authority first', () => {
    const group = attach(operator);
    expect(
      checkEntitlement(claims({ nationalAuthorityOf: ['BE'], administratorOf: ['org-op'] }), group, 'applicant'),
    ).toEqual({ ok: true, capacity: 'national authority' });
    expect(checkEntitlement(claims({ administratorOf: ['org-op'] }), group, 'applicant')).toEqual({
      ok: true,
      capacity: 'administrator',
    });
    expect(checkEntitlement(claims({ commission: true }), attach(cca), 'applicant')).toEqual({
      ok: true,
      capacity: 'commission',
    });
  });
  test('another country, the Commission for an operator, or an unrelated administrator are not entitled', () => {
    const group = attach(operator);
    for (const c of [
      claims({ nationalAuthorityOf: ['FR'] }),
      claims({ commission: true }),
      claims({ administratorOf: ['x'] }),
    ]) {
      expect(checkEntitlement(c, group, 'applicant')).toMatchObject({ ok: false, code: 'NOT_ENTITLED' });
    }
  });
  test('four eyes: nobody decides their own request, whatever their posts', () => {
    const self = claims({
      accountId: 'applicant',
      nationalAuthorityOf: ['BE'],
      commission: true,
      administratorOf: ['org-op'],
    });
    expect(checkEntitlement(self, attach(operator), 'applicant')).toEqual({
      ok: false,
      code: 'NOT_ENTITLED',
      reason: 'Nobody may decide their own request (four eyes)',
    });
  });
});

describe('contracts', () => {
  test('workflow ids are meaningful and carry no e-mail in clear', () => {
    expect(registrationWorkflowId('ab12')).toBe('registration:ab12');
    expect(authorisationWorkflowId('training', 'acc', 'org')).toBe('authorisation:training:acc:org');
    expect(operatorCreationWorkflowId('production', 'op')).toBe('operator-creation:production:op');
  });
  test('search attributes are keywords, and refusal codes are the contract codes', () => {
    expect(SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, k.type])).toEqual([
      ['TracesEnvironment', 'KEYWORD'],
      ['RequestKind', 'KEYWORD'],
      ['RequestStatus', 'KEYWORD'],
      ['CountryCode', 'KEYWORD'],
      ['OrganisationCode', 'KEYWORD'],
    ]);
    expect(Object.values(RequestFailure).sort()).toEqual([
      'ALREADY_DECIDED',
      'ALREADY_REQUESTED',
      'ASSIGNEE_NOT_ENTITLED',
      'INVALID_TRANSITION',
      'LAST_ADMINISTRATOR',
      'NOT_ENTITLED',
      'NOT_RECORDED',
      'NO_OPEN_QUESTION',
      'OPERATOR_NOT_ACTIVE',
      'QUESTION_WAITING',
      'REASON_REQUIRED',
      'ROLE_KIND_CONFLICT',
    ]);
  });
});

describe('enums', () => {
  test('three environments and the 24 official EU languages', () => {
    expect(ENVIRONMENTS).toEqual(['production', 'acceptance', 'training']);
    expect(EU_LANGUAGES).toHaveLength(24);
    expect(new Set(EU_LANGUAGES).size).toBe(24);
  });
});

describe('request status machine', () => {
  const allowed = REQUEST_STATUSES.flatMap((from) =>
    REQUEST_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
  );
  test('exactly these transitions exist', () => {
    expect(allowed.sort()).toEqual([
      'EXPIRED→DELETED',
      'REJECTED→DELETED',
      'REQUESTED→DELETED',
      'REQUESTED→EXPIRED',
      'REQUESTED→REJECTED',
      'REQUESTED→VALID',
      'REQUESTED→WITHDRAWN',
      'SUSPENDED→DELETED',
      'SUSPENDED→VALID',
      'VALID→DELETED',
      'VALID→SUSPENDED',
      'WITHDRAWN→DELETED',
    ]);
  });
  test('DELETED is final, and nothing goes back to REQUESTED', () => {
    expect(REQUEST_STATUSES.filter((to) => canTransition('DELETED', to))).toEqual([]);
    expect(REQUEST_STATUSES.filter((from) => canTransition(from, 'REQUESTED'))).toEqual([]);
  });
  test('live statuses hold or wait for a post', () => {
    expect(REQUEST_STATUSES.filter(isLive)).toEqual([...LIVE_STATUSES]);
    expect(LIVE_STATUSES).toEqual(['REQUESTED', 'VALID', 'SUSPENDED']);
  });
});

describe('search text', () => {
  test('accent-free lower case, blanks squeezed, empty parts left out', () => {
    expect(foldForSearch('  Route du Condroz ', null, 'NEUPRÉ', undefined, 'Łódź  Straße')).toBe(
      'route du condroz neupre łodz straße',
    );
    expect(foldForSearch()).toBe('');
  });
});

describe('operator rules', () => {
  const eoriTypes = new Set(['ORGANIC_IMPORTER']);
  const complete = {
    name: 'Abian Bali',
    country: 'BE',
    street: 'Route 1',
    postcode: '4120',
    city: 'Neupré',
    phone: '+32 4 000',
    activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
  };
  test('a complete operator has no problem', () => {
    expect(operatorProblems(complete, eoriTypes)).toEqual({});
  });
  test('required fields, one activity, one contact', () => {
    expect(operatorProblems({ name: ' ' }, eoriTypes)).toEqual({
      name: { code: 'REQUIRED' },
      country: { code: 'REQUIRED' },
      street: { code: 'REQUIRED' },
      postcode: { code: 'REQUIRED' },
      city: { code: 'REQUIRED' },
      activities: { code: 'ACTIVITY_REQUIRED' },
      contact: { code: 'CONTACT_REQUIRED' },
    });
  });
  test('an organic importer needs an EORI', () => {
    const importer = { ...complete, activities: [{ section: 'ORGANIC', activityType: 'ORGANIC_IMPORTER' }] };
    expect(operatorProblems(importer, eoriTypes)).toEqual({ eori: { code: 'EORI_REQUIRED' } });
    expect(operatorProblems({ ...importer, eori: 'BE0479168518' }, eoriTypes)).toEqual({});
  });
  test('EORI: separators dropped, upper case, country prefix kept apart', () => {
    expect(normaliseEori('be 0479.168-518')).toEqual({ full: 'BE0479168518', number: '0479168518' });
    expect(normaliseEori('0479168518')).toEqual({ full: '0479168518', number: '0479168518' });
  });
  test('names a clerk would take for the same company', () => {
    expect(similarNames('ABIAN BALI EU SPRL', 'Abian-Bali EU')).toBe(true);
    expect(similarNames('Brouwerij De Koninck NV', 'Brouwerij de Konink')).toBe(true);
    expect(similarNames('Abian Bali', 'Bali Timber')).toBe(false);
    expect(similarNames('SPRL', 'NV')).toBe(false);
  });
  test('duplicates: same EORI anywhere, a similar name anywhere in the country, or the same address', () => {
    const existing = [
      { id: '1', name: 'ABIAN BALI EU SPRL', city: 'Neupré', eori: 'BE0479168518' },
      { id: '2', name: 'Abian Bali', city: 'Liège', eori: null },
      { id: '3', name: 'Other Firm', city: 'Gent', eori: '0479168518', street: 'Veldstraat 1', postcode: '9000' },
    ];
    expect(likelyDuplicates({ name: 'Abian Bali EU', city: 'NEUPRE' }, existing)).toEqual([
      { id: '1', name: 'ABIAN BALI EU SPRL', city: 'Neupré', because: 'NAME' },
    ]);
    expect(likelyDuplicates({ name: 'New', city: 'Brugge', eori: 'BE 0479168518' }, existing)).toEqual([
      { id: '1', name: 'ABIAN BALI EU SPRL', city: 'Neupré', because: 'EORI' },
      { id: '3', name: 'Other Firm', city: 'Gent', because: 'EORI' },
    ]);
    expect(likelyDuplicates({ name: 'Totally New', street: 'VELDSTRAAT 1', postcode: '9000' }, existing)).toEqual([
      { id: '3', name: 'Other Firm', city: 'Gent', because: 'ADDRESS' },
    ]);
    expect(likelyDuplicates({ name: 'Totally New', city: 'Neupré' }, existing)).toEqual([]);
  });
});

describe('mail templates', () => {
  const params = { name: 'Lotte', minutes: '90', link: 'https://traces.test/set-password?t=x' };
  test("placeholders are filled, in the person's language", () => {
    const fr = renderMail('set-password', 'fr', params);
    expect(fr.subject).toBe('TRACES NT : définissez votre mot de passe');
    expect(fr.text).toContain('Bonjour Lotte,');
    expect(fr.text).toContain('dans les 90 minutes');
    expect(fr.text).toContain(params.link);
    expect(renderMail('set-password', 'nl', params).text).toContain('binnen 90 minuten');
    expect(renderMail('set-password', 'de', params).text).toContain('innerhalb von 90 Minuten');
  });
  test("a decision is worded in the person's language, with the environment's name and the reason", () => {
    const decided = {
      name: 'Lotte',
      organisation: 'ABC',
      environment: 'training',
      decision: 'rejected',
      reason: 'Pas clair',
    };
    expect(renderMail('request-decided', 'fr', decided)).toEqual({
      subject: 'TRACES NT : votre demande d’autorisation a été rejetée',
      text: 'Bonjour Lotte,\n\nVotre demande d’autorisation pour ABC (Formation) a été rejetée.\n\nMotif : Pas clair',
    });
    expect(renderMail('request-decided', 'de', { ...decided, decision: 'approved', reason: '' }).subject).toBe(
      'TRACES NT: Ihr Berechtigungsantrag wurde genehmigt',
    );
  });
});
