// Approvers' use-cases, shared by the HTTP API and the back-office: claims resolved from the database, decisions and
// role actions sent to the request's workflow as Updates (the workflow's validator has the last word).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { approverGroupFor, checkEntitlement } from '../../domain/approver-routing';
import {
  decideUpdate, RequestFailure, roleActionUpdate, withdrawUpdate, type ApproverClaims, type RoleAction,
} from '../../domain/contracts';
import type { Environment, RequestStatus } from '../../domain/enums';
import type { Db } from '../../lib/db';
import { ApiError, notFound, parseInput } from '../errors';

const reasonField = z.string().trim().max(2000, 'At most 2000 characters').optional();
/** The body of POST /api/approvals/{requestId}/decision. */
export const decisionBodySchema = z.object({
  decision: z.enum(['APPROVE', 'REJECT'], { errorMap: () => ({ message: 'APPROVE or REJECT' }) }),
  reason: reasonField,
}).strict();
/** The body of POST /api/approvals/{requestId}/role-action. */
export const roleActionBodySchema = z.object({
  action: z.enum(['SUSPEND', 'REACTIVATE', 'DELETE'], { errorMap: () => ({ message: 'SUSPEND, REACTIVATE or DELETE' }) }),
  reason: reasonField,
}).strict();
const target = { requestId: z.string().uuid('Not a request id'), actorAccountId: z.string().uuid() };
const decisionSchema = decisionBodySchema.extend(target);
const roleActionSchema = roleActionBodySchema.extend(target);

type RequestRow = NonNullable<Awaited<ReturnType<Db['authorisationRequest']['findUnique']>>>;

const FAILURES: Record<string, (message: string) => ApiError> = {
  [RequestFailure.notEntitled]: (m) => new ApiError(403, 'NOT_ENTITLED', m),
  [RequestFailure.alreadyDecided]: (m) => new ApiError(409, 'ALREADY_DECIDED', m),
  [RequestFailure.operatorNotActive]: (m) => new ApiError(409, 'OPERATOR_NOT_ACTIVE', m),
  [RequestFailure.reasonRequired]: (m) => new ApiError(400, 'VALIDATION_FAILED', m, { reason: 'Required to reject a request' }),
  [RequestFailure.invalidAction]: (m) => new ApiError(409, 'INVALID_TRANSITION', m),
};

/** The ApiError for a refused Update, or undefined for any other failure. */
function refusal(error: unknown): ApiError | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const make = FAILURES[error.cause.type ?? ''];
    return make?.(error.cause.message);
  }
  return undefined;
}

