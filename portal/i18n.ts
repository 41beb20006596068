// The portal's texts in English and French. The wording of the screens follows the public guide "How to register
// in TRACES NT"; messages coming from the use-cases (English) are translated here when a French text is known.
import type { Environment, RequestStatus, RoleKind } from '../domain/enums';
import { securityTextsEn, securityTextsFr } from './i18n-security';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

const en = {
  siteName: 'TRACES NT',
  siteTagline: 'Trade Control and Expert System',
  skipLink: 'Skip to main content',
  languageNav: 'Language',
  accountNav: 'Your account',
  navEnvironments: 'Environments',
  navProfile: 'Profile',
  navPreferences: 'Preferences',
  logout: 'Log out',
  footerHelp: 'If you have any questions, please send an e-mail to our helpdesk:',
  errorSummaryTitle: 'There is a problem',
  mandatoryNote: 'Fields marked with * are mandatory.',
  requiredMark: '(mandatory)',
  any: 'Any',
  chooseCountry: 'Choose a country',

  homeTitle: 'Welcome to TRACES NT',
  homeIntro:
    'TRACES is a multilingual online management tool which notifies, certifies and monitors trade in animals, products of animal origin, feed and food of non-animal origin, plants, seeds, propagating material, goods of organic origin and woods.',
  homeStep1:
    'First create your account. Open it in the name of a real person, with your own professional e-mail address.',
  homeStep2: 'Then log in and, in each environment you want to use, select your role and request authorisation.',
  createAccount: 'Create an account',
  login: 'Login',
  homeContinue: 'Continue to your environments',

  registerTitle: 'Create an account',
  registerIntro:
    'Complete all form fields. The data you enter appears in the certificates you sign: open the account in the name of a REAL PERSON, not a generic account such as your border control post, operator or control body.',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  emailHint: 'Your individual professional e-mail address: you will use it to log in.',
  confirmEmail: 'Confirm e-mail',
  emailLanguage: 'E-mail language',
  captchaLabel: 'Enter the code',
  captchaHint: 'Type the characters shown in the image.',
  captchaImageAlt: 'Security code to type in the field "Enter the code"',
  captchaRefresh: 'Show another code',
  privacyLabel: 'By checking this box, you acknowledge that you have read and understood the privacy statement',
  privacyLink: 'Read the privacy statement',
  registerButton: 'Create an account',

  sentTitle: 'Check your e-mail',
  sentBody: 'An e-mail with a link to set your password has been sent to you.',
  sentValidity: 'The link is valid for {duration}: it expires when the {duration} have passed.',
  sentResent:
    'If a registration of this address is waiting for its password, a new link has been sent and the previous link no longer works.',
  sentNotReceived: 'Did not receive the e-mail? Check your spam folder, or send the link again.',
  resendButton: 'Send the link again',

  setPasswordTitle: 'Set your password',
  passwordPolicy:
    'Your password must have at least {min} characters, with an upper-case letter, a lower-case letter, a digit and a special character. It must not contain your name or e-mail address and must not be a commonly used password.',
  password: 'Password',
  confirmPassword: 'Confirm password',
  passwordsDiffer: 'The passwords differ',
  passwordNeeds: 'The password needs {problems}.',
  setPasswordButton: 'Set password',
  passwordSet: 'Your password is set and your account is active. You can now log in.',

  linkExpiredTitle: 'This link has expired',
  linkExpiredBody:
    'A link to set your password is valid for {duration}. This one was not used in time, so the registration has ended.',
  linkExpiredAction: 'To get a new link, create your account again.',
  linkInvalidTitle: 'This link is not valid',
  linkInvalidBody: 'It was already used, replaced by a newer link, or never existed.',
  linkInvalidAction:
    'If you asked for a new link, use the one in the latest e-mail. If you already set your password, log in. Otherwise create your account again.',

  loginTitle: 'Login',
  loginIntro: 'Log in with the e-mail address you chose when you created your account.',
  loginButton: 'Log in',
  noAccount: 'No account yet?',
  loggedOut: 'You are logged out.',
  loginRequired: 'Log in to continue.',

  environmentsTitle: 'Choose an environment',
  environmentsIntro:
    'Follow this step for each environment you want to use. A role requested in one environment is not transferred to the others.',
  env_production: 'Production',
  env_acceptance: 'Acceptance',
  env_training: 'Training',
  envDesc_production: 'The live system, for real certificates and documents.',
  envDesc_acceptance: 'For testing new releases before they go live.',
  envDesc_training: 'For learning and practising, without real consequences.',
  envHeading: '{env} environment',

  requestTitle: 'Request authorisation',
  noRoleYet: 'You currently do not have any role allowing you to access the application.',
  selectKind: "Please select the type of organisation you're requesting access for.",
  newTabWarning: 'IMPORTANT: Do not request access from a new tab - this can result in duplicated access requests.',
  oneKindRule:
    'Each individual can only take one kind of role: Operator (importer, consignor, first consignee, responsible for the load …), Organic Control Body (or Control Authority) or Authority (Border Control Post, Central Competent Authority). Within your role, you can take several posts, for example for two or more operators.',
  kind_OPERATOR: 'Operator',
  kind_CONTROL_BODY: 'Organic Control Body',
  kind_AUTHORITY: 'Authority',
  kindDesc_OPERATOR: 'Economic operators such as particular businesses, stores, non-profit organisations...',
  kindDesc_CONTROL_BODY: 'Control Bodies listed in Annex III and Annex IV of Commission Regulation (EC) No 1235/2008',
  kindDesc_AUTHORITY:
    'Competent authorities such as customs offices, veterinary authorities, central competent authorities, phytosanitary authorities',
  kindHeld:
    'You hold or requested roles of the kind "{kind}" in this environment: you can request more posts of that kind only.',
  needHelp: 'Need help to find out which kind of organisation you belong to? Write to the helpdesk:',
  personalInfo: 'Personal Information',
  personalInfoIntro: 'This is the information of your account. It is shown to the people who decide your requests.',
  fullName: 'Full name',

  operatorsTitle: 'Select an existing operator',
  authoritiesTitle: 'Select an authority',
  controlBodiesTitle: 'Select Organic Control Body',
  operatorsIntro:
    'Search by country, section, activity type or name of the operator. Tick the box of your operator and then the "Request authorisation" button.',
  authoritiesIntro:
    'Search by country, role or name of the authority. Tick the box of your authority and then the "Request authorisation" button.',
  controlBodiesIntro:
    'Search by country and name of your control body. If you certify for a single country, tick that country. If you certify for all the countries your control body certifies, tick "All countries" of that body. Then click "Request authorisation".',
  searchLegend: 'Search criteria',
  country: 'Country',
  section: 'Section',
  activityType: 'Activity type',
  searchText: 'Search',
  searchTextHint: 'Name, address or EORI number.',
  authorityRole: 'Role',
  competence: 'Competence',
  authorityName: 'Authority name',
  controlBodyName: 'Name',
  searchButton: 'Search',
  resultsTitle: 'Results',
  resultsCount: '{count} found',
  noResults: 'No organisation matches the search.',
  colName: 'Name',
  colAddress: 'Address',
  colActivities: 'Activities',
  colRole: 'Role',
  colCompetence: 'Competence',
  colCode: 'Code',
  colSelect: 'Select',
  select: 'Select',
  selectAllCountries: 'All countries of {name}',
  requestButton: 'Request authorisation',
  noneSelected: 'Tick at least one organisation.',
  notFoundOperator:
    "Really didn't find the operator you belong to? In this case only you might consider creating a new one.",
  createOperatorLink: 'Create a new operator',
  searchFirst: 'Search for your operator first: create a new one only if you cannot find it.',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  pageOf: 'Page {page} of {pages}',
  roleLegendBcp:
    'BCP: Border Control Post. [for COI: Takes the role of Endorsing Authority for Organic Certification (EAO)]',
  roleLegendCca: 'CCA: Central Competent Authority [for COI: Organic Production and Labelling (OPL)]',

  confirmTitle: 'Confirm authorisation request',
  confirmFor: 'Confirm authorisation request for:',
  confirmIntro: 'Optionally, you can provide some additional useful information.',
  message: 'Message',
  contactEmail: 'Email',
  contactPhone: 'Phone',
  sendRequest: 'Send authorisation request',
  cancel: 'Cancel',
  deciderNote:
    'If you are an operator or control body/authority, your National Authority or an Administrator inside your organisation will manage (accept/reject) your request. If you are a National Authority, the Commission or an Administrator inside your organisation will manage your request.',

  newOperatorTitle: 'Create operator to request being attached to',
  newOperatorIntro:
    'Complete all the fields marked with a red star (*). Instead of the phone number you can also give a fax, e-mail or website. Other fields are not mandatory. The EORI number is mandatory for organic importers only.',
  operatorDetails: 'Operator details',
  opName: 'Name',
  street: 'Street',
  postcode: 'Postcode',
  city: 'City',
  activitiesLegend: 'Chapter or activity',
  activitiesHint: 'Tick at least one activity.',
  contactLegend: 'Contact',
  contactHint: 'At least one of phone, fax, e-mail or website.',
  phone: 'Phone',
  fax: 'Fax',
  opEmail: 'E-mail',
  website: 'Website',
  eori: 'EORI number',
  eoriHint: 'Mandatory for organic importers.',
  requestLegend: 'Your request to be attached (optional)',
  duplicateTitle: 'This operator may already exist',
  duplicateIntro:
    'These operators look like the one you are creating. If one of them is yours, request to be attached to it instead.',
  duplicateConfirm: 'I confirm that this operator is not a duplicate of the ones above',
  duplicateRequest: 'Request authorisation for {name}',
  sameEori: 'same EORI number',
  similarName: 'similar name in the same country',
  sameAddress: 'same address',
  createOperatorButton: 'Create a new operator',

  rolesTitle: 'Your Roles',
  filterStatus: 'Filter status',
  filterAll: 'All',
  count_REQUESTED: '{n} Requested',
  count_SUSPENDED: '{n} Suspended',
  count_VALID: '{n} Valid',
  colKind: 'Role',
  colOrganisation: 'Organisation',
  colStatus: 'Status',
  colActions: 'Actions',
  deleteButton: 'Delete',
  noRoles: 'No roles to show.',
  requestMore: 'If need be, you can request additional new role(s).',
  requestMoreLink: 'Request additional roles',
  sentNotice: 'Your authorisation request has been sent. You will receive an e-mail when it is decided.',
  deletedNotice: 'The role has been removed.',
  createdNotice:
    'The new operator and your request to be attached to it are registered. The national authority checks the operator first.',
  operatorPending: 'operator awaiting approval',
  administrator: 'administrator',

  profileTitle: 'Your profile',
  yourEnvironments: 'Your roles per environment',
  preferencesTitle: 'Preferences',
  timeZone: 'Time zone',
  emailNotifications: 'Send me e-mail notifications',
  savePreferences: 'Save preferences',
  savedNotice: 'Your preferences have been saved.',

  privacyTitle: 'Privacy statement',
  privacyBody:
    'Your name, e-mail address and e-mail language are kept to identify you in TRACES NT and to write to you. The organisations you request access to and the people who decide your requests see your name and e-mail address. Your password is stored only as a salted hash.',

  errorTitle: 'Something went wrong',
  errorBody: 'Please try again in a moment.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'Check the address, or go back to the home page.',
  forbiddenTitle: 'This form cannot be accepted',
  forbiddenBody:
    'The form has expired or did not come from this site. Go back, reload the page and send the form again.',
  homeLink: 'Home page',
  backToSearch: 'Back to the search',

  code_INVALID_CREDENTIALS: 'E-mail or password is wrong.',
  code_TOO_MANY_ATTEMPTS: 'Too many failed logins: try again later.',
  code_ROLE_KIND_CONFLICT:
    'You already hold or requested another kind of role in this environment: a person takes one kind of role per environment.',
  code_OPERATOR_NOT_ACTIVE: 'This organisation is not active yet and cannot take requests.',
  code_GENERIC_EMAIL: 'Use your own professional e-mail address, not a shared mailbox.',
  code_INVALID_CAPTCHA: 'The code does not match: type the new code.',
  code_WEAK_PASSWORD: 'The password does not follow the password policy.',
  code_VALIDATION_FAILED: 'Some fields are missing or invalid.',
  code_UNSTORABLE_CHARACTERS:
    'The page was sent with a character that cannot be stored (a NUL or a broken character): remove it and try again.',
  code_INVALID_ENCODING: 'The form was not sent as it says it is encoded: send it again.',
  code_POSSIBLE_DUPLICATE: 'This operator looks like one that already exists.',
  code_ALREADY_DECIDED: 'This request has already been decided.',
  code_INVALID_TRANSITION: 'This role cannot be changed any more.',
  code_NOT_FOUND: 'Not found.',
  code_NOT_ENTITLED: 'You may not change this role.',
  code_REASON_REQUIRED: 'Give a reason.',
  code_ALREADY_REQUESTED: 'You already hold or requested a role in this organisation.',
  code_NOT_RECORDED: 'Your request is still being recorded: try again in a moment.',
  forgotLink: 'Forgotten your password?',
  forgotTitle: 'Forgotten password',
  forgotIntro: 'Give the e-mail address of your account: we send you a link to choose a new password.',
  forgotButton: 'Send me a link',
  forgotSentTitle: 'Check your e-mail',
  forgotSentBody:
    'If an account uses this address, an e-mail with a link to choose a new password is on its way. A link sent in the last 15 minutes stays the one to use.',
  forgotSentValidity: 'The link is valid for {duration} and works once.',
  forgotAgain: 'Ask for a new link',
  resetTitle: 'Choose a new password',
  newPassword: 'New password',
  resetButton: 'Set the new password',
  resetDone: 'Your new password is set and every session of your account has ended. Log in with the new password.',
  resetExpiredTitle: 'This link has expired',
  resetExpiredBody:
    'A link to reset your password is valid for {duration}. This one was not used in time. Your password has not changed.',
  resetInvalidTitle: 'This link is not valid',
  resetInvalidBody:
    'It was already used, replaced by a newer link, or never existed. If you asked again, use the link of the latest e-mail.',
  changePasswordTitle: 'Change your password',
  currentPassword: 'Current password',
  changePasswordButton: 'Change password',
  passwordChanged: 'Your password has been changed. Your other sessions have ended.',
  changeEmailTitle: 'Change your e-mail address',
  changeEmailIntro:
    'We send a link to the new address; the change takes effect when you use it. Your current address is told.',
  newEmail: 'New e-mail address',
  changeEmailButton: 'Send the confirmation link',
  emailChangeSent:
    'A link has been sent to the new address, if it can be used for your account. Open it to confirm the change.',
  confirmEmailTitle: 'Confirm your new e-mail address',
  confirmEmailBody: 'Your account will use {email} from now on.',
  confirmEmailButton: 'Confirm the new address',
  emailChanged: 'Your e-mail address has been changed. Log in with the new address.',
  code_TOO_MANY_REQUESTS: 'Too many requests from here: try again later.',
  code_EMAIL_UNAVAILABLE: 'This e-mail address cannot be used for your account.',
  code_INVALID_TOKEN: 'This link is not valid.',
  code_LINK_EXPIRED: 'This link has expired.',
  ...securityTextsEn,
} as const;

