// Every mail in the person's e-mail language: subject and body from that language's catalogue, every value filled in,
// nothing left in English (French, German, Polish and Spanish here; test/unit/catalogues.test.ts checks all 24 have
// them); dates in the person's time zone; which mails the notifications preference may turn off.
import { MAIL_TEMPLATES, NOTIFICATION_MAILS, mailWanted, type MailTemplate } from '../../domain/mail-templates';
import { formatMailDate, renderMail, type MailParams } from '../../lib/mail-texts';

const AT = '2026-12-02T17:40:00.000Z';
const PARAMS: Record<MailTemplate, MailParams> = {
  'set-password': { name: 'Lotte', minutes: '90', link: 'https://traces.test/set-password?token=t' },
  'already-registered': {
    name: 'Lotte',
    loginUrl: 'https://traces.test/login',
    resetUrl: 'https://traces.test/forgot',
  },
  'registration-expired': { name: 'Lotte', minutes: '90', signupUrl: 'https://traces.test/register' },
  'request-received': {
    organisation: 'ABC',
    environment: 'training',
    adminUrl: 'https://traces.test/admin/x',
    expiresAt: AT,
  },
  'request-reminder': {
    organisation: 'ABC',
    environment: 'training',
    adminUrl: 'https://traces.test/admin/x',
    expiresAt: AT,
  },
  'request-decided': {
    name: 'Lotte',
    organisation: 'ABC',
    environment: 'training',
    decision: 'rejected',
    reason: 'R',
    date: AT,
  },
  'request-expired': { name: 'Lotte', organisation: 'ABC', environment: 'training', date: AT },
  'role-suspended': { name: 'Lotte', organisation: 'ABC', environment: 'training', reason: 'R', date: AT },
  'role-reactivated': { name: 'Lotte', organisation: 'ABC', environment: 'training', reason: 'R', date: AT },
  'role-deleted': { name: 'Lotte', organisation: 'ABC', environment: 'training', reason: 'R', date: AT },
  'request-question': {
    name: 'Lotte',
    organisation: 'ABC',
    environment: 'training',
    question: 'Q',
    portalUrl: 'https://traces.test/environments/training/roles',
  },
  'request-answered': {
    applicant: 'Lotte Peeters',
    organisation: 'ABC',
    environment: 'training',
    question: 'Q',
    answer: 'A',
    adminUrl: 'https://traces.test/admin/x',
    expiresAt: AT,
  },
  'administrator-granted': {
    name: 'Lotte',
    organisation: 'ABC',
    environment: 'training',
    date: AT,
    administratorUrl: 'https://traces.test/admin',
  },
  'administrator-removed': { name: 'Lotte', organisation: 'ABC', environment: 'training', date: AT },
  'password-reset': { name: 'Lotte', minutes: '60', link: 'https://traces.test/reset?token=t' },
  'email-change-confirm': { name: 'Lotte', hours: '24', link: 'https://traces.test/confirm-email?token=t' },
  'email-change-in-use': { name: 'Lotte', loginUrl: 'https://traces.test/login' },
  'email-change-requested': { name: 'Lotte', newEmail: 'new@example.be', hours: '24' },
};

// Words each language's mails use and English ones do not (the environment's name, the word of the reason, the
// day of AT as the language writes it; `shared`: English words the language writes too).
const MARKERS: Record<string, { training: string; reason: string; day: string; words: RegExp; shared?: string[] }> = {
  fr: {
    training: 'Formation',
    reason: 'Motif',
    day: '2 décembre',
    words: /\b(votre|vous|Bonjour|demande|lien|compte)\b/,
  },
  de: {
    training: 'Schulung',
    reason: 'Begründung',
    day: '2. Dezember',
    words: /\b(Ihr|Ihre|Ihnen|Sie|Guten Tag|Link|Konto|\w*[Aa]ntrag|Entscheidung)\b/,
  },
  pl: {
    training: 'Szkolenie',
    shared: ['link', 'administrator'],
    reason: 'Uzasadnienie',
    day: '2 grudnia',
    words: /(Twoja|Twoje|Ci\b|Pani|wniosk\p{L}*|link\p{L}*|kont\p{L}*|decyzj\p{L}*)/u,
  },
  es: {
    training: 'Formación',
    reason: 'Motivo',
    day: '2 de diciembre',
    words: /\b(su|Estimado|solicitud|enlace|cuenta)\b/,
  },
};
const ENGLISH_WORDS = [
  'your',
  'the',
  'has been',
  'was',
  'Dear',
  'link',
  'within',
  'Reason',
  'expires',
  'administrator',
];
const english = (shared: string[] = []) =>
  new RegExp(`\\b(${ENGLISH_WORDS.filter((w) => !shared.includes(w)).join('|')})\\b|\\bDate: `);
// Values the mail writes in the language rather than as given.
const TRANSLATED = new Set(['environment', 'decision', 'date', 'expiresAt']);

