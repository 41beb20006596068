// The Temporal contract shared by workflows, worker, api/ and admin/: task queue, ids, search attributes, messages.
// It imports only SDK definitions, so callers never import a workflow body.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApproverClaims, ApproverGroup, DecisionOrganisation } from './entitlement';
import type { Environment, RegistrationStatus, RequestStatus, RoleKind } from './enums';
import type { NewOperatorState } from './status-machine';

export const TASK_QUEUE = 'traces-onboarding';

/** Workflow type names, as the worker registers them (workflows/index.ts) and the api/ and client/ start them. */
export const WorkflowType = {
  registration: 'registrationWorkflow',
  passwordReset: 'passwordResetWorkflow',
  emailChange: 'emailChangeWorkflow',
  authorisationRequest: 'authorisationRequestWorkflow',
  operatorCreation: 'operatorCreationWorkflow',
} as const;

// ---- Refusal codes --------------------------------------------------------------------------------------------

/**
 * Every refusal of the engine, from a workflow validator's ApplicationFailure type through the HTTP error's `code` to
 * the texts of the portal and the back-office, which translate by code.
 */
export const Refusal = {
  validationFailed: 'VALIDATION_FAILED',
  reasonRequired: 'REASON_REQUIRED',
  notEntitled: 'NOT_ENTITLED',
  alreadyDecided: 'ALREADY_DECIDED',
  operatorNotActive: 'OPERATOR_NOT_ACTIVE',
  invalidTransition: 'INVALID_TRANSITION',
  roleKindConflict: 'ROLE_KIND_CONFLICT',
  alreadyRequested: 'ALREADY_REQUESTED',
  notRecorded: 'NOT_RECORDED',
  notFound: 'NOT_FOUND',
  unknownEnvironment: 'UNKNOWN_ENVIRONMENT',
  possibleDuplicate: 'POSSIBLE_DUPLICATE',
  genericEmail: 'GENERIC_EMAIL',
  invalidCaptcha: 'INVALID_CAPTCHA',
  invalidToken: 'INVALID_TOKEN',
  linkExpired: 'LINK_EXPIRED',
  weakPassword: 'WEAK_PASSWORD',
  invalidCredentials: 'INVALID_CREDENTIALS',
  unauthenticated: 'UNAUTHENTICATED',
  tooManyAttempts: 'TOO_MANY_ATTEMPTS',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  emailUnavailable: 'EMAIL_UNAVAILABLE',
  // The approvers' work queue and organisation administrators (domain/status-machine.ts says when each applies).
  assigneeNotEntitled: 'ASSIGNEE_NOT_ENTITLED',
  questionWaiting: 'QUESTION_WAITING',
  noOpenQuestion: 'NO_OPEN_QUESTION',
  lastAdministrator: 'LAST_ADMINISTRATOR',
  // The second factor (domain/second-factor.ts says what each means).
  invalidSecondFactor: 'INVALID_SECOND_FACTOR',
  invalidChallenge: 'INVALID_CHALLENGE',
  invalidEnrolment: 'INVALID_ENROLMENT',
  totpAlreadyEnrolled: 'TOTP_ALREADY_ENROLLED',
  tooManyPasskeys: 'TOO_MANY_PASSKEYS',
  reauthenticationFailed: 'REAUTHENTICATION_FAILED',
  noSecondFactor: 'NO_SECOND_FACTOR',
  forbidden: 'FORBIDDEN',
  crossOriginRefused: 'CROSS_ORIGIN_REFUSED',
  invalidJson: 'INVALID_JSON',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  invalidEncoding: 'INVALID_ENCODING',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  unstorableCharacters: 'UNSTORABLE_CHARACTERS',
  undecodablePayload: 'UNDECODABLE_PAYLOAD',
  serviceUnavailable: 'SERVICE_UNAVAILABLE',
  failed: 'FAILED',
  internal: 'INTERNAL',
} as const;
export type RefusalCode = (typeof Refusal)[keyof typeof Refusal];
const REFUSAL_CODES: ReadonlySet<string> = new Set(Object.values(Refusal));
export const isRefusalCode = (code: unknown): code is RefusalCode =>
  typeof code === 'string' && REFUSAL_CODES.has(code);

