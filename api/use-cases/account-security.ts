// A logged-in person changes their password (the current one required; their other sessions end) or their e-mail
// address (a link to the new address, valid EMAIL_CHANGE_TTL; the old address is told).
import { FieldCode } from '../../domain/contracts';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { AccountWorkflowType, emailChangeWorkflowId, TASK_QUEUE } from '../../domain/contracts';
import { isGenericMailbox, normaliseEmail } from '../../domain/email-rules';
import { PASSWORD_MAX_LENGTH } from '../../domain/password-policy';
import { endSessions } from '../../activities/account-mail';
import type { Db } from '../../lib/db';
import { hashPassword, sha256Hex } from '../../lib/secrets';
import { ApiError, notFound, parseInput } from '../errors';
import { assertPasswordPolicy } from './password-reset';
import { emailField, invalidToken, linkExpired } from './registration';
import type { AuthContext, SessionUseCases } from './sessions';

const passwordField = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);
export const passwordChangeSchema = z
  .object({
    currentPassword: passwordField,
    password: passwordField,
    confirmPassword: passwordField,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.password !== value.confirmPassword) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmPassword'], message: FieldCode.passwordsDiffer });
    }
  });
export const emailChangeSchema = z.object({ newEmail: emailField, password: passwordField }).strict();
export const emailConfirmSchema = z.object({ token: z.string().min(1).max(200) }).strict();

export interface AccountSecurityDeps {
  db: Db;
  temporal: Client;
  sessions: SessionUseCases;
  emailChangeTtlMs: number;
  taskQueue?: string;
}

const wrongPassword = () =>
  new ApiError(401, 'INVALID_CREDENTIALS', 'The current password is wrong', { currentPassword: 'WRONG_PASSWORD' });

export function createAccountSecurityUseCases(deps: AccountSecurityDeps) {
  const { db } = deps;

  /** The person's account after checking their password under the login limits (a wrong one counts as a failure). */
  async function confirmedAccount(auth: AuthContext, password: string, clientAddress?: string) {
    const account = await db.account.findUnique({ where: { id: auth.accountId } });
    if (!account) throw notFound('account');
    try {
      await deps.sessions.verifyLogin(account.email, password, clientAddress);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') throw wrongPassword();
      throw error;
    }
    return account;
  }

  /** The change of e-mail a link names while it can still be used; INVALID_TOKEN or LINK_EXPIRED otherwise. */
  async function usableChange(rawToken: string) {
    const change = await db.emailChange.findUnique({
      where: { tokenHash: sha256Hex(rawToken) },
      include: { account: true },
    });
    if (!change || change.confirmedAt || change.supersededAt || change.account.status !== 'ACTIVE')
      throw invalidToken();
    if (change.expiresAt.getTime() <= Date.now()) throw linkExpired();
    return change;
  }

  return {
    /** POST /api/me/password {currentPassword, password, confirmPassword} → 200; every other session ends. */
    async changePassword(
      auth: AuthContext,
      body: unknown,
      clientAddress?: string,
    ): Promise<{ status: 'PASSWORD_CHANGED' }> {
      const input = parseInput(passwordChangeSchema, body);
      const account = await confirmedAccount(auth, input.currentPassword, clientAddress);
      assertPasswordPolicy(input.password, account);
      const passwordHash = await hashPassword(input.password);
      await db.$transaction(async (tx) => {
        await tx.account.update({ where: { id: account.id }, data: { passwordHash } });
        await endSessions(tx, account.id, auth.sessionId);
        await tx.auditEvent.create({
          data: {
            actor: 'applicant',
            actorAccountId: account.id,
            action: 'PASSWORD_CHANGED',
            entityType: 'Account',
            entityId: account.id,
          },
        });
      });
      return { status: 'PASSWORD_CHANGED' };
    },

    /**
     * POST /api/me/email {newEmail, password} → 202 {status: ACCEPTED, expiresAt}, the same answer whether the new
     * address is free or not: a free one gets the link, a taken one's owner is told nothing changed (the person
     * asking learns nothing about it); the old address is told. A newer request replaces an older one.
     */
    async requestEmailChange(auth: AuthContext, body: unknown, clientAddress?: string) {
      const input = parseInput(emailChangeSchema, body);
      const newEmail = normaliseEmail(input.newEmail);
      if (isGenericMailbox(newEmail)) {
        throw new ApiError(400, 'GENERIC_EMAIL', 'Use your own professional e-mail address, not a shared mailbox', {
          newEmail: 'GENERIC_EMAIL',
        });
      }
      const account = await confirmedAccount(auth, input.password, clientAddress);
      if (newEmail === account.email) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid', { newEmail: 'SAME_EMAIL' });
      }
      const expiresAt = new Date(Date.now() + deps.emailChangeTtlMs);
      const change = await db.$transaction(async (tx) => {
        await tx.emailChange.updateMany({
          where: { accountId: account.id, confirmedAt: null, supersededAt: null },
          data: { supersededAt: new Date() },
        });
        return tx.emailChange.create({ data: { accountId: account.id, newEmail, expiresAt } });
      });
      await deps.temporal.workflow.start(AccountWorkflowType.emailChange, {
        workflowId: emailChangeWorkflowId(change.id),
        taskQueue: deps.taskQueue ?? TASK_QUEUE,
        args: [{ changeId: change.id, linkTtlMs: deps.emailChangeTtlMs }],
      });
      return { status: 'ACCEPTED' as const, expiresAt: expiresAt.toISOString() };
    },

    /** Whether a change-of-e-mail link still works, without using it. */
    async checkEmailLink(rawToken: unknown): Promise<{ newEmail: string }> {
      const { token } = parseInput(emailConfirmSchema, { token: rawToken });
      return { newEmail: (await usableChange(token)).newEmail };
    },

    /**
     * POST /api/me/email/confirm {token} → 200 {email}: the link (from the new mailbox) moves the account to the new
     * address in one transaction; 409 EMAIL_UNAVAILABLE when an account took the address meanwhile.
     */
    async confirmEmailChange(body: unknown): Promise<{ email: string }> {
      const { token } = parseInput(emailConfirmSchema, body);
      const change = await usableChange(token);
      const unavailable = () =>
        new ApiError(409, 'EMAIL_UNAVAILABLE', 'This e-mail address cannot be used for your account');
      if (await db.account.findUnique({ where: { email: change.newEmail }, select: { id: true } })) throw unavailable();
      try {
        await db.$transaction(async (tx) => {
          const used = await tx.emailChange.updateMany({
            where: { id: change.id, confirmedAt: null, supersededAt: null, expiresAt: { gt: new Date() } },
            data: { confirmedAt: new Date() },
          });
          if (used.count !== 1) throw invalidToken();
          await tx.account.update({ where: { id: change.accountId }, data: { email: change.newEmail } });
          await tx.auditEvent.create({
            data: {
              actor: 'applicant',
              actorAccountId: change.accountId,
              action: 'EMAIL_CHANGED',
              entityType: 'Account',
              entityId: change.accountId,
            },
          });
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') throw unavailable();
        throw error;
      }
      return { email: change.newEmail };
    },
  };
}

export type AccountSecurityUseCases = ReturnType<typeof createAccountSecurityUseCases>;
