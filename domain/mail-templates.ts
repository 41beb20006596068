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
  | 'role-deleted'
  | 'request-question'
  | 'password-reset'
  | 'email-change-confirm'
  | 'email-change-in-use'
  | 'email-change-requested';

type Params = Record<string, string>;
type Texts = Record<MailTemplate, { subject: string; body: string }>;

const en: Texts = {
  'set-password': {
    subject: 'TRACES NT: set your password',
    body: 'Dear {name},\n\nYour account has been created. Set your password with this link within {minutes} minutes:\n\n{link}\n\nIf you did not ask for an account, ignore this e-mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: you already have an account',
    body: 'Dear {name},\n\nSomeone (perhaps you) tried to create an account with this e-mail address, but you already have one. Log in at {loginUrl}. If you forgot your password, ask for a new one at {resetUrl}.',
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
  // English only for now: the other languages fall back to it until translated.
  'request-question': {
    subject: 'TRACES NT: a question about your authorisation request for {organisation}',
    body: 'Dear {name},\n\nThe officer deciding your authorisation request for {organisation} ({environment}) asks:\n\n{question}\n\nAnswer it under Your Roles: {portalUrl}\n\nYour request does not expire while the question waits for your answer.',
  },
  'password-reset': {
    subject: 'TRACES NT: reset your password',
    body: 'Dear {name},\n\nSomeone (perhaps you) asked to reset the password of your account. Choose a new password with this link within {minutes} minutes:\n\n{link}\n\nThe link works once; a newer request replaces it. If you did not ask, ignore this e-mail: your password stays as it is.',
  },
  'email-change-confirm': {
    subject: 'TRACES NT: confirm your new e-mail address',
    body: 'Dear {name},\n\nTo use this address for your TRACES NT account, confirm it with this link within {hours} hours:\n\n{link}\n\nIf you did not ask for this, ignore this e-mail.',
  },
  'email-change-in-use': {
    subject: 'TRACES NT: your e-mail address was not changed',
    body: 'Dear {name},\n\nSomeone asked to move another TRACES NT account to this e-mail address. This address already belongs to your account, so nothing was changed. Log in at {loginUrl}.',
  },
  'email-change-requested': {
    subject: 'TRACES NT: a change of your e-mail address was requested',
    body: 'Dear {name},\n\nA change of the e-mail address of your account to {newEmail} was requested. It takes effect only when the link sent to the new address is used within {hours} hours. If you did not ask for this, change your password.',
  },
};

const fr: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT : définissez votre mot de passe',
    body: "Bonjour {name},\n\nVotre compte a été créé. Définissez votre mot de passe avec ce lien dans les {minutes} minutes :\n\n{link}\n\nSi vous n'avez pas demandé de compte, ignorez ce courriel.",
  },
  'already-registered': {
    subject: 'TRACES NT : vous avez déjà un compte',
    body: "Bonjour {name},\n\nQuelqu'un (peut-être vous) a tenté de créer un compte avec cette adresse, mais vous en avez déjà un. Connectez-vous sur {loginUrl}. Mot de passe oublié ? Demandez-en un nouveau sur {resetUrl}.",
  },
  'registration-expired': {
    subject: "TRACES NT : votre lien d'inscription a expiré",
    body: "Bonjour {name},\n\nLe lien pour définir votre mot de passe n'a pas été utilisé dans les {minutes} minutes et a expiré. Créez à nouveau votre compte sur {signupUrl}.",
  },
  'role-suspended': {
    subject: 'TRACES NT : votre rôle dans {organisation} a été suspendu',
    body: 'Bonjour {name},\n\nVotre rôle dans {organisation} ({environment}) a été suspendu.\n\nMotif : {reason}',
  },
  'role-deleted': {
    subject: 'TRACES NT : votre rôle ou votre demande pour {organisation} a été supprimé',
    body: "Bonjour {name},\n\nVotre rôle ou votre demande d'autorisation pour {organisation} ({environment}) a été supprimé.\n\nMotif : {reason}",
  },
  'password-reset': {
    subject: 'TRACES NT : réinitialisez votre mot de passe',
    body: "Bonjour {name},\n\nQuelqu'un (peut-être vous) a demandé à réinitialiser le mot de passe de votre compte. Choisissez un nouveau mot de passe avec ce lien dans les {minutes} minutes :\n\n{link}\n\nLe lien ne sert qu'une fois ; une demande plus récente le remplace. Si vous n'avez rien demandé, ignorez ce courriel : votre mot de passe reste inchangé.",
  },
  'email-change-confirm': {
    subject: 'TRACES NT : confirmez votre nouvelle adresse électronique',
    body: "Bonjour {name},\n\nPour utiliser cette adresse pour votre compte TRACES NT, confirmez-la avec ce lien dans les {hours} heures :\n\n{link}\n\nSi vous n'avez rien demandé, ignorez ce courriel.",
  },
  'email-change-in-use': {
    subject: "TRACES NT : votre adresse n'a pas été modifiée",
    body: "Bonjour {name},\n\nQuelqu'un a demandé à déplacer un autre compte TRACES NT vers cette adresse. Elle appartient déjà à votre compte : rien n'a été modifié. Connectez-vous sur {loginUrl}.",
  },
  'email-change-requested': {
    subject: 'TRACES NT : un changement de votre adresse a été demandé',
    body: "Bonjour {name},\n\nLe changement de l'adresse de votre compte vers {newEmail} a été demandé. Il ne prend effet que si le lien envoyé à la nouvelle adresse est utilisé dans les {hours} heures. Si vous n'avez rien demandé, changez votre mot de passe.",
  },
};