/**
 * Why one field was refused: the `fieldErrors` of a 400 (and of the other refusals that name fields) carry one of these
 * per field, with its params; the portal and the back-office translate them by code (locales/<lang>.json `field_<code>`).
 */
export const FieldCode = {
  /** Missing or empty. */
  required: 'REQUIRED',
  /** {min}: a text shorter than min characters. */
  tooShort: 'TOO_SHORT',
  /** {max}: a text longer than max characters. */
  tooLong: 'TOO_LONG',
  /** {min}: a number or list below min. */
  tooSmall: 'TOO_SMALL',
  /** {max}: a number or list above max. */
  tooBig: 'TOO_BIG',
  /** {expected}: not a string, number, boolean, list or object as the field needs. */
  invalidType: 'INVALID_TYPE',
  /** Not in the field's format (a pattern not covered by a code below). */
  invalidFormat: 'INVALID_FORMAT',
  invalidEmail: 'INVALID_EMAIL',
  invalidPhone: 'INVALID_PHONE',
  invalidWebsite: 'INVALID_WEBSITE',
  invalidEori: 'INVALID_EORI',
  invalidCountry: 'INVALID_COUNTRY',
  invalidTimeZone: 'INVALID_TIME_ZONE',
  invalidLanguage: 'INVALID_LANGUAGE',
  invalidUuid: 'INVALID_UUID',
  /** {options}: not one of the listed values. */
  invalidChoice: 'INVALID_CHOICE',
  /** Control characters, NUL or broken (unpaired) characters. */
  notAllowedCharacters: 'NOT_ALLOWED_CHARACTERS',
  /** A path segment that is not valid percent-encoded UTF-8. */
  invalidEncoding: 'INVALID_ENCODING',
  /** A field the operation does not take. */
  unknownField: 'UNKNOWN_FIELD',
  /** {value}: a reference code (country, section, activity type …) that does not exist. */
  unknownValue: 'UNKNOWN_VALUE',
  /** {fields}: exactly one of these fields must be given. */
  oneOf: 'ONE_OF',
  emailsDiffer: 'EMAILS_DIFFER',
  passwordsDiffer: 'PASSWORDS_DIFFER',
  mustAccept: 'MUST_ACCEPT',
  /** Rejecting, suspending or deleting someone else's request or role needs a reason. */
  reasonRequired: 'REASON_REQUIRED',
  genericEmail: 'GENERIC_EMAIL',
  sameEmail: 'SAME_EMAIL',
  wrongPassword: 'WRONG_PASSWORD',
  invalidCaptcha: 'INVALID_CAPTCHA',
  /** {problems} (PasswordProblem codes), {min}, {max}: the password policy's unmet rules. */
  weakPassword: 'WEAK_PASSWORD',
  activityRequired: 'ACTIVITY_REQUIRED',
  contactRequired: 'CONTACT_REQUIRED',
  eoriRequired: 'EORI_REQUIRED',
  organisationRequired: 'ORGANISATION_REQUIRED',
  /** {section}: the activity type belongs to another section. */
  wrongSection: 'WRONG_SECTION',
  /** {id}: no such organisation in the environment. */
  unknownOrganisation: 'UNKNOWN_ORGANISATION',
  /** {name}, {kind}: the organisation is not of the requested kind. */
  wrongKind: 'WRONG_KIND',
  /** {kind}, {environment}: the person holds or requested another kind of role there. */
  otherKindHeld: 'OTHER_KIND_HELD',
  /** {name}, {id}, {because}: EORI or NAME_CITY, a likely duplicate of a new operator. */
  possibleDuplicate: 'POSSIBLE_DUPLICATE',
} as const;
export type FieldErrorCode = (typeof FieldCode)[keyof typeof FieldCode];
export const FIELD_ERROR_CODES: readonly FieldErrorCode[] = Object.values(FieldCode);

