// Account registration use-cases: validation here, state changes through registrationWorkflow.
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  confirmPasswordUpdate, registrationViewUpdate, registrationWorkflowId, resendLinkUpdate, TASK_QUEUE, WorkflowType,
  type RegistrationView,
} from '../../domain/contracts';
import { isGenericMailbox, isWellFormedEmail, normaliseEmail } from '../../domain/email-rules';
import { EU_LANGUAGES } from '../../domain/enums';
import { checkPassword, PASSWORD_MAX_LENGTH } from '../../domain/password-policy';
import type { Db } from '../../lib/db';
import { hashPassword, sha256Hex } from '../../lib/secrets';
import type { registrationWorkflow } from '../../workflows/registration.workflow';
import { ApiError, parseInput } from '../errors';
import type { CaptchaService } from './captcha';

const NO_CONTROL_CHARS = /^[^\p{Cc}\p{Cf}]*$/u;
const personName = z.string().trim().min(1, 'Required').max(100, 'At most 100 characters')
  .regex(NO_CONTROL_CHARS, 'Contains control characters');
const emailField = z.string().trim().min(1, 'Required').max(254, 'At most 254 characters')
  .refine(isWellFormedEmail, 'Not a valid e-mail address');

export const registrationSchema = z
  .object({
    firstName: personName,
    lastName: personName,
    email: emailField,
    confirmEmail: emailField,
    emailLanguage: z.enum(EU_LANGUAGES, { errorMap: () => ({ message: 'One of the 24 official EU languages (ISO 639-1)' }) }),
    captchaId: z.string().uuid('Not a captcha id').optional(),
    captchaAnswer: z.string().max(20, 'At most 20 characters').optional(),
    privacyStatementAccepted: z.literal(true, { errorMap: () => ({ message: 'The privacy statement must be accepted' }) }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (normaliseEmail(value.email) !== normaliseEmail(value.confirmEmail)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmEmail'], message: 'The e-mail addresses differ' });
    }
  });

export const passwordSetupSchema = z.object({
  token: z.string().min(1, 'Required').max(200, 'Not a valid link'),
  password: z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH * 4, 'Too long'),
}).strict();

export interface RegistrationDeps {
  db: Db;
  temporal: Client;
  captcha: CaptchaService;
  linkTtlMs: number;
  taskQueue?: string;
}

const invalidToken = () => new ApiError(400, 'INVALID_TOKEN', 'This link is not valid: it was already used, replaced by a newer one, or never existed');
const linkExpired = () => new ApiError(410, 'LINK_EXPIRED', 'This link has expired; ask for a new one or register again');

/** The ApplicationFailure type inside an update failure, if any. */
function updateFailureType(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) return error.cause.type ?? undefined;
  return undefined;
}

export function createRegistrationUseCases(deps: RegistrationDeps) {
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;

  async function startOrJoin(applicationId: string, workflowId: string): Promise<RegistrationView> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof registrationWorkflow>(WorkflowType.registration, {
      workflowId,
      taskQueue,
      args: [{ applicationId, linkTtlMs: deps.linkTtlMs }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return deps.temporal.workflow.executeUpdateWithStart(registrationViewUpdate, {
      args: [{ applicationId }],
      startWorkflowOperation,
    });
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

    /** POST /api/registrations → 202 {registrationId, status, expiresAt}; the same answer for an existing account. */
    async register(body: unknown): Promise<RegistrationView> {
      const input = parseInput(registrationSchema, body);
      if (isGenericMailbox(input.email)) {
        throw new ApiError(400, 'GENERIC_EMAIL', 'Use your own professional e-mail address, not a shared mailbox', {
          email: 'A generic mailbox (info@, contact@, bcp@ …) cannot own an account',
        });
      }
      await deps.captcha.verify(input.captchaId, input.captchaAnswer);
      const email = normaliseEmail(input.email);
      const application = await deps.db.registrationApplication.create({
        data: { firstName: input.firstName, lastName: input.lastName, email, emailLanguage: input.emailLanguage },
      });
      const workflowId = registrationWorkflowId(sha256Hex(email));
      let view = await startOrJoin(application.id, workflowId);
      if (view.status !== 'PENDING_VERIFICATION') {
        // The running registration just ended (activated or expired): wait for it to close, then start afresh.
        await deps.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
        const again = await deps.db.registrationApplication.create({
          data: { firstName: input.firstName, lastName: input.lastName, email, emailLanguage: input.emailLanguage },
        });
        await deps.db.registrationApplication.deleteMany({ where: { id: application.id } });
        view = await startOrJoin(again.id, workflowId);
      }
      return { ...view, status: 'PENDING_VERIFICATION' };
    },

    /** POST /api/registrations/{id}/resend → 202; unknown ids answer the same, so ids reveal nothing. */
    async resend(registrationId: string): Promise<RegistrationView> {
      const fake = (): RegistrationView => ({
        registrationId, status: 'PENDING_VERIFICATION', expiresAt: new Date(Date.now() + deps.linkTtlMs).toISOString(),
      });
      if (!z.string().uuid().safeParse(registrationId).success) throw new ApiError(404, 'NOT_FOUND', 'Unknown registration');
      const registration = await deps.db.registration.findUnique({ where: { id: registrationId } });
      if (!registration || registration.status === 'ACTIVE') return fake();
      if (registration.status === 'EXPIRED') throw linkExpired();
      try {
        return await deps.temporal.workflow.getHandle(registration.workflowId).executeUpdate(resendLinkUpdate);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError || updateFailureType(error) === 'REGISTRATION_CLOSED') {
          const now = await deps.db.registration.findUnique({ where: { id: registrationId } });
          if (now?.status === 'EXPIRED') throw linkExpired();
          return fake();
        }
        throw error;
      }
    },

    /** POST /api/password-setup: checks the link and the policy, then lets the workflow consume the link once. */
    async setPassword(body: unknown): Promise<{ accountId: string; status: 'ACTIVE' }> {
      const input = parseInput(passwordSetupSchema, body);
      const token = await usableToken(input.token);
      const { account } = token.registration;
      const verdict = checkPassword(input.password, [account.firstName, account.lastName, account.email.split('@')[0] ?? '']);
      if (!verdict.ok) {
        throw new ApiError(422, 'WEAK_PASSWORD', `The password needs ${verdict.problems.join(', ')}`, {
          password: verdict.problems.join(', '),
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
