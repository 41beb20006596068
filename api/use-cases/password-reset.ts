// Forgotten password: a request answers 202 whatever the address; passwordResetWorkflow mails the link; the new
// password is set through the workflow, which uses the link once.
import { FieldCode } from '../../domain/contracts';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import {
  AccountWorkflowType,
  confirmPasswordResetUpdate,
  passwordResetRequestedSignal,
  TASK_QUEUE,
} from '../../domain/contracts';
import { normaliseEmail } from '../../domain/email-rules';
import { checkPassword, PASSWORD_MAX_LENGTH, weakPasswordError } from '../../domain/password-policy';
import { emailKey, type AbuseLimits } from '../../lib/abuse-limits';
import type { Db } from '../../lib/db';
import { hashPassword, sha256Hex } from '../../lib/secrets';
import type { AccountWorkflowIds } from '../../lib/workflow-ids';
import { ApiError, parseInput, fieldText } from '../errors';
import { enforceLimits } from './limits';
import { emailField, invalidToken, linkExpired, updateFailureType } from './registration';

export const resetRequestSchema = z.object({ email: emailField }).strict();
const passwordField = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);
export const resetConfirmSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: passwordField,
    confirmPassword: passwordField,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmPassword'], message: FieldCode.passwordsDiffer });
    }
  });

export interface PasswordResetDeps {
  db: Db;
  temporal: Client;
  limits: AbuseLimits;
  workflowIds: AccountWorkflowIds;
  linkTtlMs: number;
  taskQueue?: string;
}

/** The refusal of a new password that breaks the policy (also used by the change of password). */
export function assertPasswordPolicy(
  password: string,
  account: { firstName: string; lastName: string; email: string },
) {
  const verdict = checkPassword(password, [account.firstName, account.lastName, account.email.split('@')[0] ?? '']);
  if (!verdict.ok) {
    throw new ApiError(422, 'WEAK_PASSWORD', fieldText(weakPasswordError(verdict)), {
      password: weakPasswordError(verdict),
    });
  }
}

export function createPasswordResetUseCases(deps: PasswordResetDeps) {
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;

  /** The reset link's token while it can still set a password; INVALID_TOKEN or LINK_EXPIRED otherwise. Reads only. */
  async function usableToken(rawToken: string) {
    const token = await deps.db.passwordResetToken.findUnique({
      where: { tokenHash: sha256Hex(rawToken) },
      include: { account: true },
    });
    if (!token || token.consumedAt || token.supersededAt || token.account.status !== 'ACTIVE') throw invalidToken();
    if (token.expiresAt.getTime() <= Date.now()) throw linkExpired();
    return token;
  }

  return {
    /**
     * POST /api/password-resets {email} → 202 {status: ACCEPTED} whatever the address: the request row and one
     * signal-with-start, the same work for every e-mail; the workflow finds out whether there is an account.
     */
    async request(body: unknown, clientAddress?: string): Promise<{ status: 'ACCEPTED' }> {
      const email = normaliseEmail(parseInput(resetRequestSchema, body).email);
      await enforceLimits([
        [deps.limits.resetPerIp, clientAddress],
        [deps.limits.resetPerEmail, emailKey(email)],
      ]);
      const request = await deps.db.passwordResetRequest.create({ data: { email } });
      await deps.temporal.workflow.signalWithStart(AccountWorkflowType.passwordReset, {
        workflowId: deps.workflowIds.passwordReset(email),
        taskQueue,
        args: [{ linkTtlMs: deps.linkTtlMs }],
        signal: passwordResetRequestedSignal,
        signalArgs: [{ requestId: request.id }],
      });
      return { status: 'ACCEPTED' };
    },

    /** Whether a reset link still works, without using it (the portal shows the form or why not). */
    async checkLink(rawToken: unknown): Promise<void> {
      const { token } = parseInput(z.object({ token: resetConfirmSchema.innerType().shape.token }), {
        token: rawToken,
      });
      await usableToken(token);
    },

    /**
     * POST /api/password-resets/confirm {token, password, confirmPassword} → 200: the policy, then the workflow uses
     * the link once; every session of the account ends and its failed logins are forgotten.
     */
    async confirm(body: unknown): Promise<{ status: 'PASSWORD_SET' }> {
      const input = parseInput(resetConfirmSchema, body);
      const token = await usableToken(input.token);
      assertPasswordPolicy(input.password, token.account);
      const submission = await deps.db.passwordResetSubmission.create({
        data: { tokenId: token.id, passwordHash: await hashPassword(input.password) },
      });
      try {
        await deps.temporal.workflow
          .getHandle(token.workflowId)
          .executeUpdate(confirmPasswordResetUpdate, { args: [{ tokenId: token.id, submissionId: submission.id }] });
      } catch (error) {
        const type = updateFailureType(error);
        if (type === 'LINK_EXPIRED') throw linkExpired();
        if (type === 'INVALID_TOKEN') throw invalidToken();
        if (error instanceof WorkflowNotFoundError)
          throw token.expiresAt.getTime() <= Date.now() ? linkExpired() : invalidToken();
        throw error;
      } finally {
        await deps.db.passwordResetSubmission.deleteMany({ where: { id: submission.id } });
      }
      await deps.limits.loginPerEmail.reset(emailKey(token.account.email));
      return { status: 'PASSWORD_SET' };
    },
  };
}

export type PasswordResetUseCases = ReturnType<typeof createPasswordResetUseCases>;
