// Closed vocabularies of the domain, shared by API validation, workflows and the back-office.

export const ENVIRONMENTS = ['production', 'acceptance', 'training'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ROLE_KINDS = ['OPERATOR', 'CONTROL_BODY', 'AUTHORITY'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export const REQUEST_STATUSES = [
  'REQUESTED',
  'VALID',
  'REJECTED',
  'EXPIRED',
  'WITHDRAWN',
  'SUSPENDED',
  'DELETED',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REGISTRATION_STATUSES = ['PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** ISO 639-1 codes of the 24 official EU languages (EU Login's e-mail languages). */
export const EU_LANGUAGES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;
export type EuLanguage = (typeof EU_LANGUAGES)[number];