export function createApprovalUseCases(deps: { db: Db; temporal: Client }) {
  const { db, temporal } = deps;

  /** What the person may decide in an environment, from their VALID posts. */
  async function claimsOf(accountId: string, environment: Environment): Promise<ApproverClaims> {
    const roles = await db.role.findMany({
      where: { accountId, environment, status: 'VALID', account: { status: 'ACTIVE' } },
      include: { organisation: { select: { id: true, kind: true, countryCode: true, authorityRoleCode: true, isCommission: true } } },
    });
    const national = roles
      .filter((r) => r.organisation.kind === 'AUTHORITY' && r.organisation.authorityRoleCode === 'CCA' && !r.organisation.isCommission)
      .map((r) => r.organisation.countryCode);
    return {
      accountId,
      administratorOf: [...new Set(roles.filter((r) => r.isAdministrator).map((r) => r.organisationId))],
      nationalAuthorityOf: [...new Set(national)],
      commission: roles.some((r) => r.organisation.isCommission),
    };
  }

  async function requestRow(requestId: string): Promise<RequestRow> {
    const row = await db.authorisationRequest.findUnique({ where: { id: requestId } });
    if (!row) throw notFound('authorisation request');
    return row;
  }

  /** Whether the claims could decide the request, checked against the database when its workflow is gone. */
  async function entitledOffline(row: RequestRow, claims: ApproverClaims): Promise<boolean> {
    const organisation = await db.organisation.findUniqueOrThrow({ where: { id: row.organisationId } });
    const group = approverGroupFor({ type: row.type, applicantAccountId: row.accountId, organisation });
    return checkEntitlement(claims, group, row.accountId).ok || claims.accountId === row.accountId;
  }

  /**
   * Runs an Update on the run that owns the request. A refusal becomes its ApiError; a run that has ended (or a
   * seeded role without a workflow) answers 403 to strangers and `closed` to the others.
   */
  async function send<R>(row: RequestRow, claims: ApproverClaims, closed: (status: RequestStatus) => ApiError, run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<R>): Promise<R> {
    for (let tries = 1; ; tries++) {
      try {
        return await run(temporal.workflow.getHandle(row.workflowId, row.runId ?? undefined));
      } catch (error) {
        const refused = refusal(error);
        if (refused) throw refused;
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        const now = await db.authorisationRequest.findUniqueOrThrow({ where: { id: row.id } });
        // An operator-creation request is recorded by its parent a moment before its own workflow starts.
        if (!now.runId && now.status === 'REQUESTED' && tries < 25) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        if (!(await entitledOffline(row, claims))) throw FAILURES[RequestFailure.notEntitled]!('You may not act on this request');
        throw closed(now.status);
      }
    }
  }

  return {
    claimsOf,

    /** Approve or reject a request (attach or operator creation) → {status}; 403 NOT_ENTITLED, 409 ALREADY_DECIDED … */
    async decide(params: { requestId: string; actorAccountId: string; decision: 'APPROVE' | 'REJECT'; reason?: string }):
      Promise<{ status: RequestStatus }> {
      const input = parseInput(decisionSchema, params);
      const reason = input.reason || undefined;
      if (input.decision === 'REJECT' && !reason) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'A rejection needs a reason', { reason: 'Required to reject a request' });
      }
      const row = await requestRow(input.requestId);
      const approver = await claimsOf(input.actorAccountId, row.environment);
      const attempt = () => send(row, approver, (status) => new ApiError(409, 'ALREADY_DECIDED', `The request is already ${status}`),
        (handle) => handle.executeUpdate(decideUpdate, { args: [{ decision: input.decision, reason, approver }] }));
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          // The operator was just approved and the attach request's workflow has yet to hear it from its child.
          const operatorJustActive = error instanceof ApiError && error.code === 'OPERATOR_NOT_ACTIVE' && tries < 25 &&
            (await db.organisation.findUnique({ where: { id: row.organisationId } }))?.status === 'ACTIVE';
          if (!operatorJustActive) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },

    /** Suspend, reactivate or delete a role → {status}; by an entitled approver, or delete by the person themselves. */
    async changeRole(params: { requestId: string; actorAccountId: string; action: RoleAction; reason?: string }):
      Promise<{ status: RequestStatus }> {
      const input = parseInput(roleActionSchema, params);
      const row = await requestRow(input.requestId);
      const actor = await claimsOf(input.actorAccountId, row.environment);
      return send(row, actor, (status) => new ApiError(409, 'INVALID_TRANSITION', `The role is ${status}`),
        (handle) => handle.executeUpdate(roleActionUpdate, { args: [{ action: input.action, reason: input.reason || undefined, actor }] }));
    },

    /** The applicant takes back an open request → {status: WITHDRAWN}. */
    async withdraw(params: { requestId: string; accountId: string }): Promise<{ status: RequestStatus }> {
      const row = await requestRow(params.requestId);
      const self: ApproverClaims = { accountId: params.accountId, administratorOf: [], nationalAuthorityOf: [], commission: false };
      return send(row, self, (status) => new ApiError(409, 'ALREADY_DECIDED', `The request is already ${status}`),
        (handle) => handle.executeUpdate(withdrawUpdate, { args: [{ accountId: params.accountId }] }));
    },
  };
}

export type ApprovalUseCases = ReturnType<typeof createApprovalUseCases>;