export type TextKey = keyof typeof en;
export type Texts = { readonly [K in TextKey]: string };

const fr: Texts = {
  siteName: 'TRACES NT',
  siteTagline: 'Système expert de contrôle des échanges',
  skipLink: 'Aller au contenu principal',
  languageNav: 'Langue',
  accountNav: 'Votre compte',
  navEnvironments: 'Environnements',
  navProfile: 'Profil',
  navPreferences: 'Préférences',
  logout: 'Se déconnecter',
  footerHelp: "Pour toute question, écrivez à notre service d'assistance :",
  errorSummaryTitle: 'Il y a un problème',
  mandatoryNote: "Les champs marqués d'un * sont obligatoires.",
  requiredMark: '(obligatoire)',
  any: 'Tous',
  chooseCountry: 'Choisissez un pays',

  homeTitle: 'Bienvenue dans TRACES NT',
  homeIntro:
    "TRACES est un outil de gestion en ligne multilingue qui notifie, certifie et suit les échanges d'animaux, de produits d'origine animale, de denrées alimentaires et d'aliments pour animaux d'origine non animale, de plantes, de semences, de matériel de multiplication, de produits biologiques et de bois.",
  homeStep1:
    "Créez d'abord votre compte. Ouvrez-le au nom d'une personne réelle, avec votre propre adresse électronique professionnelle.",
  homeStep2:
    'Connectez-vous ensuite et, dans chaque environnement que vous voulez utiliser, choisissez votre rôle et demandez une autorisation.',
  createAccount: 'Créer un compte',
  login: 'Connexion',
  homeContinue: 'Continuer vers vos environnements',

  registerTitle: 'Créer un compte',
  registerIntro:
    "Remplissez tous les champs. Les données saisies figurent dans les certificats que vous signez : ouvrez le compte au nom d'une PERSONNE RÉELLE, pas un compte générique comme votre poste de contrôle frontalier, votre opérateur ou votre organisme de contrôle.",
  firstName: 'Prénom',
  lastName: 'Nom',
  email: 'Courriel',
  emailHint: "Votre adresse électronique professionnelle individuelle : vous l'utiliserez pour vous connecter.",
  confirmEmail: 'Confirmer le courriel',
  emailLanguage: 'Langue des courriels',
  captchaLabel: 'Saisissez le code',
  captchaHint: "Tapez les caractères affichés dans l'image.",
  captchaImageAlt: 'Code de sécurité à taper dans le champ « Saisissez le code »',
  captchaRefresh: 'Afficher un autre code',
  privacyLabel: 'En cochant cette case, vous reconnaissez avoir lu et compris la déclaration de confidentialité',
  privacyLink: 'Lire la déclaration de confidentialité',
  registerButton: 'Créer un compte',

  sentTitle: 'Consultez vos courriels',
  sentBody: 'Un courriel contenant un lien pour définir votre mot de passe vous a été envoyé.',
  sentValidity: 'Le lien est valable {duration} : il expire une fois ces {duration} écoulées.',
  sentResent:
    'Si une inscription de cette adresse attend son mot de passe, un nouveau lien a été envoyé et le précédent ne fonctionne plus.',
  sentNotReceived: "Vous n'avez pas reçu le courriel ? Vérifiez vos indésirables, ou renvoyez le lien.",
  resendButton: 'Renvoyer le lien',

  setPasswordTitle: 'Définir votre mot de passe',
  passwordPolicy:
    'Votre mot de passe doit compter au moins {min} caractères, dont une majuscule, une minuscule, un chiffre et un caractère spécial. Il ne doit contenir ni votre nom ni votre adresse électronique et ne doit pas être un mot de passe courant.',
  password: 'Mot de passe',
  confirmPassword: 'Confirmer le mot de passe',
  passwordsDiffer: 'Les mots de passe diffèrent',
  passwordNeeds: 'Le mot de passe doit avoir : {problems}.',
  setPasswordButton: 'Définir le mot de passe',
  passwordSet: 'Votre mot de passe est défini et votre compte est actif. Vous pouvez maintenant vous connecter.',

  linkExpiredTitle: 'Ce lien a expiré',
  linkExpiredBody:
    "Un lien pour définir votre mot de passe est valable {duration}. Celui-ci n'a pas été utilisé à temps : l'inscription a pris fin.",
  linkExpiredAction: 'Pour obtenir un nouveau lien, créez à nouveau votre compte.',
  linkInvalidTitle: "Ce lien n'est pas valide",
  linkInvalidBody: "Il a déjà été utilisé, remplacé par un lien plus récent, ou n'a jamais existé.",
  linkInvalidAction:
    'Si vous avez demandé un nouveau lien, utilisez celui du dernier courriel. Si vous avez déjà défini votre mot de passe, connectez-vous. Sinon, créez à nouveau votre compte.',

  loginTitle: 'Connexion',
  loginIntro: "Connectez-vous avec l'adresse électronique choisie lors de la création de votre compte.",
  loginButton: 'Se connecter',
  noAccount: 'Pas encore de compte ?',
  loggedOut: 'Vous êtes déconnecté.',
  loginRequired: 'Connectez-vous pour continuer.',

  environmentsTitle: 'Choisissez un environnement',
  environmentsIntro:
    "Suivez cette étape pour chaque environnement que vous voulez utiliser. Un rôle demandé dans un environnement n'est pas transféré aux autres.",
  env_production: 'Production',
  env_acceptance: 'Acceptation',
  env_training: 'Formation',
  envDesc_production: 'Le système réel, pour les vrais certificats et documents.',
  envDesc_acceptance: 'Pour tester les nouvelles versions avant leur mise en service.',
  envDesc_training: "Pour apprendre et s'exercer, sans conséquences réelles.",
  envHeading: 'Environnement {env}',

  requestTitle: 'Demander une autorisation',
  noRoleYet: "Vous n'avez actuellement aucun rôle permettant d'accéder à l'application.",
  selectKind: "Veuillez choisir le type d'organisation pour lequel vous demandez un accès.",
  newTabWarning: "IMPORTANT : ne demandez pas d'accès depuis un nouvel onglet, cela peut créer des demandes en double.",
  oneKindRule:
    "Chaque personne ne peut prendre qu'un seul type de rôle : Opérateur (importateur, expéditeur, premier destinataire, responsable du chargement …), Organisme de contrôle biologique (ou autorité de contrôle) ou Autorité (poste de contrôle frontalier, autorité compétente centrale). Dans votre rôle, vous pouvez occuper plusieurs postes, par exemple pour deux opérateurs ou plus.",
  kind_OPERATOR: 'Opérateur',
  kind_CONTROL_BODY: 'Organisme de contrôle biologique',
  kind_AUTHORITY: 'Autorité',
  kindDesc_OPERATOR:
    'Opérateurs économiques tels que des entreprises, des magasins, des organisations sans but lucratif...',
  kindDesc_CONTROL_BODY:
    'Organismes de contrôle énumérés aux annexes III et IV du règlement (CE) n° 1235/2008 de la Commission',
  kindDesc_AUTHORITY:
    'Autorités compétentes telles que les bureaux de douane, les autorités vétérinaires, les autorités compétentes centrales, les autorités phytosanitaires',
  kindHeld:
    "Vous avez ou avez demandé des rôles du type « {kind} » dans cet environnement : vous ne pouvez demander que d'autres postes de ce type.",
  needHelp: "Besoin d'aide pour savoir à quel type d'organisation vous appartenez ? Écrivez au service d'assistance :",
  personalInfo: 'Informations personnelles',
  personalInfoIntro:
    'Ce sont les informations de votre compte. Elles sont montrées aux personnes qui décident de vos demandes.',
  fullName: 'Nom complet',

  operatorsTitle: 'Choisir un opérateur existant',
  authoritiesTitle: 'Choisir une autorité',
  controlBodiesTitle: 'Choisir un organisme de contrôle biologique',
  operatorsIntro:
    "Recherchez par pays, section, type d'activité ou nom de l'opérateur. Cochez la case de votre opérateur puis le bouton « Demander une autorisation ».",
  authoritiesIntro:
    "Recherchez par pays, rôle ou nom de l'autorité. Cochez la case de votre autorité puis le bouton « Demander une autorisation ».",
  controlBodiesIntro:
    'Recherchez par pays et nom de votre organisme de contrôle. Si vous certifiez pour un seul pays, cochez ce pays. Si vous certifiez pour tous les pays de votre organisme, cochez « Tous les pays » de cet organisme. Cliquez ensuite sur « Demander une autorisation ».',
  searchLegend: 'Critères de recherche',
  country: 'Pays',
  section: 'Section',
  activityType: "Type d'activité",
  searchText: 'Recherche',
  searchTextHint: 'Nom, adresse ou numéro EORI.',
  authorityRole: 'Rôle',
  competence: 'Compétence',
  authorityName: "Nom de l'autorité",
  controlBodyName: 'Nom',
  searchButton: 'Rechercher',
  resultsTitle: 'Résultats',
  resultsCount: '{count} trouvé(s)',
  noResults: 'Aucune organisation ne correspond à la recherche.',
  colName: 'Nom',
  colAddress: 'Adresse',
  colActivities: 'Activités',
  colRole: 'Rôle',
  colCompetence: 'Compétence',
  colCode: 'Code',
  colSelect: 'Sélection',
  select: 'Sélectionner',
  selectAllCountries: 'Tous les pays de {name}',
  requestButton: 'Demander une autorisation',
  noneSelected: 'Cochez au moins une organisation.',
  notFoundOperator:
    "Vous n'avez vraiment pas trouvé l'opérateur auquel vous appartenez ? Dans ce cas seulement, vous pouvez envisager d'en créer un nouveau.",
  createOperatorLink: 'Créer un nouvel opérateur',
  searchFirst: "Recherchez d'abord votre opérateur : n'en créez un nouveau que si vous ne le trouvez pas.",
  previousPage: 'Page précédente',
  nextPage: 'Page suivante',
  pageOf: 'Page {page} sur {pages}',
  roleLegendBcp:
    "BCP : poste de contrôle frontalier. [pour le COI : joue le rôle d'autorité de visa pour la certification biologique (EAO)]",
  roleLegendCca: 'CCA : autorité compétente centrale [pour le COI : production et étiquetage biologiques (OPL)]',

  confirmTitle: "Confirmer la demande d'autorisation",
  confirmFor: "Confirmer la demande d'autorisation pour :",
  confirmIntro: 'Vous pouvez, si vous le souhaitez, donner des informations utiles supplémentaires.',
  message: 'Message',
  contactEmail: 'Courriel',
  contactPhone: 'Téléphone',
  sendRequest: "Envoyer la demande d'autorisation",
  cancel: 'Annuler',
  deciderNote:
    'Si vous êtes un opérateur ou un organisme de contrôle/une autorité, votre autorité nationale ou un administrateur de votre organisation gère (accepte/rejette) votre demande. Si vous êtes une autorité nationale, la Commission ou un administrateur de votre organisation gère votre demande.',

  newOperatorTitle: "Créer l'opérateur auquel demander à être rattaché",
  newOperatorIntro:
    "Remplissez tous les champs marqués d'une étoile rouge (*). Au lieu du numéro de téléphone, vous pouvez aussi donner un fax, un courriel ou un site web. Les autres champs sont facultatifs. Le numéro EORI n'est obligatoire que pour les importateurs biologiques.",
  operatorDetails: "Détails de l'opérateur",
  opName: 'Nom',
  street: 'Rue',
  postcode: 'Code postal',
  city: 'Ville',
  activitiesLegend: 'Chapitre ou activité',
  activitiesHint: 'Cochez au moins une activité.',
  contactLegend: 'Contact',
  contactHint: 'Au moins un parmi téléphone, fax, courriel ou site web.',
  phone: 'Téléphone',
  fax: 'Fax',
  opEmail: 'Courriel',
  website: 'Site web',
  eori: 'Numéro EORI',
  eoriHint: 'Obligatoire pour les importateurs biologiques.',
  requestLegend: 'Votre demande de rattachement (facultatif)',
  duplicateTitle: 'Cet opérateur existe peut-être déjà',
  duplicateIntro:
    "Ces opérateurs ressemblent à celui que vous créez. Si l'un d'eux est le vôtre, demandez plutôt à y être rattaché.",
  duplicateConfirm: "Je confirme que cet opérateur n'est pas un doublon de ceux ci-dessus",
  duplicateRequest: 'Demander une autorisation pour {name}',
  sameEori: 'même numéro EORI',
  similarName: 'nom semblable dans le même pays',
  sameAddress: 'même adresse',
  createOperatorButton: 'Créer un nouvel opérateur',

  rolesTitle: 'Vos rôles',
  filterStatus: 'Filtrer par statut',
  filterAll: 'Tous',
  count_REQUESTED: '{n} Demandé(s)',
  count_SUSPENDED: '{n} Suspendu(s)',
  count_VALID: '{n} Valide(s)',
  colKind: 'Rôle',
  colOrganisation: 'Organisation',
  colStatus: 'Statut',
  colActions: 'Actions',
  deleteButton: 'Supprimer',
  noRoles: 'Aucun rôle à afficher.',
  requestMore: "Si nécessaire, vous pouvez demander d'autres rôles.",
  requestMoreLink: "Demander d'autres rôles",
  sentNotice: "Votre demande d'autorisation a été envoyée. Vous recevrez un courriel quand elle sera décidée.",
  deletedNotice: 'Le rôle a été retiré.',
  createdNotice:
    "Le nouvel opérateur et votre demande de rattachement sont enregistrés. L'autorité nationale vérifie d'abord l'opérateur.",
  operatorPending: "opérateur en attente d'approbation",
  administrator: 'administrateur',

  profileTitle: 'Votre profil',
  yourEnvironments: 'Vos rôles par environnement',
  preferencesTitle: 'Préférences',
  timeZone: 'Fuseau horaire',
  emailNotifications: "M'envoyer des notifications par courriel",
  savePreferences: 'Enregistrer les préférences',
  savedNotice: 'Vos préférences ont été enregistrées.',

  privacyTitle: 'Déclaration de confidentialité',
  privacyBody:
    "Vos nom, adresse électronique et langue des courriels sont conservés pour vous identifier dans TRACES NT et vous écrire. Les organisations auxquelles vous demandez un accès et les personnes qui décident de vos demandes voient votre nom et votre adresse électronique. Votre mot de passe n'est conservé que sous forme de hachage salé.",

  errorTitle: "Une erreur s'est produite",
  errorBody: 'Veuillez réessayer dans un instant.',
  notFoundTitle: 'Page introuvable',
  notFoundBody: "Vérifiez l'adresse, ou revenez à la page d'accueil.",
  forbiddenTitle: 'Ce formulaire ne peut pas être accepté',
  forbiddenBody:
    'Le formulaire a expiré ou ne provient pas de ce site. Revenez en arrière, rechargez la page et envoyez à nouveau le formulaire.',
  homeLink: "Page d'accueil",
  backToSearch: 'Retour à la recherche',

  code_INVALID_CREDENTIALS: 'Le courriel ou le mot de passe est erroné.',
  code_TOO_MANY_ATTEMPTS: 'Trop de connexions échouées : réessayez plus tard.',
  code_ROLE_KIND_CONFLICT:
    'Vous avez ou avez demandé un autre type de rôle dans cet environnement : une personne prend un seul type de rôle par environnement.',
  code_OPERATOR_NOT_ACTIVE: "Cette organisation n'est pas encore active et ne peut pas recevoir de demandes.",
  code_GENERIC_EMAIL: 'Utilisez votre propre adresse électronique professionnelle, pas une boîte partagée.',
  code_INVALID_CAPTCHA: 'Le code ne correspond pas : tapez le nouveau code.',
  code_WEAK_PASSWORD: 'Le mot de passe ne respecte pas la politique de mot de passe.',
  code_VALIDATION_FAILED: 'Certains champs sont manquants ou invalides.',
  code_UNSTORABLE_CHARACTERS:
    'La page a été envoyée avec un caractère qui ne peut pas être enregistré (un NUL ou un caractère cassé) : retirez-le et réessayez.',
  code_INVALID_ENCODING: "Le formulaire n'a pas été envoyé dans l'encodage annoncé : envoyez-le à nouveau.",
  code_POSSIBLE_DUPLICATE: 'Cet opérateur ressemble à un opérateur existant.',
  code_ALREADY_DECIDED: 'Cette demande a déjà été décidée.',
  code_INVALID_TRANSITION: 'Ce rôle ne peut plus être modifié.',
  code_NOT_FOUND: 'Introuvable.',
  code_NOT_ENTITLED: 'Vous ne pouvez pas modifier ce rôle.',
  code_REASON_REQUIRED: 'Indiquez un motif.',
  code_ALREADY_REQUESTED: 'Vous avez déjà un rôle ou une demande dans cette organisation.',
  code_NOT_RECORDED: "Votre demande est en cours d'enregistrement : réessayez dans un instant.",
  forgotLink: 'Mot de passe oublié ?',
  forgotTitle: 'Mot de passe oublié',
  forgotIntro: "Indiquez l'adresse de votre compte : nous vous envoyons un lien pour choisir un nouveau mot de passe.",
  forgotButton: 'Envoyez-moi un lien',
  forgotSentTitle: 'Consultez vos courriels',
  forgotSentBody:
    'Si un compte utilise cette adresse, un courriel avec un lien pour choisir un nouveau mot de passe est en route. Un lien envoyé dans les 15 dernières minutes reste celui à utiliser.',
  forgotSentValidity: "Le lien est valable {duration} et ne sert qu'une fois.",
  forgotAgain: 'Demander un nouveau lien',
  resetTitle: 'Choisissez un nouveau mot de passe',
  newPassword: 'Nouveau mot de passe',
  resetButton: 'Enregistrer le nouveau mot de passe',
  resetDone:
    'Votre nouveau mot de passe est enregistré et toutes les sessions de votre compte sont fermées. Connectez-vous avec le nouveau mot de passe.',
  resetExpiredTitle: 'Ce lien a expiré',
  resetExpiredBody:
    "Un lien de réinitialisation est valable {duration}. Celui-ci n'a pas été utilisé à temps. Votre mot de passe n'a pas changé.",
  resetInvalidTitle: "Ce lien n'est pas valable",
  resetInvalidBody:
    "Il a déjà été utilisé, remplacé par un lien plus récent, ou n'a jamais existé. Si vous avez redemandé, utilisez le lien du dernier courriel.",
  changePasswordTitle: 'Changer votre mot de passe',
  currentPassword: 'Mot de passe actuel',
  changePasswordButton: 'Changer le mot de passe',
  passwordChanged: 'Votre mot de passe a été changé. Vos autres sessions sont fermées.',
  changeEmailTitle: 'Changer votre adresse électronique',
  changeEmailIntro:
    "Nous envoyons un lien à la nouvelle adresse ; le changement prend effet quand vous l'utilisez. Votre adresse actuelle est prévenue.",
  newEmail: 'Nouvelle adresse électronique',
  changeEmailButton: 'Envoyer le lien de confirmation',
  emailChangeSent:
    'Un lien a été envoyé à la nouvelle adresse, si elle peut servir pour votre compte. Ouvrez-le pour confirmer le changement.',
  confirmEmailTitle: 'Confirmez votre nouvelle adresse',
  confirmEmailBody: 'Votre compte utilisera désormais {email}.',
  confirmEmailButton: 'Confirmer la nouvelle adresse',
  emailChanged: 'Votre adresse a été changée. Connectez-vous avec la nouvelle adresse.',
  code_TOO_MANY_REQUESTS: "Trop de demandes d'ici : réessayez plus tard.",
  code_EMAIL_UNAVAILABLE: 'Cette adresse ne peut pas servir pour votre compte.',
  code_INVALID_TOKEN: "Ce lien n'est pas valable.",
  code_LINK_EXPIRED: 'Ce lien a expiré.',
  ...securityTextsFr,
};