/** A field error: a code with its parameters (the HTTP answer also carries an English text for people reading JSON). */
export interface FieldError {
  code: FieldErrorCode;
  params?: Record<string, string | number | string[]>;
}

/** The unmet rules of the password policy (domain/password-policy.ts), params of WEAK_PASSWORD. */
export const PasswordProblem = {
  tooShort: 'TOO_SHORT',
  tooLong: 'TOO_LONG',
  upperCase: 'NEEDS_UPPER_CASE',
  lowerCase: 'NEEDS_LOWER_CASE',
  digit: 'NEEDS_DIGIT',
  special: 'NEEDS_SPECIAL',
  common: 'COMMON_PASSWORD',
  personal: 'CONTAINS_PERSONAL',
} as const;
export type PasswordProblemCode = (typeof PasswordProblem)[keyof typeof PasswordProblem];
export const PASSWORD_PROBLEM_CODES: readonly PasswordProblemCode[] = Object.values(PasswordProblem);

export const SearchAttr = {
  environment: defineSearchAttributeKey('TracesEnvironment', 'KEYWORD'),
  requestKind: defineSearchAttributeKey('RequestKind', 'KEYWORD'),
  requestStatus: defineSearchAttributeKey('RequestStatus', 'KEYWORD'),
  countryCode: defineSearchAttributeKey('CountryCode', 'KEYWORD'),
  organisationCode: defineSearchAttributeKey('OrganisationCode', 'KEYWORD'),
} as const;
export const SEARCH_ATTRIBUTE_KEYS = Object.values(SearchAttr);

// Workflow ids. The e-mail enters only as its keyed digest (HMAC-SHA-256 under WORKFLOW_ID_KEY, lib/workflow-ids.ts),
// computed by the caller; registrations started before keyed ids carry the bare SHA-256 in the same form.
export const registrationWorkflowId = (emailDigest: string) => `registration:${emailDigest}`;
export const passwordResetWorkflowId = (emailDigest: string) => `password-reset:${emailDigest}`;
export const emailChangeWorkflowId = (changeId: string) => `email-change:${changeId}`;

/** Workflow type names of the account flows, as the worker registers them (workflows/index.ts). */
export const AccountWorkflowType = {
  registration: WorkflowType.registration,
  passwordReset: WorkflowType.passwordReset,
  emailChange: WorkflowType.emailChange,
} as const;
export const authorisationWorkflowId = (environment: Environment, accountId: string, organisationId: string) =>
  `authorisation:${environment}:${accountId}:${organisationId}`;
export const operatorCreationWorkflowId = (environment: Environment, operatorId: string) =>
  `operator-creation:${environment}:${operatorId}`;

// ---- Registration ---------------------------------------------------------------------------------------------

/** Only ids and durations: the person's data waits in the database (RegistrationApplication), never in history. */
export interface RegistrationInput {
  applicationId: string;
  linkTtlMs: number;
}
export interface RegistrationView {
  registrationId: string;
  status: RegistrationStatus;
  expiresAt: string;
}
export interface RegistrationResult {
  registrationId: string;
  status: RegistrationStatus | 'ALREADY_REGISTERED';
}

/** Returns the registration once recorded; a second application for the same e-mail is discarded. */
export const registrationViewUpdate = defineUpdate<RegistrationView, [{ applicationId: string }]>('registrationView');
/** New link, old one dead, 90 minutes again. */
export const resendLinkUpdate = defineUpdate<RegistrationView, []>('resendLink');
/** Accepts the password submitted on the link `tokenId`; fails with INVALID_TOKEN or LINK_EXPIRED. */
export const confirmPasswordUpdate = defineUpdate<
  { accountId: string; status: 'ACTIVE' },
  [{ tokenId: string; submissionId: string }]
