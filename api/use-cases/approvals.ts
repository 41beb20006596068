// Approvers' use-cases, shared by the HTTP API and the back-office: claims resolved from the database, decisions and
// role actions sent to the request's workflow as Updates (the workflow's validator has the last word).
import crypto from 'node:crypto';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  decideUpdate,
  newOperatorUpdate,
  Refusal,
  roleActionUpdate,
  withdrawUpdate,
  type RefusalCode,
  type RoleAction,
} from '../../domain/contracts';
import {
  approverGroupFor,
  capacityOf,
  claimsFromPosts,
  postsOfWhere,
  type ApproverClaims,
  type Post,
} from '../../domain/entitlement';
import type { Environment, RequestStatus } from '../../domain/enums';
import type { Db } from '../../lib/db';
import { ApiError, notFound, parseInput } from '../errors';

const reasonField = z.string().trim().max(2000).optional();
/** The body of POST /api/approvals/{requestId}/decision. */
export const decisionBodySchema = z
  .object({
    decision: z.enum(['APPROVE', 'REJECT']),
    reason: reasonField,
  })
  .strict();
/** The body of POST /api/approvals/{requestId}/role-action. */
export const roleActionBodySchema = z
  .object({
    action: z.enum(['SUSPEND', 'REACTIVATE', 'DELETE']),
    reason: reasonField,
  })
  .strict();
const target = { requestId: z.string().uuid(), actorAccountId: z.string().uuid() };
const decisionSchema = decisionBodySchema.extend(target);
const roleActionSchema = roleActionBodySchema.extend(target);

export type RequestRow = NonNullable<Awaited<ReturnType<Db['authorisationRequest']['findUnique']>>>;

/** The HTTP status of each refusal a request's workflow answers. */
const STATUS_OF: Partial<Record<RefusalCode, number>> = {
  [Refusal.notEntitled]: 403,
  [Refusal.alreadyDecided]: 409,
  [Refusal.operatorNotActive]: 409,
  [Refusal.reasonRequired]: 400,
  [Refusal.invalidTransition]: 409,
  [Refusal.roleKindConflict]: 409,
  [Refusal.alreadyRequested]: 409,
  [Refusal.notRecorded]: 409,
  [Refusal.validationFailed]: 400,
  [Refusal.assigneeNotEntitled]: 409,
  [Refusal.questionWaiting]: 409,
  [Refusal.noOpenQuestion]: 409,
  [Refusal.lastAdministrator]: 409,
};

/** A refusal as the HTTP error: a missing reason is a field error of `reason`. */
export function refusalError(code: RefusalCode, message: string): ApiError {
  if (code === Refusal.reasonRequired) {
    return new ApiError(400, Refusal.validationFailed, message, { reason: { code: 'REASON_REQUIRED' } });
  }
  return new ApiError(STATUS_OF[code] ?? 409, code, message);
}

/** The ApiError for a refused Update, or undefined for any other failure. */
export function refusal(error: unknown): ApiError | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type as RefusalCode;
    return STATUS_OF[code] ? refusalError(code, error.cause.message) : undefined;
  }
  return undefined;
}

/** Attempts of one Update whose call the server aborted (below), with the pause before each further one. */
const ABORTED_UPDATE_ATTEMPTS = 5;
const ABORTED_UPDATE_PAUSE_MS = 250;

/**
 * Whether the server gave up on an Update it had not yet run to the end: the run continued as new, a worker restarted
 * or a history node moved before the Update was accepted ("workflow update was aborted", "workflow is closing"), or
 * the call's deadline passed meanwhile. Such an Update changed nothing, or ran under the same update id (which the
 * server answers again): sending it again is safe.
 */
export function updateAborted(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const cause = error instanceof ServiceError ? error.cause : error;
  if (!isGrpcServiceError(cause)) return false;
  // Not every UNAVAILABLE: a server that is down was already retried by the connection, and answers 503.
  return /update was aborted|aborted by the server|workflow is closing/i.test(cause.details ?? cause.message);
}

/** The handle an Update is sent on and its update id, the same for every attempt of one call. */
export type UpdateRun<R> = (
  handle: ReturnType<Client['workflow']['getHandle']>,
  options: { updateId: string },
) => Promise<R>;