/** French for the field messages of the use-cases (zod and domain texts); unknown ones are shown as they are. */
const FIELD_MESSAGES_FR: Record<string, string> = {
  Required: 'Obligatoire',
  'Not a valid e-mail address': 'Adresse électronique non valide',
  'The e-mail addresses differ': 'Les adresses électroniques diffèrent',
  'The privacy statement must be accepted': 'La déclaration de confidentialité doit être acceptée',
  'The code does not match': 'Le code ne correspond pas',
  'A generic mailbox (info@, contact@, bcp@ …) cannot own an account':
    'Une boîte générique (info@, contact@, bcp@ …) ne peut pas détenir de compte',
  'One of the 24 official EU languages (ISO 639-1)': "Une des 24 langues officielles de l'UE",
  'Contains control characters': 'Contient des caractères de contrôle',
  'At most 100 characters': '100 caractères au maximum',
  'At most 200 characters': '200 caractères au maximum',
  'At most 254 characters': '254 caractères au maximum',
  'At most 2000 characters': '2000 caractères au maximum',
  'A phone number such as +32 2 123 45 67': 'Un numéro de téléphone comme +32 2 123 45 67',
  'A web address such as www.example.be': 'Une adresse web comme www.example.be',
  'An EORI number such as BE0479168518': 'Un numéro EORI comme BE0479168518',
  'An ISO 3166-1 alpha-2 country code (e.g. BE)': 'Un code pays ISO 3166-1 alpha-2 (par ex. BE)',
  'At least one activity (section and activity type)': "Au moins une activité (section et type d'activité)",
  'Give at least one of phone, fax, email or website': 'Donnez au moins un parmi téléphone, fax, courriel ou site web',
  'Required for organic importers': 'Obligatoire pour les importateurs biologiques',
  'Tick at least one organisation': 'Cochez au moins une organisation',
  'Not an IANA time zone (e.g. Europe/Brussels)': 'Pas un fuseau horaire IANA (par ex. Europe/Brussels)',
  'E-mail or password is wrong': 'Le courriel ou le mot de passe est erroné',
  'The current password is wrong': 'Le mot de passe actuel est erroné',
  'This is already your e-mail address': "C'est déjà votre adresse",
  'The passwords differ': 'Les mots de passe diffèrent',
  'at least 10 characters': 'au moins 10 caractères',
  'at most 256 characters': '256 caractères au maximum',
  'an upper-case letter': 'une majuscule',
  'a lower-case letter': 'une minuscule',
  'a digit': 'un chiffre',
  'a special character': 'un caractère spécial',
  'not a commonly used password': 'pas un mot de passe courant',
  'not containing your name or e-mail': 'sans votre nom ni votre courriel',
};