>('confirmPassword');
export const registrationStatusQuery = defineQuery<RegistrationView>('registrationStatus');
/**
 * Another application for the e-mail (sent with signal-with-start, so concurrent registrations never race): discarded
 * while the registration is pending; one that arrives after it ended starts the next registration (continue-as-new).
 */
export const registrationApplicationSignal = defineSignal<[{ applicationId: string }]>('registrationApplication');

// ---- Forgotten password and change of e-mail ------------------------------------------------------------------

/** Only durations: the e-mail waits in PasswordResetRequest rows, named by the signal. */
export interface PasswordResetInput {
  linkTtlMs: number;
  /** Requests that arrived as the previous run ended (continue-as-new). */
  requestIds?: string[];
}
/** A forgotten-password request (row id): a new link that kills the previous one, at most one mail per interval. */
export const passwordResetRequestedSignal = defineSignal<[{ requestId: string }]>('passwordResetRequested');
/** Sets the password submitted on link `tokenId`; fails with INVALID_TOKEN or LINK_EXPIRED. */
export const confirmPasswordResetUpdate = defineUpdate<
  { accountId: string },
  [{ tokenId: string; submissionId: string }]
>('confirmPasswordReset');

/** The change (row id) holds the new address; the workflow mails the link and the notice to the old address. */
export interface EmailChangeInput {
  changeId: string;
  linkTtlMs: number;
}

// ---- Authorisation requests -----------------------------------------------------------------------------------

export type { ApproverClaims } from './entitlement';

export interface RequestView {
  id: string;
  organisationId: string;
  status: RequestStatus;
  workflowId: string;
  /** An attach request to a new operator: the operator-creation request it follows. */
  creationRequestId?: string;
}

export type RoleAction = 'SUSPEND' | 'REACTIVATE' | 'DELETE';

/** What a request workflow knows of its organisation: routing and search attributes, no personal data. */
export interface RequestOrganisation extends DecisionOrganisation {
  code: string | null;
}

export interface AuthorisationRequestInput {
  environment: Environment;
  kind: RoleKind;
  type: 'ATTACH' | 'OPERATOR_CREATION';
  accountId: string;
  organisationId: string;
  message?: string;
  contactEmail?: string;
  contactPhone?: string;
  /** A new operator (attach requests only): the draft its Organisation is made from; the creation runs as a child. */
  operatorDraftId?: string;
  /** Operator-creation requests: the id and organisation the parent already recorded the request with. */
  requestId?: string;
  organisation?: RequestOrganisation;
  reminderAfterMs: number;
  expiresAfterMs: number;
  /**
   * History events a role's run may reach before it continues as new (default ROLE_HISTORY_BOUND; tests set it
   * small). Temporal's own suggestion (continueAsNewSuggested) continues it earlier.
   */
  historyBound?: number;
  /** Set on a run that continued as new: the state the previous run of the same workflow id held. */
  carried?: CarriedRequest;
}

/** The OrganisationCode search attribute of an organisation without a code (a new operator gets none). */
export const NO_ORGANISATION_CODE = 'NO-CODE';

/** Events past which a role's workflow continues as new: far below Temporal's 10,240-event warning. */
export const ROLE_HISTORY_BOUND = 2_000;

/**
 * What a role's workflow carries into its next run (workflows/request-lifecycle.ts): everything its handlers decide
 * on. The audit trail, assignee and administrator rights live in PostgreSQL and need no carrying.
 */
export interface CarriedRequest {
  requestId: string;
  status: RequestStatus;
  /** How the request left REQUESTED (the applicant was already told). */
  outcome?: RequestStatus;
  newOperator: NewOperatorState;
  group: ApproverGroup;
  creation?: { requestId: string; workflowId: string };
  question?: { id: string; askedAt: number; answering?: boolean };
  openedAt?: number;
  pausedMs: number;
  /** The deploys' renewals (ROLE_RENEWALS) the run continued under, so that the next run is not renewed again. */
  renewals?: string[];
}