const de: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT: Legen Sie Ihr Passwort fest',
    body: 'Guten Tag {name},\n\nIhr Konto wurde erstellt. Legen Sie Ihr Passwort innerhalb von {minutes} Minuten über diesen Link fest:\n\n{link}\n\nFalls Sie kein Konto beantragt haben, ignorieren Sie diese E-Mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: Sie haben bereits ein Konto',
    body: 'Guten Tag {name},\n\njemand (vielleicht Sie) wollte mit dieser Adresse ein Konto anlegen, aber Sie haben bereits eines. Melden Sie sich unter {loginUrl} an. Passwort vergessen? Fordern Sie unter {resetUrl} ein neues an.',
  },
  'registration-expired': {
    subject: 'TRACES NT: Ihr Registrierungslink ist abgelaufen',
    body: 'Guten Tag {name},\n\nder Link zum Festlegen Ihres Passworts wurde nicht innerhalb von {minutes} Minuten benutzt und ist abgelaufen. Registrieren Sie sich erneut unter {signupUrl}.',
  },
  'password-reset': {
    subject: 'TRACES NT: Setzen Sie Ihr Passwort zurück',
    body: 'Guten Tag {name},\n\njemand (vielleicht Sie) möchte das Passwort Ihres Kontos zurücksetzen. Wählen Sie innerhalb von {minutes} Minuten über diesen Link ein neues Passwort:\n\n{link}\n\nDer Link gilt einmal; eine neuere Anfrage ersetzt ihn. Falls Sie nichts angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
  },
  'email-change-confirm': {
    subject: 'TRACES NT: Bestätigen Sie Ihre neue E-Mail-Adresse',
    body: 'Guten Tag {name},\n\num diese Adresse für Ihr TRACES-NT-Konto zu verwenden, bestätigen Sie sie innerhalb von {hours} Stunden über diesen Link:\n\n{link}\n\nFalls Sie nichts angefordert haben, ignorieren Sie diese E-Mail.',
  },
  'email-change-in-use': {
    subject: 'TRACES NT: Ihre E-Mail-Adresse wurde nicht geändert',
    body: 'Guten Tag {name},\n\njemand wollte ein anderes TRACES-NT-Konto auf diese Adresse umstellen. Sie gehört bereits zu Ihrem Konto, daher wurde nichts geändert. Melden Sie sich unter {loginUrl} an.',
  },
  'email-change-requested': {
    subject: 'TRACES NT: Eine Änderung Ihrer E-Mail-Adresse wurde beantragt',
    body: 'Guten Tag {name},\n\ndie Änderung der Adresse Ihres Kontos auf {newEmail} wurde beantragt. Sie wird erst wirksam, wenn der an die neue Adresse gesendete Link innerhalb von {hours} Stunden benutzt wird. Falls Sie das nicht waren, ändern Sie Ihr Passwort.',
  },
};

const nl: Partial<Texts> = {
  'set-password': {
    subject: 'TRACES NT: stel uw wachtwoord in',
    body: 'Beste {name},\n\nUw account is aangemaakt. Stel binnen {minutes} minuten uw wachtwoord in met deze link:\n\n{link}\n\nAls u geen account hebt aangevraagd, negeer dan deze e-mail.',
  },
  'already-registered': {
    subject: 'TRACES NT: u hebt al een account',
    body: 'Beste {name},\n\nIemand (misschien u) probeerde een account aan te maken met dit adres, maar u hebt er al een. Meld u aan op {loginUrl}. Wachtwoord vergeten? Vraag een nieuw aan op {resetUrl}.',
  },
  'registration-expired': {
    subject: 'TRACES NT: uw registratielink is verlopen',
    body: 'Beste {name},\n\nDe link om uw wachtwoord in te stellen werd niet binnen {minutes} minuten gebruikt en is verlopen. Maak opnieuw een account aan op {signupUrl}.',
  },
  'password-reset': {
    subject: 'TRACES NT: stel uw wachtwoord opnieuw in',
    body: 'Beste {name},\n\nIemand (misschien u) vroeg om het wachtwoord van uw account opnieuw in te stellen. Kies binnen {minutes} minuten een nieuw wachtwoord met deze link:\n\n{link}\n\nDe link werkt één keer; een nieuwere aanvraag vervangt hem. Als u niets hebt gevraagd, negeer dan deze e-mail: uw wachtwoord blijft ongewijzigd.',
  },
  'email-change-confirm': {
    subject: 'TRACES NT: bevestig uw nieuwe e-mailadres',
    body: 'Beste {name},\n\nOm dit adres voor uw TRACES NT-account te gebruiken, bevestigt u het binnen {hours} uur met deze link:\n\n{link}\n\nAls u niets hebt gevraagd, negeer dan deze e-mail.',
  },
  'email-change-in-use': {
    subject: 'TRACES NT: uw e-mailadres is niet gewijzigd',
    body: 'Beste {name},\n\nIemand vroeg om een ander TRACES NT-account naar dit adres te verplaatsen. Dit adres hoort al bij uw account, dus er is niets gewijzigd. Meld u aan op {loginUrl}.',
  },
  'email-change-requested': {
    subject: 'TRACES NT: er is een wijziging van uw e-mailadres gevraagd',
    body: 'Beste {name},\n\nEr is gevraagd het adres van uw account te wijzigen in {newEmail}. Dit gebeurt pas wanneer de link die naar het nieuwe adres is gestuurd binnen {hours} uur wordt gebruikt. Als u dit niet was, wijzig dan uw wachtwoord.',
  },
};

const BY_LANGUAGE: Record<string, Partial<Texts>> = { en, fr, de, nl };

export function renderMail(
  template: MailTemplate,
  language: string,
  params: Params,
): { subject: string; text: string } {
  const texts = BY_LANGUAGE[language]?.[template] ?? en[template];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
  return { subject: fill(texts.subject), text: fill(texts.body) };
}