export function createApprovalUseCases(deps: { db: Db; temporal: Client }) {
  const { db, temporal } = deps;

  /** What the person may decide in an environment, from their VALID posts. */
  async function claimsOf(accountId: string, environment: Environment): Promise<ApproverClaims> {
    const posts = await db.role.findMany({
      where: postsOfWhere(accountId, environment),
      select: {
        environment: true,
        isAdministrator: true,
        organisation: {
          select: { id: true, kind: true, countryCode: true, authorityRoleCode: true, isCommission: true },
        },
      },
    });
    return claimsFromPosts(accountId, environment, posts as Post[]);
  }

  async function requestRow(requestId: string): Promise<RequestRow> {
    const row = await db.authorisationRequest.findUnique({ where: { id: requestId } });
    if (!row) throw notFound('authorisation request');
    return row;
  }

  /** Whether the person may act on the request at all (applicant or approver), when its workflow is gone. */
  async function entitledOffline(row: RequestRow, claims: ApproverClaims): Promise<boolean> {
    const organisation = await db.organisation.findUniqueOrThrow({ where: { id: row.organisationId } });
    const group = approverGroupFor({ type: row.type, applicantAccountId: row.accountId, organisation });
    return capacityOf(claims, group, row.accountId) !== 'stranger';
  }

  /**
   * The request's workflow: the latest run of the chain its first run began (a role's run continues as new past its
   * history bound), never a later request's workflow under the same id.
   */
  function chainOf(row: Pick<RequestRow, 'workflowId' | 'runId'>) {
    return temporal.workflow.getHandle(row.workflowId, undefined, { firstExecutionRunId: row.runId ?? undefined });
  }

  /** An operator-creation request is recorded by its parent a moment before its own workflow starts: await that. */
  async function creationStarted(row: RequestRow): Promise<boolean> {
    if (row.type !== 'OPERATOR_CREATION' || row.runId) return false;
    const parent = await db.authorisationRequest.findFirst({ where: { parentRequestId: row.id } });
    if (!parent) return false;
    await chainOf(parent)
      .executeUpdate(newOperatorUpdate, { args: [{ until: 'started' }] })
      .catch(() => undefined);
    return true;
  }

  /** Sends the Update again (same update id) while the server aborts it, at most ABORTED_UPDATE_ATTEMPTS times. */
  async function untilNotAborted<R>(row: RequestRow, run: UpdateRun<R>): Promise<R> {
    const options = { updateId: crypto.randomUUID() };
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(chainOf(row), options);
      } catch (error) {
        if (attempt >= ABORTED_UPDATE_ATTEMPTS || !updateAborted(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, ABORTED_UPDATE_PAUSE_MS * attempt));
      }
    }
  }

  /**
   * Runs an Update on the run that owns the request (again if the server aborted it: untilNotAborted). A refusal
   * becomes its ApiError; a run that has ended (or a seeded role without a workflow) answers 403 to strangers and
   * `closed` to the others.
   */
  async function send<R>(
    row: RequestRow,
    claims: ApproverClaims,
    closed: (status: RequestStatus) => ApiError,
    run: UpdateRun<R>,
    waited = false,
  ): Promise<R> {
    try {
      return await untilNotAborted(row, run);
    } catch (error) {
      const refused = refusal(error);
      if (refused) throw refused;
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      if (!waited && (await creationStarted(row))) return send(row, claims, closed, run, true);
      const now = await db.authorisationRequest.findUniqueOrThrow({ where: { id: row.id } });
      if (!(await entitledOffline(now, claims)))
        throw refusalError(Refusal.notEntitled, 'You may not act on this request');
      throw closed(now.status);
    }
  }

  /** The attach request has not yet heard that its new operator was approved: await it, once. */
  async function heardOperator(row: RequestRow, error: unknown): Promise<boolean> {
    const waiting =
      error instanceof ApiError &&
      error.code === Refusal.operatorNotActive &&
      row.parentRequestId &&
      (await db.organisation.findUnique({ where: { id: row.organisationId } }))?.status === 'ACTIVE';
    if (!waiting) return false;
    await chainOf(row).executeUpdate(newOperatorUpdate, { args: [{ until: 'decided' }] });
    return true;
  }

  return {
    claimsOf,
    /** The request row, or 404 (for the work queue's use-cases, api/use-cases/work-queue.ts). */
    requestRow,
    /** Runs an Update on the request's workflow with this module's refusals (api/use-cases/work-queue.ts). */
    send,

    /** Approve or reject a request (attach or operator creation) → {status}; 403 NOT_ENTITLED, 409 ALREADY_DECIDED … */
    async decide(params: {
      requestId: string;
      actorAccountId: string;
      decision: 'APPROVE' | 'REJECT';
      reason?: string;
    }): Promise<{ status: RequestStatus }> {
      const input = parseInput(decisionSchema, params);
      const reason = input.reason || undefined;
      const row = await requestRow(input.requestId);
      const approver = await claimsOf(input.actorAccountId, row.environment);
      const attempt = () =>
        send(
          row,
          approver,
          (status) => refusalError(Refusal.alreadyDecided, `The request is already ${status}`),
          (handle, options) =>
            handle.executeUpdate(decideUpdate, { ...options, args: [{ decision: input.decision, reason, approver }] }),
        );
      try {
        return await attempt();
      } catch (error) {
        // The operator was just approved and the attach request's workflow has yet to hear it from its child.
        if (await heardOperator(row, error)) return attempt();
        throw error;
      }
    },

    /** Suspend, reactivate or delete a role → {status}; by an entitled approver, or delete by the person themselves. */
    async changeRole(params: {
      requestId: string;
      actorAccountId: string;
      action: RoleAction;
      reason?: string;
    }): Promise<{ status: RequestStatus }> {
      const input = parseInput(roleActionSchema, params);
      const row = await requestRow(input.requestId);
      const actor = await claimsOf(input.actorAccountId, row.environment);
      return send(
        row,
        actor,
        (status) => refusalError(Refusal.invalidTransition, `The role is ${status}`),
        (handle, options) =>
          handle.executeUpdate(roleActionUpdate, {
            ...options,
            args: [{ action: input.action, reason: input.reason || undefined, actor }],
          }),
      );
    },

    /** The applicant takes back an open request → {status: WITHDRAWN}. */
    async withdraw(params: { requestId: string; accountId: string }): Promise<{ status: RequestStatus }> {
      const row = await requestRow(params.requestId);
      const self: ApproverClaims = {
        accountId: params.accountId,
        administratorOf: [],
        nationalAuthorityOf: [],
        commission: false,
      };
      return send(
        row,
        self,
        (status) => refusalError(Refusal.alreadyDecided, `The request is already ${status}`),
        (handle, options) =>
          handle.executeUpdate(withdrawUpdate, { ...options, args: [{ accountId: params.accountId }] }),
      );
    },
  };
}

export type ApprovalUseCases = ReturnType<typeof createApprovalUseCases>;