/** Returns the request once recorded (same answer for a repeated or concurrent request). */
export const requestViewUpdate = defineUpdate<RequestView, []>('requestView');
/** Approve or reject; the validator checks entitlement, four eyes, an open request, a reason for rejections. */
export const decideUpdate = defineUpdate<
  { status: RequestStatus },
  [{ decision: 'APPROVE' | 'REJECT'; reason?: string; approver: ApproverClaims }]
>('decide');
/** The applicant takes back a request that is still open. */
export const withdrawUpdate = defineUpdate<{ status: RequestStatus }, [{ accountId: string }]>('withdraw');
/** Suspend, reactivate or delete a role: by an entitled approver, or (delete only) by the person. */
export const roleActionUpdate = defineUpdate<
  { status: RequestStatus },
  [{ action: RoleAction; reason?: string; actor: ApproverClaims }]
>('roleAction');
/**
 * Sent to an attach request that follows a new operator: completes once its operator-creation child has started
 * (`started`), or once the request has heard the operator's decision (`decided`); the request's status then.
 */
export const newOperatorUpdate = defineUpdate<{ status: RequestStatus }, [{ until: 'started' | 'decided' }]>(
  'newOperator',
);
/** Sent by an attach request to its operator-creation child when the applicant withdrew. */
export const applicantWithdrewSignal = defineSignal<[]>('applicantWithdrew');
export const requestStatusQuery = defineQuery<RequestView>('requestStatus');

/**
 * Takes an open request into an approver's queue (`assigneeAccountId`) or out of every queue (null). The actor must be
 * entitled to decide it, and so must the assignee, whose claims the caller reads from PostgreSQL like the actor's
 * (the assignRequest activity checks both again there).
 */
export const assignUpdate = defineUpdate<
  { assigneeAccountId: string | null },
  [{ assigneeAccountId: string | null; actor: ApproverClaims; assignee?: ApproverClaims }]
>('assign');
/**
 * An entitled approver asks the applicant a question about an open request (one waits at a time); the expiry clock
 * stops until the answer. The text reaches the history only encrypted (lib/payload-codec.ts) and is stored in
 * RequestQuestion, never in a search attribute or a log line.
 */
export const askQuestionUpdate = defineUpdate<
  { questionId: string; askedAt: string },
  [{ questionId: string; text: string; actor: ApproverClaims }]
>('askQuestion');
/** The applicant answers the waiting question; the expiry clock runs again, the time it waited added to the deadline. */
export const answerQuestionUpdate = defineUpdate<
  { questionId: string; expiresAt: string | null },
  [{ accountId: string; text: string }]
>('answerQuestion');
/**
 * Grants (`grant: true`) or removes administrator rights of the role this request became, by an approver entitled
 * over the organisation (its administrators included) or, removal only, by the member themselves. PostgreSQL refuses
 * the change that would leave the organisation without an administrator (LAST_ADMINISTRATOR).
 */
export const administratorUpdate = defineUpdate<
  { isAdministrator: boolean },
  [{ grant: boolean; actor: ApproverClaims }]
>('administrator');

/** Update failure types (ApplicationFailure.type), mapped by the API to HTTP errors: refusal codes. */
export const RequestFailure = {
  notEntitled: Refusal.notEntitled,
  alreadyDecided: Refusal.alreadyDecided,
  operatorNotActive: Refusal.operatorNotActive,
  reasonRequired: Refusal.reasonRequired,
  invalidAction: Refusal.invalidTransition,
  roleKindConflict: Refusal.roleKindConflict,
  alreadyRequested: Refusal.alreadyRequested,
  notRecorded: Refusal.notRecorded,
  assigneeNotEntitled: Refusal.assigneeNotEntitled,
  questionWaiting: Refusal.questionWaiting,
  noOpenQuestion: Refusal.noOpenQuestion,
  lastAdministrator: Refusal.lastAdministrator,
} as const;
