// Account registration use-cases: validation here, state changes through registrationWorkflow.
import { FieldCode } from '../../domain/contracts';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  AccountWorkflowType,
  confirmPasswordUpdate,
  registrationApplicationSignal,
  resendLinkUpdate,
  TASK_QUEUE,
} from '../../domain/contracts';
import { isGenericMailbox, isWellFormedEmail, normaliseEmail } from '../../domain/email-rules';
import { EU_LANGUAGES } from '../../domain/enums';
import { checkPassword, PASSWORD_MAX_LENGTH, weakPasswordError } from '../../domain/password-policy';
import { emailKey, type AbuseLimits } from '../../lib/abuse-limits';
import type { Db } from '../../lib/db';
import { hashPassword, sha256Hex } from '../../lib/secrets';
import type { AccountWorkflowIds } from '../../lib/workflow-ids';
import { ApiError, parseInput, fieldText } from '../errors';
import type { CaptchaService } from './captcha';
import { enforceLimits } from './limits';

const NO_CONTROL_CHARS = /^[^\p{Cc}\p{Cf}]*$/u;
const personName = z.string().trim().min(1).max(100).regex(NO_CONTROL_CHARS, FieldCode.notAllowedCharacters);
export const emailField = z.string().trim().min(1).max(254).refine(isWellFormedEmail, FieldCode.invalidEmail);

export const registrationSchema = z
  .object({
    firstName: personName,
    lastName: personName,
    email: emailField,
    confirmEmail: emailField,
    emailLanguage: z.enum(EU_LANGUAGES, {
      errorMap: () => ({ message: FieldCode.invalidLanguage }),
    }),
    captchaId: z.string().uuid().optional(),
    captchaAnswer: z.string().max(20).optional(),
    privacyStatementAccepted: z.literal(true, {
      errorMap: () => ({ message: FieldCode.mustAccept }),
    }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (normaliseEmail(value.email) !== normaliseEmail(value.confirmEmail)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmEmail'], message: FieldCode.emailsDiffer });
    }
  });

export const passwordSetupSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 4),
  })
  .strict();

export const resendSchema = z.object({ email: emailField }).strict();

export interface RegistrationDeps {
  db: Db;
  temporal: Client;
  captcha: CaptchaService;
  linkTtlMs: number;
  workflowIds: AccountWorkflowIds;
  /** Abuse limits; without them (internal callers such as the bench) nothing is limited. */
  limits?: AbuseLimits;
  /** Where a resend that failed in the background is reported (without the e-mail). */
  onBackgroundError?: (what: string, error: unknown) => void;
  taskQueue?: string;
}

/** What POST /api/registrations answers, the same for a new, a pending and a registered e-mail. */
export interface RegistrationAnswer {
  status: 'PENDING_VERIFICATION';
  /** When a link mailed now would expire (a link mailed earlier expires sooner). */
  expiresAt: string;
}

export const invalidToken = () =>
  new ApiError(
    400,
    'INVALID_TOKEN',
    'This link is not valid: it was already used, replaced by a newer one, or never existed',
  );
export const linkExpired = () =>
  new ApiError(410, 'LINK_EXPIRED', 'This link has expired; ask for a new one or register again');

/** The ApplicationFailure type inside an update failure, if any. */
export function updateFailureType(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
    return error.cause.type ?? undefined;
  return undefined;
}

