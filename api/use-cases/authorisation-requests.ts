// Authorisation requests: validation and the role-kind rule here, one workflow per
// person × environment × organisation started (or joined) with update-with-start.
import { FieldCode } from '../../domain/contracts';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { z } from 'zod';
import {
  authorisationWorkflowId,
  Refusal,
  requestViewUpdate,
  TASK_QUEUE,
  WorkflowType,
  type AuthorisationRequestInput,
  type RequestView,
} from '../../domain/contracts';
import { approverGroupFor, checkEntitlement } from '../../domain/entitlement';
import { isWellFormedEmail } from '../../domain/email-rules';
import { ROLE_KINDS, type Environment, type RoleKind } from '../../domain/enums';
import { isLive, LIVE_STATUSES } from '../../domain/status-machine';
import type { Db } from '../../lib/db';
import type { authorisationRequestWorkflow } from '../../workflows/authorisation-request.workflow';
import { ApiError, notFound, parseInput, type FieldErrors } from '../errors';
import { refusal, type ApprovalUseCases } from './approvals';

const NO_CONTROL_CHARS = /^[^\p{Cc}\p{Cf}]*$/u;
const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The optional message, e-mail and phone of the "Confirm authorisation request" window */
export const contactFields = {
  message: z.preprocess(emptyToUndefined, z.string().trim().max(2000).optional()),
  contactEmail: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(254).refine(isWellFormedEmail, FieldCode.invalidEmail).optional(),
  ),
  contactPhone: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()./-]{3,28}[0-9]$/, FieldCode.invalidPhone)
      .optional(),
  ),
};

export const authorisationRequestSchema = z
  .object({
    kind: z.enum(ROLE_KINDS),
    organisationIds: z.array(z.string().uuid()).min(1, FieldCode.organisationRequired).max(50),
    ...contactFields,
  })
  .strict()
  .refine((v) => v.message === undefined || NO_CONTROL_CHARS.test(v.message.replace(/[\r\n\t]/g, ' ')), {
    path: ['message'],
    message: FieldCode.notAllowedCharacters,
  });

const KIND_NAMES: Record<RoleKind, string> = {
  OPERATOR: 'an operator',
  CONTROL_BODY: 'a control body',
  AUTHORITY: 'an authority',
};

export interface AuthorisationRequestDeps {
  db: Db;
  temporal: Client;
  approvals: ApprovalUseCases;
  reminderAfterMs: number;
  expiresAfterMs: number;
  /** Given to each new request's workflow: history events before its role's run continues as new. */
  historyBound?: number;
  taskQueue?: string;
}

