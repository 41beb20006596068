// Every mail in the person's e-mail language: subject and body from that language's catalogue, every value filled in,
// nothing left in English (French, German and Spanish here; test/unit/catalogues.test.ts checks all 24 have them).
import { MAIL_TEMPLATES, type MailTemplate } from '../../domain/mail-templates';
import { renderMail, type MailParams } from '../../lib/mail-texts';

const PARAMS: Record<MailTemplate, MailParams> = {
  'set-password': { name: 'Lotte', minutes: '90', link: 'https://traces.test/set-password?token=t' },
  'already-registered': {
    name: 'Lotte',
    loginUrl: 'https://traces.test/login',
    resetUrl: 'https://traces.test/forgot',
  },
  'registration-expired': { name: 'Lotte', minutes: '90', signupUrl: 'https://traces.test/register' },
  'request-received': { organisation: 'ABC', environment: 'training', adminUrl: 'https://traces.test/admin/x' },
  'request-reminder': { organisation: 'ABC', environment: 'training', adminUrl: 'https://traces.test/admin/x' },
  'request-decided': { name: 'Lotte', organisation: 'ABC', environment: 'training', decision: 'rejected', reason: 'R' },
  'request-expired': { name: 'Lotte', organisation: 'ABC', environment: 'training' },
  'role-suspended': { name: 'Lotte', organisation: 'ABC', environment: 'training', reason: 'R' },
  'role-deleted': { name: 'Lotte', organisation: 'ABC', environment: 'training', reason: 'R' },
  'request-question': {
    name: 'Lotte',
    organisation: 'ABC',
    environment: 'training',
    question: 'Q',
    portalUrl: 'https://traces.test/environments/training/roles',
  },
  'password-reset': { name: 'Lotte', minutes: '60', link: 'https://traces.test/reset?token=t' },
  'email-change-confirm': { name: 'Lotte', hours: '24', link: 'https://traces.test/confirm-email?token=t' },
  'email-change-in-use': { name: 'Lotte', loginUrl: 'https://traces.test/login' },
  'email-change-requested': { name: 'Lotte', newEmail: 'new@example.be', hours: '24' },
};

// Words each language's mails use and English ones do not (the environment's name, the word of the reason).
const MARKERS: Record<string, { training: string; reason: string; words: RegExp }> = {
  fr: { training: 'Formation', reason: 'Motif', words: /\b(votre|vous|Bonjour|demande|lien|compte)\b/ },
  de: {
    training: 'Schulung',
    reason: 'Begründung',
    words: /\b(Ihr|Ihre|Sie|Guten Tag|Link|Konto|\w*[Aa]ntrag|Entscheidung)\b/,
  },
  es: { training: 'Formación', reason: 'Motivo', words: /\b(su|Estimado|solicitud|enlace|cuenta)\b/ },
};
const ENGLISH = /\b(your|the|has been|was|Dear|link|within|Reason)\b/;

describe.each(Object.keys(MARKERS))('mails in %s', (lang) => {
  const marker = MARKERS[lang]!;
  test.each([...MAIL_TEMPLATES])('%s: subject and body in the language, every value filled in', (template) => {
    const params = PARAMS[template];
    const mail = renderMail(template, lang, params);
    const english = renderMail(template, 'en', params);
    expect(mail.subject).not.toBe(english.subject);
    expect(mail.text).not.toBe(english.text);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(/[{}]/);
    expect(mail.subject.replace(/TRACES NT/g, '')).not.toMatch(ENGLISH);
    expect(mail.text.replace(/https?:\S+/g, '')).not.toMatch(ENGLISH);
    expect(mail.text).toMatch(marker.words);
    for (const value of Object.values(params).filter((v) => !['training', 'rejected'].includes(v!)))
      expect(`${mail.subject} ${mail.text}`).toContain(value);
    if (params.environment) expect(mail.text).toContain(marker.training);
    if (params.reason) expect(mail.text).toContain(`${marker.reason}`);
  });

  test('a decision names approval and rejection in the language', () => {
    const approved = renderMail('request-decided', lang, { ...PARAMS['request-decided'], decision: 'approved' });
    const rejected = renderMail('request-decided', lang, PARAMS['request-decided']);
    expect(approved.subject).not.toBe(rejected.subject);
    expect(renderMail('request-decided', 'en', PARAMS['request-decided']).subject).toContain('rejected');
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

test('a language without a catalogue gets English', () => {
  expect(renderMail('set-password', 'xx', PARAMS['set-password']).subject).toBe('TRACES NT: set your password');
});