export function createRegistrationUseCases(deps: RegistrationDeps) {
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;

  /** Whether this submission of a link is the one that set the account's password (its audit event says so). */
  async function setByThisSubmission(submissionId: string): Promise<boolean> {
    const won = await deps.db.auditEvent.count({
      where: { action: 'ACCOUNT_ACTIVATED', details: { path: ['submissionId'], equals: submissionId } },
    });
    return won > 0;
  }

  /**
   * The id of the e-mail's registration: the keyed one, or the bare-SHA-256 id of a registration an older version
   * started and that is still pending (such links live at most REGISTRATION_LINK_TTL after the upgrade).
   */
  async function registrationIdFor(email: string): Promise<string> {
    const legacy = deps.workflowIds.legacyRegistration(email);
    const running = await deps.db.registration.findFirst({
      where: { workflowId: legacy, status: 'PENDING_VERIFICATION', account: { email } },
      select: { id: true },
    });
    return running ? legacy : deps.workflowIds.registration(email);
  }

  /** A new link for the e-mail's pending registration, if there is one (nothing otherwise). */
  async function resendFor(email: string): Promise<void> {
    const registration = await deps.db.registration.findFirst({
      where: { status: 'PENDING_VERIFICATION', account: { email } },
      orderBy: { createdAt: 'desc' },
    });
    if (!registration) return;
    try {
      await deps.temporal.workflow.getHandle(registration.workflowId).executeUpdate(resendLinkUpdate);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || updateFailureType(error) === 'REGISTRATION_CLOSED') return;
      throw error;
    }
  }

  /** The link's token while it can still set a password; INVALID_TOKEN or LINK_EXPIRED otherwise. Reads only. */
  async function usableToken(rawToken: string) {
    const token = await deps.db.verificationToken.findUnique({
      where: { tokenHash: sha256Hex(rawToken) },
      include: { registration: { include: { account: true } } },
    });
    if (!token || token.consumedAt || token.registration.status === 'ACTIVE') throw invalidToken();
    if (token.expiresAt.getTime() <= Date.now() || token.registration.status === 'EXPIRED') throw linkExpired();
    if (token.supersededAt) throw invalidToken();
    return token;
  }

  return {
    /** Whether a set-password link still works, without using it (the portal shows the form or the reason why not). */
    async checkLink(rawToken: unknown): Promise<void> {
      const { token } = parseInput(passwordSetupSchema.pick({ token: true }), { token: rawToken });
      await usableToken(token);
    },

    /**
     * POST /api/registrations → 202 {status, expiresAt}: the same answer, after the same work, for a new, a pending
     * and a registered e-mail (the workflow decides, by signal-with-start, so concurrent registrations never race).
     */
    async register(body: unknown, clientAddress?: string): Promise<RegistrationAnswer> {
      const input = parseInput(registrationSchema, body);
      if (isGenericMailbox(input.email)) {
        throw new ApiError(400, 'GENERIC_EMAIL', 'Use your own professional e-mail address, not a shared mailbox', {
          email: 'GENERIC_EMAIL',
        });
      }
      const email = normaliseEmail(input.email);
      await enforceLimits([
        [deps.limits?.registrationPerIp, clientAddress],
        [deps.limits?.registrationPerEmail, emailKey(email)],
      ]);
      await deps.captcha.verify(input.captchaId, input.captchaAnswer);
      const application = await deps.db.registrationApplication.create({
        data: { firstName: input.firstName, lastName: input.lastName, email, emailLanguage: input.emailLanguage },
      });
      await deps.temporal.workflow.signalWithStart(AccountWorkflowType.registration, {
        workflowId: await registrationIdFor(email),
        taskQueue,
        args: [{ applicationId: application.id, linkTtlMs: deps.linkTtlMs }],
        signal: registrationApplicationSignal,
        signalArgs: [{ applicationId: application.id }],
      });
      return { status: 'PENDING_VERIFICATION', expiresAt: new Date(Date.now() + deps.linkTtlMs).toISOString() };
    },

    /**
     * POST /api/registrations/resend {email} → 202 {status: ACCEPTED}, at once and alike for a pending, a registered
     * and an unknown e-mail: the new link (pending registrations only) is asked for after the answer.
     */
    async resend(body: unknown, clientAddress?: string): Promise<{ status: 'ACCEPTED' }> {
      const email = normaliseEmail(parseInput(resendSchema, body).email);
      await enforceLimits([
        [deps.limits?.resendPerIp, clientAddress],
        [deps.limits?.resendPerEmail, emailKey(email)],
      ]);
      setImmediate(() => {
        resendFor(email).catch((error) => deps.onBackgroundError?.('registration resend', error));
      });
      return { status: 'ACCEPTED' };
    },

    /** POST /api/password-setup: checks the link and the policy, then lets the workflow consume the link once. */
    async setPassword(body: unknown): Promise<{ accountId: string; status: 'ACTIVE' }> {
      const input = parseInput(passwordSetupSchema, body);
      const token = await usableToken(input.token);
      const { account } = token.registration;
      const verdict = checkPassword(input.password, [
        account.firstName,
        account.lastName,
        account.email.split('@')[0] ?? '',
      ]);
      if (!verdict.ok) {
        throw new ApiError(422, 'WEAK_PASSWORD', fieldText(weakPasswordError(verdict)), {
          password: weakPasswordError(verdict),
        });
      }
      const submission = await deps.db.passwordSubmission.create({
        data: { tokenId: token.id, passwordHash: await hashPassword(input.password) },
      });
      try {
        return await deps.temporal.workflow
          .getHandle(token.registration.workflowId)
          .executeUpdate(confirmPasswordUpdate, { args: [{ tokenId: token.id, submissionId: submission.id }] });
      } catch (error) {
        // This submission may have set the password in an Update that a lost workflow task then aborted (the call
        // fails as unavailable, or its retry finds the link used): the audit trail says which submission won.
        if (await setByThisSubmission(submission.id)) return { accountId: account.id, status: 'ACTIVE' as const };
        const type = updateFailureType(error);
        if (type === 'LINK_EXPIRED') throw linkExpired();
        if (type === 'INVALID_TOKEN') throw invalidToken();
        if (error instanceof WorkflowNotFoundError) {
          const now = await deps.db.registration.findUnique({ where: { id: token.registrationId } });
          throw now?.status === 'EXPIRED' ? linkExpired() : invalidToken();
        }
        throw error;
      } finally {
        await deps.db.passwordSubmission.deleteMany({ where: { id: submission.id } });
      }
    },
  };
}

export type RegistrationUseCases = ReturnType<typeof createRegistrationUseCases>;