export function textsFor(lang: Lang): Texts {
  return lang === 'fr' ? fr : en;
}

/** Fills {placeholders}. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** A field message of a use-case in the page's language; password problems come as a list joined by commas. */
export function fieldMessage(lang: Lang, message: string): string {
  if (lang === 'en') return message;
  if (FIELD_MESSAGES_FR[message]) return FIELD_MESSAGES_FR[message]!;
  const parts = message.split(', ');
  if (parts.length > 1 && parts.every((p) => FIELD_MESSAGES_FR[p]))
    return parts.map((p) => FIELD_MESSAGES_FR[p]).join(', ');
  return message;
}

/** The page-level text of an error code, or undefined when the portal has none. */
export function codeMessage(t: Texts, code: string): string | undefined {
  const key = `code_${code}` as TextKey;
  return key in t ? t[key] : undefined;
}

export const envLabel = (t: Texts, env: Environment) => t[`env_${env}`];
export const kindLabel = (t: Texts, kind: RoleKind) => t[`kind_${kind}`];

const STATUS: Record<Lang, Record<RequestStatus, string>> = {
  en: {
    REQUESTED: 'Requested',
    VALID: 'Valid',
    SUSPENDED: 'Suspended',
    REJECTED: 'Rejected',
    EXPIRED: 'Expired',
    WITHDRAWN: 'Withdrawn',
    DELETED: 'Deleted',
  },
  fr: {
    REQUESTED: 'Demandé',
    VALID: 'Valide',
    SUSPENDED: 'Suspendu',
    REJECTED: 'Rejeté',
    EXPIRED: 'Expiré',
    WITHDRAWN: 'Retiré',
    DELETED: 'Supprimé',
  },
};
export const statusLabel = (lang: Lang, status: RequestStatus) => STATUS[lang][status];

