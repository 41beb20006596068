// Mail texts in the person's e-mail language: English, French, German and Dutch are written out, others use English.

export type MailTemplate =
  | 'set-password'
  | 'already-registered'
  | 'registration-expired'
  | 'request-received'
  | 'request-reminder'
  | 'request-decided'
  | 'request-expired'
  | 'role-suspended'
  | 'role-deleted';

type Params = Record<string, string>;
type Texts = Record<MailTemplate, { subject: string; body: string }>;

const en: Texts = {
  'set-password': {
    subject: 'TRACES NT: set your password',
    body: 'Dear {name},\n\nYour account has been created. Set your password with this link within {minutes} minutes:\n\n{link}\n\nIf you did not ask for an account, ignore this e-mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: you already have an account',
    body: 'Dear {name},\n\nSomeone (perhaps you) tried to create an account with this e-mail address, but you already have one. Log in at {loginUrl}. If you forgot your password, reset it from the login page.',
  },
  'registration-expired': {
    subject: 'TRACES NT: your registration link has expired',
    body: 'Dear {name},\n\nThe link to set your password was not used within {minutes} minutes and has expired. Create your account again at {signupUrl}.',
  },
  'request-received': {
    subject: 'TRACES NT: an authorisation request waits for your decision',
    body: 'A new authorisation request for {organisation} ({environment}) waits for your decision: {adminUrl}',
  },
  'request-reminder': {
    subject: 'TRACES NT: reminder, an authorisation request is still waiting',
    body: 'The authorisation request for {organisation} ({environment}) is still waiting for a decision: {adminUrl}',
  },
  'request-decided': {
    subject: 'TRACES NT: your authorisation request was {decision}',
    body: 'Dear {name},\n\nYour authorisation request for {organisation} ({environment}) was {decision}.{reason}',
  },
  'request-expired': {
    subject: 'TRACES NT: your authorisation request has expired',
    body: 'Dear {name},\n\nYour authorisation request for {organisation} ({environment}) was not decided in time and has expired. You may request it again.',
  },
  'role-suspended': {
    subject: 'TRACES NT: your role in {organisation} was suspended',
    body: 'Dear {name},\n\nYour role in {organisation} ({environment}) was suspended.\n\nReason: {reason}',
  },
  'role-deleted': {
    subject: 'TRACES NT: your role or request for {organisation} was deleted',
    body: 'Dear {name},\n\nYour role or authorisation request for {organisation} ({environment}) was deleted.\n\nReason: {reason}',
  },
};

const fr: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT : définissez votre mot de passe',
    body: 'Bonjour {name},\n\nVotre compte a été créé. Définissez votre mot de passe avec ce lien dans les {minutes} minutes :\n\n{link}\n\nSi vous n\'avez pas demandé de compte, ignorez ce courriel.',
  },
  'already-registered': {
    subject: 'TRACES NT : vous avez déjà un compte',
    body: 'Bonjour {name},\n\nQuelqu\'un (peut-être vous) a tenté de créer un compte avec cette adresse, mais vous en avez déjà un. Connectez-vous sur {loginUrl}.',
  },
  'registration-expired': {
    subject: 'TRACES NT : votre lien d\'inscription a expiré',
    body: 'Bonjour {name},\n\nLe lien pour définir votre mot de passe n\'a pas été utilisé dans les {minutes} minutes et a expiré. Créez à nouveau votre compte sur {signupUrl}.',
  },
  'role-suspended': {
    subject: 'TRACES NT : votre rôle dans {organisation} a été suspendu',
    body: 'Bonjour {name},\n\nVotre rôle dans {organisation} ({environment}) a été suspendu.\n\nMotif : {reason}',
  },
  'role-deleted': {
    subject: 'TRACES NT : votre rôle ou votre demande pour {organisation} a été supprimé',
    body: 'Bonjour {name},\n\nVotre rôle ou votre demande d\'autorisation pour {organisation} ({environment}) a été supprimé.\n\nMotif : {reason}',
  },
};

const de: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT: Legen Sie Ihr Passwort fest',
    body: 'Guten Tag {name},\n\nIhr Konto wurde erstellt. Legen Sie Ihr Passwort innerhalb von {minutes} Minuten über diesen Link fest:\n\n{link}\n\nFalls Sie kein Konto beantragt haben, ignorieren Sie diese E-Mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: Sie haben bereits ein Konto',
    body: 'Guten Tag {name},\n\njemand (vielleicht Sie) wollte mit dieser Adresse ein Konto anlegen, aber Sie haben bereits eines. Melden Sie sich unter {loginUrl} an.',
  },
  'registration-expired': {
    subject: 'TRACES NT: Ihr Registrierungslink ist abgelaufen',
    body: 'Guten Tag {name},\n\nder Link zum Festlegen Ihres Passworts wurde nicht innerhalb von {minutes} Minuten benutzt und ist abgelaufen. Registrieren Sie sich erneut unter {signupUrl}.',
  },
};

const nl: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT: stel uw wachtwoord in',
    body: 'Beste {name},\n\nUw account is aangemaakt. Stel binnen {minutes} minuten uw wachtwoord in met deze link:\n\n{link}\n\nAls u geen account hebt aangevraagd, negeer dan deze e-mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: u hebt al een account',
    body: 'Beste {name},\n\nIemand (misschien u) probeerde een account aan te maken met dit adres, maar u hebt er al een. Meld u aan op {loginUrl}.',
  },
  'registration-expired': {
    subject: 'TRACES NT: uw registratielink is verlopen',
    body: 'Beste {name},\n\nDe link om uw wachtwoord in te stellen werd niet binnen {minutes} minuten gebruikt en is verlopen. Maak opnieuw een account aan op {signupUrl}.',
  },
};

const BY_LANGUAGE: Record<string, Partial<Texts>> = { en, fr, de, nl };

export function renderMail(template: MailTemplate, language: string, params: Params): { subject: string; text: string } {
  const texts = BY_LANGUAGE[language]?.[template] ?? en[template];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
  return { subject: fill(texts.subject), text: fill(texts.body) };
}