describe.each(Object.keys(MARKERS))('mails in %s', (lang) => {
  const marker = MARKERS[lang]!;
  const ENGLISH = english(marker.shared);
  test.each([...MAIL_TEMPLATES])('%s: subject and body in the language, every value filled in', (template) => {
    const params = PARAMS[template];
    const mail = renderMail(template, lang, params, 'Europe/Paris');
    const english = renderMail(template, 'en', params, 'Europe/Paris');
    expect(mail.subject).not.toBe(english.subject);
    expect(mail.text).not.toBe(english.text);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(/[{}]/);
    expect(mail.subject.replace(/TRACES NT/g, '')).not.toMatch(ENGLISH);
    expect(mail.text.replace(/https?:\S+|back-office|Back-Office|TRACES NT/g, '')).not.toMatch(ENGLISH);
    expect(mail.text).toMatch(marker.words);
    for (const [, value] of Object.entries(params).filter(([k]) => !TRANSLATED.has(k)))
      expect(`${mail.subject} ${mail.text}`).toContain(value);
    if (params.environment) expect(mail.text).toContain(marker.training);
    if (params.reason) expect(mail.text).toContain(`${marker.reason}`);
    // 17:40 UTC is 18:40 in Paris in December, written in the language.
    if (params.date || params.expiresAt) expect(mail.text).toMatch(new RegExp(`${marker.day}.*18:40`));
  });

  test('a decision names approval and rejection in the language', () => {
    const approved = renderMail('request-decided', lang, { ...PARAMS['request-decided'], decision: 'approved' });
    const rejected = renderMail('request-decided', lang, PARAMS['request-decided']);
    expect(approved.subject).not.toBe(rejected.subject);
    expect(renderMail('request-decided', 'en', PARAMS['request-decided']).subject).toContain('rejected');
  });

  test('an approval that made the person administrator says what that means and where the back-office is', () => {
    const plain = renderMail('request-decided', lang, { ...PARAMS['request-decided'], decision: 'approved' });
    const administrator = renderMail('request-decided', lang, {
      ...PARAMS['request-decided'],
      decision: 'approved',
      administratorUrl: 'https://traces.test/admin',
    });
    expect(plain.text).not.toContain('https://traces.test/admin');
    expect(administrator.text).toContain('https://traces.test/admin');
    expect(administrator.text.length).toBeGreaterThan(plain.text.length + 150);
    expect(administrator.text).toContain(
      renderMail('administrator-granted', lang, PARAMS['administrator-granted']).text.split('\n\n').pop(),
    );
  });

  test('a new operator and an operator creation are named in the language', () => {
    const received = renderMail('request-received', lang, {
      ...PARAMS['request-received'],
      organisationRole: 'NEW_OPERATOR',
    });
    const decided = renderMail('request-decided', lang, {
      ...PARAMS['request-decided'],
      organisationRole: 'OPERATOR_CREATION',
    });
    expect(received.text).not.toMatch(/new operator/);
    expect(decided.text).not.toMatch(/creation of the operator/);
    expect(received.text).toContain('ABC (');
    expect(decided.text).toContain('ABC');
  });
});

test('dates are written in the person’s time zone', () => {
  const params = PARAMS['role-suspended'];
  expect(renderMail('role-suspended', 'en', params, 'Europe/Lisbon').text).toMatch(/17:40/);
  expect(renderMail('role-suspended', 'en', params, 'Europe/Helsinki').text).toMatch(/19:40/);
  expect(renderMail('role-suspended', 'fr', params, 'America/Cayenne').text).toMatch(/14:40/);
  // Without a preference (or with one Intl does not know) the account's default zone, Brussels.
  expect(renderMail('role-suspended', 'en', params).text).toMatch(/18:40/);
  expect(formatMailDate(AT, 'de', 'Not/AZone')).toBe(formatMailDate(AT, 'de', 'Europe/Brussels'));
});

test('the notifications preference turns off notices only, never links, decisions or questions', () => {
  expect([...NOTIFICATION_MAILS].sort()).toEqual(['request-answered', 'request-received', 'request-reminder']);
  for (const template of MAIL_TEMPLATES) {
    expect(mailWanted(template, true)).toBe(true);
    expect(mailWanted(template, false)).toBe(!NOTIFICATION_MAILS.has(template));
  }
  for (const essential of [
    'set-password',
    'password-reset',
    'email-change-confirm',
    'request-decided',
    'request-expired',
    'role-suspended',
    'role-reactivated',
    'role-deleted',
    'request-question',
    'administrator-granted',
    'administrator-removed',
  ] as const)
    expect(mailWanted(essential, false)).toBe(true);
});

test('a language without a catalogue gets English', () => {
  expect(renderMail('set-password', 'xx', PARAMS['set-password']).subject).toBe('TRACES NT: set your password');
});