/** French labels of the seeded reference codes (the database holds the English ones). */
const REFERENCE_FR: Record<string, string> = {
  'section:ORGANIC': 'Produits biologiques',
  'section:FLEGT': 'Bois (FLEGT)',
  'section:ANIMALS': 'Animaux vivants',
  'section:FOOD': "Denrées alimentaires et aliments pour animaux d'origine non animale",
  'section:PLANTS': 'Plantes et produits végétaux',
  'activity-type:ORGANIC_IMPORTER': 'Importateur biologique',
  'activity-type:ORGANIC_FIRST_CONSIGNEE': 'Premier destinataire biologique',
  'activity-type:ORGANIC_EXPORTER': 'Exportateur biologique',
  'activity-type:FLEGT_TIMBER_IMPORT': 'Importation de bois',
  'activity-type:IMPORTER': 'Importateur',
  'activity-type:CONSIGNOR': 'Expéditeur',
  'activity-type:RESPONSIBLE_FOR_LOAD': 'Responsable du chargement',
  'activity-type:FOOD_IMPORTER': "Importateur de denrées et d'aliments pour animaux",
  'activity-type:PLANT_IMPORTER': 'Importateur de végétaux',
  'authority-role:BCP': 'Poste de contrôle frontalier',
  'authority-role:CO': 'Bureau de douane',
  'authority-role:CCA': 'Autorité compétente centrale',
  'authority-role:RCA': 'Autorité compétente régionale',
  'authority-role:LCA': 'Autorité compétente locale',
  'authority-role:EAO': 'Autorité de visa pour la certification biologique',
  'authority-role:COMMISSION': 'Commission européenne',
  'competence:ORGANIC': 'Biologique',
  'competence:OPL': 'Production et étiquetage biologiques',
  'competence:VETERINARY': 'Vétérinaire',
  'competence:PHYTOSANITARY': 'Phytosanitaire',
  'competence:FLEGT': 'Bois FLEGT',
  'competence:CUSTOMS': 'Douane',
};

const frenchRegions = new Intl.DisplayNames(['fr'], { type: 'region' });

/** The label of a reference item in the page's language. */
export function referenceLabel(lang: Lang, list: string, code: string, label: string): string {
  if (lang === 'en') return label;
  if (list === 'countries') {
    try {
      return frenchRegions.of(code) ?? label;
    } catch {
      return label;
    }
  }
  return REFERENCE_FR[`${list}:${code}`] ?? label;
}

/** The 24 e-mail languages as EU Login names them: in their own language, with the code. */
export const EMAIL_LANGUAGE_NAMES: Record<string, string> = {
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

/** "90 minutes", "2 seconds" (the configured link lifetime). */
export function durationText(lang: Lang, ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1) return `${minutes} minute${minutes > 1 ? 's' : ''}`;
  const seconds = Math.max(1, Math.round(ms / 1000));
  return lang === 'fr' ? `${seconds} seconde${seconds > 1 ? 's' : ''}` : `${seconds} second${seconds > 1 ? 's' : ''}`;
}
