// The use-cases of the web process, built once and shared by the HTTP API and the applicant portal, so that both
// apply the same rules through the same objects.
import type { Client } from '@temporalio/client';
import type { AccountDeps } from '../../lib/account-deps';
import type { Db } from '../../lib/db';
import { createAccountSecurityUseCases } from './account-security';
import type { PayloadKey } from '../../lib/payload-codec';
import { createApprovalUseCases } from './approvals';
import { createAuthorisationRequestUseCases } from './authorisation-requests';
import { createCaptchaService } from './captcha';
import { createDirectoryUseCases } from './directory';
import { createOperatorUseCases } from './operators';
import { createPasswordResetUseCases } from './password-reset';
import { createProfileUseCases } from './profile';
import { createReferenceUseCases } from './reference';
import { createRegistrationUseCases } from './registration';
import { createRoleUseCases } from './roles';
import { setUpSecondFactor } from './second-factor-setup';
import { createWorkQueueUseCases } from './work-queue';
import { createSessionUseCases } from './sessions';

export interface UseCaseDeps {
  db: Db;
  temporal: Client;
  captchaProvider: 'builtin' | 'none';
  linkTtlMs: number;
  sessionTtlMs: number;
  approvalReminderAfterMs: number;
  approvalExpiresAfterMs: number;
  /** History events before a role's workflow continues as new (default ROLE_HISTORY_BOUND, domain/contracts.ts). */
  roleHistoryBound?: number;
  taskQueue?: string;
  /** Abuse limits, keyed workflow ids and link lifetimes of the account flows (lib/account-deps.ts). */
  accounts: AccountDeps;
  onBackgroundError?: (what: string, error: unknown) => void;
  /** PUBLIC_URL: the WebAuthn relying party of the second factor. */
  publicUrl: string;
  /** PAYLOAD_ENCRYPTION_KEYS, parsed: TOTP secrets are sealed at rest under keys derived from them. */
  atRestKeys: PayloadKey[];
}

export function createUseCases(deps: UseCaseDeps) {
  const captcha = createCaptchaService({ db: deps.db, provider: deps.captchaProvider });
  const { limits, workflowIds } = deps.accounts;
  const registration = createRegistrationUseCases({
    db: deps.db,
    temporal: deps.temporal,
    captcha,
    linkTtlMs: deps.linkTtlMs,
    taskQueue: deps.taskQueue,
    limits,
    workflowIds,
    onBackgroundError: deps.onBackgroundError,
  });
  const passwordResets = createPasswordResetUseCases({
    db: deps.db,
    temporal: deps.temporal,
    limits,
    workflowIds,
    linkTtlMs: deps.accounts.passwordResetTtlMs,
    taskQueue: deps.taskQueue,
  });
  // The second factor opens sessions and the login asks it for the second step: each refers to the other lazily.
  const secondFactor = setUpSecondFactor({
    db: deps.db,
    atRestKeys: deps.atRestKeys,
    publicUrl: deps.publicUrl,
    limiter: limits.secondFactor,
    sessions: {
      openSession: (id) => sessions.openSession(id),
      checkCredentials: (e, p) => sessions.checkCredentials(e, p),
    },
  });
  const sessions = createSessionUseCases({
    db: deps.db,
    sessionTtlMs: deps.sessionTtlMs,
    limits,
    secondStep: secondFactor,
  });
  const accountSecurity = createAccountSecurityUseCases({
    db: deps.db,
    temporal: deps.temporal,
    sessions,
    emailChangeTtlMs: deps.accounts.emailChangeTtlMs,
    taskQueue: deps.taskQueue,
  });
  const profile = createProfileUseCases({ db: deps.db });
  const reference = createReferenceUseCases({ db: deps.db });
  const directory = createDirectoryUseCases({ db: deps.db });
  const approvals = createApprovalUseCases({ db: deps.db, temporal: deps.temporal });
  const requests = createAuthorisationRequestUseCases({
    db: deps.db,
    temporal: deps.temporal,
    approvals,
    taskQueue: deps.taskQueue,
    reminderAfterMs: deps.approvalReminderAfterMs,
    expiresAfterMs: deps.approvalExpiresAfterMs,
    historyBound: deps.roleHistoryBound,
  });
  const operators = createOperatorUseCases({ db: deps.db, requests });
  const roles = createRoleUseCases({ db: deps.db, approvals });
  const workQueue = createWorkQueueUseCases({ db: deps.db, approvals });
  return {
    captcha,
    registration,
    sessions,
    passwordResets,
    accountSecurity,
    profile,
    reference,
    directory,
    approvals,
    requests,
    operators,
    roles,
    workQueue,
    secondFactor,
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