export function createAuthorisationRequestUseCases(deps: AuthorisationRequestDeps) {
  const { db, temporal } = deps;
  const taskQueue = deps.taskQueue ?? TASK_QUEUE;

  /** 409 ROLE_KIND_CONFLICT when the person holds or asked for posts of another kind in the environment. */
  async function assertRoleKind(environment: Environment, accountId: string, kind: RoleKind): Promise<void> {
    const other = await db.authorisationRequest.findFirst({
      where: { environment, accountId, status: { in: [...LIVE_STATUSES] }, kind: { not: kind } },
      select: { kind: true },
    });
    if (other) {
      throw new ApiError(
        409,
        Refusal.roleKindConflict,
        `You hold or requested ${other.kind} posts in ${environment}; a person takes one kind of role per environment`,
        { kind: { code: 'OTHER_KIND_HELD', params: { kind: other.kind, environment } } },
      );
    }
  }

  /**
   * The request of the person for the organisation: the live one if any, otherwise a new workflow (or the one a
   * concurrent call just started: conflict policy USE_EXISTING). A request that just ended is replaced by a new one.
   */
  async function startRequest(
    input: Omit<AuthorisationRequestInput, 'type' | 'reminderAfterMs' | 'expiresAfterMs' | 'historyBound' | 'carried'>,
  ): Promise<RequestView> {
    const live = await db.authorisationRequest.findFirst({
      where: {
        environment: input.environment,
        accountId: input.accountId,
        organisationId: input.organisationId,
        type: 'ATTACH',
        status: { in: [...LIVE_STATUSES] },
      },
      orderBy: { createdAt: 'desc' },
    });
    if (live) {
      return {
        id: live.id,
        organisationId: live.organisationId,
        status: live.status,
        workflowId: live.workflowId,
        ...(live.parentRequestId ? { creationRequestId: live.parentRequestId } : {}),
      };
    }
    const workflowId = authorisationWorkflowId(input.environment, input.accountId, input.organisationId);
    const args: AuthorisationRequestInput = {
      ...input,
      type: 'ATTACH',
      reminderAfterMs: deps.reminderAfterMs,
      expiresAfterMs: deps.expiresAfterMs,
      ...(deps.historyBound ? { historyBound: deps.historyBound } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      // The recording activity has the last word on the one-kind rule and one live request (a refusal fails the Update).
      const view = await temporal.workflow
        .executeUpdateWithStart(requestViewUpdate, {
          startWorkflowOperation: new WithStartWorkflowOperation<typeof authorisationRequestWorkflow>(
            WorkflowType.authorisationRequest,
            {
              workflowId,
              taskQueue,
              args: [args],
              workflowIdConflictPolicy: 'USE_EXISTING',
            },
          ),
        })
        .catch((error: unknown) => {
          throw refusal(error) ?? error;
        });
      if (isLive(view.status) || attempt === 2) return view;
      // The previous request just ended and its workflow is closing: let it close, then start a new one.
      await temporal.workflow
        .getHandle(workflowId)
        .result()
        .catch(() => undefined);
    }
  }

  return {
    assertRoleKind,
    startRequest,

    /** POST /api/environments/{env}/authorisation-requests → {requests: [{id, organisationId, status, workflowId}]}. */
    async request(environment: Environment, accountId: string, body: unknown): Promise<{ requests: RequestView[] }> {
      const input = parseInput(authorisationRequestSchema, body);
      const organisationIds = [...new Set(input.organisationIds)];
      const organisations = await db.organisation.findMany({ where: { id: { in: organisationIds }, environment } });
      const fields: FieldErrors = {};
      organisationIds.forEach((id, index) => {
        const organisation = organisations.find((o) => o.id === id);
        if (!organisation) fields[`organisationIds.${index}`] = { code: 'UNKNOWN_ORGANISATION', params: { id } };
        else if (organisation.kind !== input.kind)
          fields[`organisationIds.${index}`] = {
            code: 'WRONG_KIND',
            params: { name: organisation.name, kind: KIND_NAMES[input.kind] },
          };
      });
      if (Object.keys(fields).length)
        throw new ApiError(400, 'VALIDATION_FAILED', 'Some organisations cannot be requested', fields);
      const pending = organisations.find((o) => o.status !== 'ACTIVE');
      if (pending) {
        throw new ApiError(
          409,
          'OPERATOR_NOT_ACTIVE',
          `${pending.name} is ${pending.status.toLowerCase()}: it cannot take requests`,
        );
      }
      await assertRoleKind(environment, accountId, input.kind);
      const requests: RequestView[] = [];
      for (const organisationId of organisationIds) {
        requests.push(
          await startRequest({
            environment,
            kind: input.kind,
            accountId,
            organisationId,
            message: input.message,
            contactEmail: input.contactEmail,
            contactPhone: input.contactPhone,
          }),
        );
      }
      return { requests };
    },

    /** GET /api/environments/{env}/authorisation-requests/{id}: for the applicant and those who may decide it. */
    async get(environment: Environment, accountId: string, requestId: string) {
      if (!z.string().uuid().safeParse(requestId).success) throw notFound('authorisation request');
      const row = await db.authorisationRequest.findFirst({
        where: { id: requestId, environment },
        include: {
          organisation: true,
          role: { select: { isAdministrator: true } },
          auditEvents: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
          assignee: { select: { id: true, firstName: true, lastName: true } },
          questions: { orderBy: [{ askedAt: 'asc' }, { id: 'asc' }] },
        },
      });
      if (!row) throw notFound('authorisation request');
      if (row.accountId !== accountId) {
        const claims = await deps.approvals.claimsOf(accountId, environment);
        const group = approverGroupFor({
          type: row.type,
          applicantAccountId: row.accountId,
          organisation: row.organisation,
        });
        if (!checkEntitlement(claims, group, row.accountId).ok) throw notFound('authorisation request');
      }
      const o = row.organisation;
      return {
        id: row.id,
        environment: row.environment,
        type: row.type,
        kind: row.kind,
        status: row.status,
        organisation: {
          id: o.id,
          name: o.name,
          code: o.code,
          country: o.countryCode,
          status: o.status,
          street: o.street,
          postcode: o.postcode,
          city: o.city,
        },
        isAdministrator: row.role?.isAdministrator ?? false,
        message: row.message,
        contactEmail: row.contactEmail,
        contactPhone: row.contactPhone,
        creationRequestId: row.parentRequestId,
        workflowId: row.workflowId,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        decidedAt: row.decidedAt,
        reason: row.reason,
        assignee: row.assignee
          ? { accountId: row.assignee.id, firstName: row.assignee.firstName, lastName: row.assignee.lastName }
          : null,
        // Questions to the applicant and their answers; the history names each (QUESTION_ASKED, QUESTION_ANSWERED).
        questions: row.questions.map((q) => ({
          id: q.id,
          text: q.text,
          askedAt: q.askedAt,
          answer: q.answer,
          answeredAt: q.answeredAt,
        })),
        history: row.auditEvents.map((e) => ({
          at: e.at,
          action: e.action,
          actor: e.actor,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          reason: e.reason,
          ...historyRefs(e.details),
        })),
      };
    },
  };
}

/** The question an audit event is about, and the assignee it names (ids only: the texts are in `questions`). */
function historyRefs(details: unknown): { questionId?: string; assigneeAccountId?: string | null } {
  if (!details || typeof details !== 'object') return {};
  const d = details as Record<string, unknown>;
  return {
    ...(typeof d.questionId === 'string' ? { questionId: d.questionId } : {}),
    ...('assigneeAccountId' in d ? { assigneeAccountId: (d.assigneeAccountId as string | null) ?? null } : {}),
  };
}

export type AuthorisationRequestUseCases = ReturnType<typeof createAuthorisationRequestUseCases>;
