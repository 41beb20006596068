// Side effects of authorisationRequestWorkflow and operatorCreationWorkflow: request rows, roles, operators, audit
// events and mails. Each activity is idempotent under retries (keys given per activity).
import { ApplicationFailure } from '@temporalio/activity';
import type { Prisma } from '@prisma/client';
import {
  Refusal,
  type AuthorisationRequestInput,
  type RequestOrganisation,
  type RoleAction,
} from '../domain/contracts';
import {
  approverGroupFor,
  approverPostsWhere,
  checkEntitlement,
  claimsFromPosts,
  type ApproverGroup,
  type Post,
} from '../domain/entitlement';
import { LIVE_STATUSES } from '../domain/status-machine';
import type { Environment, RequestStatus, RoleKind } from '../domain/enums';
import type { MailTemplate } from '../domain/mail-templates';
import { foldForSearch } from '../domain/search-text';
import { comparableName } from '../domain/operator-rules';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { mailTo, sendMailOnce } from './mail-outbox';

export interface AuthorisationActivityDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

/**
 * Who changed a status; `actor` is the capacity written in the audit trail (applicant, system, administrator …).
 * `check` makes changeStatus verify it in the same transaction: the applicant of the request, or an approver whose
 * VALID posts entitle them (then the audit names the capacity the posts give).
 */
export interface StatusActor {
  actor: string;
  accountId?: string;
  check?: 'applicant' | 'approver';
}

export interface StatusChange {
  requestId: string;
  workflowId: string;
  from: RequestStatus[];
  to: RequestStatus;
  action: string;
  by: StatusActor;
  reason?: string;
  /** Approvals and rejections record the decider and the reason on the request. */
  decision?: boolean;
}

/** The new operator as typed in the form (OperatorDraft.data). */
interface OperatorDraftData {
  name: string;
  country: string;
  street: string;
  postcode: string;
  city: string;
  activities: Array<{ section: string; activityType: string }>;
  phone?: string;
  fax?: string;
  email?: string;
  website?: string;
  eori?: string;
}

type Tx = Prisma.TransactionClient;

/** The applicant's mail for each change someone else makes to their role. */
const ROLE_CHANGE_MAILS: Record<RoleAction, MailTemplate> = {
  SUSPEND: 'role-suspended',
  REACTIVATE: 'role-reactivated',
  DELETE: 'role-deleted',
};

/** A request row as changeStatus reads it (enums as text), with its role if any. */
interface LockedRequest {
  id: string;
  environment: Environment;
  type: 'ATTACH' | 'OPERATOR_CREATION';
  kind: RoleKind;
  status: RequestStatus;
  accountId: string;
  organisationId: string;
  roleId: string | null;
  roleIsAdministrator: boolean | null;
  countryCode: string;
  organisationKind: 'OPERATOR' | 'CONTROL_BODY' | 'AUTHORITY';
  authorityRoleCode: string | null;
  isCommission: boolean;
  assigneeId: string | null;
}

export const audit = (tx: Tx, data: Prisma.AuditEventUncheckedCreateInput) => tx.auditEvent.create({ data });

export function createAuthorisationActivities({ db, mailer, publicUrl }: AuthorisationActivityDeps) {
  async function organisationOf(id: string): Promise<RequestOrganisation> {
    const o = await db.organisation.findUniqueOrThrow({ where: { id } });
    return {
      id: o.id,
      countryCode: o.countryCode,
      kind: o.kind,
      authorityRoleCode: o.authorityRoleCode,
      isCommission: o.isCommission,
      code: o.code,
    };
  }

  /** Accounts that may decide for the group in the environment (VALID posts), without the applicant. */
  async function approverAccounts(
    environment: AuthorisationRequestInput['environment'],
    group: ApproverGroup,
    applicantId: string,
  ) {
    const where = approverPostsWhere(environment, group, applicantId);
    if (!where) return [];
    const roles = await db.role.findMany({ where, include: { account: true } });
    const byId = new Map(roles.map((r) => [r.account.id, r.account]));
    return [...byId.values()];
  }

  async function mailApprovers(requestId: string, group: ApproverGroup, template: MailTemplate, keyPart: string) {
    const request = await db.authorisationRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: { organisation: true },
    });
    const approvers = await approverAccounts(request.environment, group, request.accountId);
    for (const approver of approvers) {
      await sendMailOnce(db, mailer, {
        idempotencyKey: `request:${requestId}:${keyPart}:${approver.id}`,
        ...mailTo(approver),
        template,
        params: {
          organisation: request.organisation.name,
          organisationRole: request.type === 'OPERATOR_CREATION' ? 'NEW_OPERATOR' : '',
          environment: request.environment,
          adminUrl: `${publicUrl}/admin/resources/AuthorisationRequest/records/${requestId}/show`,
          ...(request.expiresAt ? { expiresAt: request.expiresAt.toISOString() } : {}),
        },
      });
    }
    return approvers.length;
  }

  return {
    /**
     * Records the request row (id chosen by the workflow) with its audit event; for a new operator also the PENDING
     * Organisation from the draft and the operator-creation request, all in one transaction. Idempotent on requestId.
     */
    async recordRequest(params: {
      requestId: string;
      workflowId: string;
      runId: string;
      input: AuthorisationRequestInput;
      creation?: { requestId: string; workflowId: string };
    }): Promise<RequestOrganisation> {
      const { input } = params;
      const existing = await db.authorisationRequest.findUnique({ where: { id: params.requestId } });
      if (existing) {
        // The parent recorded an operator-creation request before the child ran: the child adds its run id.
        if (!existing.runId) {
          await db.authorisationRequest.update({ where: { id: existing.id }, data: { runId: params.runId } });
        }
        return organisationOf(existing.organisationId);
      }
      await db.$transaction(async (tx) => {
        await assertRequestable(tx, input, params.creation !== undefined);
        const submitted = {
          environment: input.environment,
          actorAccountId: input.accountId,
          actor: 'applicant',
          action: 'REQUEST_SUBMITTED',
          entityType: 'AuthorisationRequest',
          toStatus: 'REQUESTED',
        } as const;
        if (input.operatorDraftId && params.creation) {
          await createPendingOperator(tx, input, input.operatorDraftId, params.workflowId);
          await tx.authorisationRequest.create({
            data: {
              id: params.creation.requestId,
              environment: input.environment,
              type: 'OPERATOR_CREATION',
              kind: 'OPERATOR',
              accountId: input.accountId,
              organisationId: input.organisationId,
              workflowId: params.creation.workflowId,
              message: input.message,
              contactEmail: input.contactEmail,
              contactPhone: input.contactPhone,
            },
          });
          await audit(tx, {
            ...submitted,
            entityId: params.creation.requestId,
            requestId: params.creation.requestId,
            workflowId: params.creation.workflowId,
            details: { type: 'OPERATOR_CREATION' },
          });
        }
        await tx.authorisationRequest.create({
          data: {
            id: params.requestId,
            environment: input.environment,
            type: input.type,
            kind: input.kind,
            accountId: input.accountId,
            organisationId: input.organisationId,
            workflowId: params.workflowId,
            runId: params.runId,
            message: input.message,
            contactEmail: input.contactEmail,
            contactPhone: input.contactPhone,
            parentRequestId: params.creation?.requestId,
          },
        });
        await audit(tx, {
          ...submitted,
          entityId: params.requestId,
          requestId: params.requestId,
          workflowId: params.workflowId,
          details: { type: input.type, kind: input.kind },
        });
      });
      return organisationOf(input.organisationId);
    },

    /**
     * The request is open for decision: records its deadline and mails the approver group (key
     * request:<id>:received:<approver>). Returns how many approvers the group has.
     */
    async announceRequest(params: { requestId: string; group: ApproverGroup; expiresAt: string }): Promise<number> {
      await db.authorisationRequest.update({
        where: { id: params.requestId },
        data: { expiresAt: new Date(params.expiresAt) },
      });
      return mailApprovers(params.requestId, params.group, 'request-received', 'received');
    },

    /**
     * Whether the attach request that waits for this operator creation was withdrawn by its applicant (read-only, so
     * retried freely). The creation workflow asks it before it acts on a withdrawal signal, which carries no payload
     * the codec could refuse.
     */
    async attachRequestWithdrawn(params: { creationRequestId: string }): Promise<boolean> {
      const withdrawn = await db.authorisationRequest.count({
        where: { parentRequestId: params.creationRequestId, status: 'WITHDRAWN' },
      });
      return withdrawn > 0;
    },

    /** Reminds the approver group of a request still open (key request:<id>:reminder:<approver>); audited once. */
    async remindApprovers(params: { requestId: string; group: ApproverGroup; workflowId: string }): Promise<number> {
      await db.$transaction(async (tx) => {
        const marked = await tx.authorisationRequest.updateMany({
          where: { id: params.requestId, reminderSentAt: null },
          data: { reminderSentAt: new Date() },
        });
        if (marked.count === 1) {
          const request = await tx.authorisationRequest.findUniqueOrThrow({ where: { id: params.requestId } });
          await audit(tx, {
            environment: request.environment,
            actor: 'system',
            action: 'REMINDER_SENT',
            entityType: 'AuthorisationRequest',
            entityId: request.id,
            requestId: request.id,
            workflowId: params.workflowId,
          });
        }
      });
      return mailApprovers(params.requestId, params.group, 'request-reminder', 'reminder');
    },

    /**
     * Moves a request (and its role or new operator) from one of `from` to `to`, with its audit event, in one
     * transaction. A retry after the commit finds the request already in `to` and changes nothing.
     * Returns whether the person became the organisation's administrator.
     */
    async changeStatus(change: StatusChange): Promise<{ isAdministrator: boolean; auditEventId?: string }> {
      return db.$transaction(async (tx) => {
        const request = await lockRequest(tx, change.requestId);
        if (request.status === change.to && !change.from.includes(request.status)) {
          const done = await tx.auditEvent.findFirst({
            where: { requestId: request.id, action: change.action, toStatus: change.to },
            orderBy: { id: 'desc' },
          });
          return { isAdministrator: request.role?.isAdministrator ?? false, auditEventId: done?.id.toString() };
        }
        if (!change.from.includes(request.status)) {
          throw ApplicationFailure.nonRetryable(
            `request ${request.id} is ${request.status}, not ${change.from.join('|')}`,
            'STALE_STATUS',
          );
        }
        const actor = await verifiedActor(tx, request, change.by);
        await tx.authorisationRequest.update({
          where: { id: request.id },
          data: {
            status: change.to,
            ...(change.decision
              ? { decidedById: change.by.accountId ?? null, decidedAt: new Date(), reason: change.reason ?? null }
              : {}),
          },
        });
        const isAdministrator = await moveRoleOrOperator(tx, request, change, actor);
        const event = await audit(tx, {
          environment: request.environment,
          actorAccountId: change.by.accountId,
          actor,
          action: change.action,
          entityType: 'AuthorisationRequest',
          entityId: request.id,
          requestId: request.id,
          fromStatus: request.status,
          toStatus: change.to,
          reason: change.reason,
          workflowId: change.workflowId,
          details: decisionDetails(request, change, isAdministrator),
        });
        return { isAdministrator, auditEventId: event.id.toString() };
      });
    },

    /**
     * Tells the applicant that someone else suspended, reactivated or deleted their role or request (key
     * request:<id>:<audit id>), with the reason and the date of that change's audit event, read here so that neither
     * passes through the workflow's history.
     */
    async notifyRoleChange(params: { requestId: string; auditEventId: string; action: RoleAction }): Promise<void> {
      const request = await db.authorisationRequest.findUniqueOrThrow({
        where: { id: params.requestId },
        include: { account: true, organisation: true },
      });
      const event = params.auditEventId
        ? await db.auditEvent.findUnique({ where: { id: BigInt(params.auditEventId) } })
        : null;
      const template = ROLE_CHANGE_MAILS[params.action];
      await sendMailOnce(db, mailer, {
        idempotencyKey: `request:${request.id}:${params.auditEventId || params.action}`,
        ...mailTo(request.account),
        template,
        params: {
          name: request.account.firstName,
          organisation: request.organisation.name,
          environment: request.environment,
          reason: event?.reason ?? '',
          ...(event ? { date: event.at.toISOString() } : {}),
        },
      });
    },

    /**
     * Tells the applicant the outcome (key request:<id>:<outcome>): approved, rejected or expired, dated. An approval
     * that made the person the organisation's administrator says what that means and links to the back-office.
     */
    async notifyApplicant(params: { requestId: string; outcome: 'approved' | 'rejected' | 'expired' }): Promise<void> {
      const request = await db.authorisationRequest.findUniqueOrThrow({
        where: { id: params.requestId },
        include: { account: true, organisation: true, role: true },
      });
      const administrator = params.outcome === 'approved' && request.role?.isAdministrator === true;
      await sendMailOnce(db, mailer, {
        idempotencyKey: `request:${request.id}:${params.outcome}`,
        ...mailTo(request.account),
        template: params.outcome === 'expired' ? 'request-expired' : 'request-decided',
        params: {
          name: request.account.firstName,
          organisation: request.organisation.name,
          organisationRole: request.type === 'OPERATOR_CREATION' ? 'OPERATOR_CREATION' : '',
          environment: request.environment,
          decision: params.outcome,
          reason: (params.outcome === 'rejected' && request.reason) || '',
          date: (request.decidedAt ?? request.updatedAt).toISOString(),
          ...(administrator ? { administratorUrl: `${publicUrl}/admin` } : {}),
        },
      });
    },
  };
}

export type Request = LockedRequest & { role: { id: string; isAdministrator: boolean } | null };

export const refused = (code: string, message: string) => ApplicationFailure.nonRetryable(message, code);

/** The request, locked, with its role and organisation (one round trip: the decision waits for this activity). */
export async function lockRequest(tx: Tx, requestId: string): Promise<Request> {
  const [row] = await tx.$queryRaw<LockedRequest[]>`
    SELECT r.id, r.environment::text, r.type::text, r.kind::text, r.status::text, r."accountId", r."organisationId",
           role.id AS "roleId", role."isAdministrator" AS "roleIsAdministrator",
           o."countryCode", o.kind::text AS "organisationKind", o."authorityRoleCode", o."isCommission",
           r."assigneeId"
    FROM "AuthorisationRequest" r LEFT JOIN "Role" role ON role."requestId" = r.id
      JOIN "Organisation" o ON o.id = r."organisationId"
    WHERE r.id = ${requestId}::uuid FOR UPDATE OF r`;
  if (!row) throw refused('REQUEST_NOT_FOUND', `request ${requestId} not found`);
  return { ...row, role: row.roleId ? { id: row.roleId, isAdministrator: row.roleIsAdministrator! } : null };
}

/**
 * The audit capacity of whoever makes the change, checked against PostgreSQL (not the caller's claims): the applicant
 * of the request, or an approver whose VALID posts in the environment entitle them now. NOT_ENTITLED otherwise.
 */
export async function verifiedActor(tx: Tx, request: Request, by: StatusActor): Promise<string> {
  if (!by.check) return by.actor;
  if (by.check === 'applicant') {
    if (by.accountId !== request.accountId) throw refused(Refusal.notEntitled, 'Only the applicant may do this');
    return by.actor;
  }
  const roles = await tx.role.findMany({
    where: {
      accountId: by.accountId ?? '',
      environment: request.environment,
      status: 'VALID',
      account: { status: 'ACTIVE' },
    },
    select: {
      environment: true,
      isAdministrator: true,
      organisation: {
        select: { id: true, countryCode: true, kind: true, authorityRoleCode: true, isCommission: true },
      },
    },
  });
  const claims = claimsFromPosts(by.accountId ?? '', request.environment, roles as Post[]);
  const organisation = {
    id: request.organisationId,
    countryCode: request.countryCode,
    kind: request.organisationKind,
    authorityRoleCode: request.authorityRoleCode,
    isCommission: request.isCommission,
  };
  const group = approverGroupFor({ type: request.type, applicantAccountId: request.accountId, organisation });
  const entitlement = checkEntitlement(claims, group, request.accountId);
  if (!entitlement.ok) throw refused(Refusal.notEntitled, entitlement.reason);
  return entitlement.capacity;
}

/**
 * What the audit event keeps beside the statuses: whether an approved person became administrator, and the assignee
 * when someone else decided a request assigned to them (allowed: the queue organises work, it does not entitle).
 */
function decisionDetails(request: Request, change: StatusChange, isAdministrator: boolean) {
  const details: Record<string, string | boolean> = {};
  if (change.to === 'VALID' && request.type === 'ATTACH') details.isAdministrator = isAdministrator;
  if (change.decision && request.assigneeId && request.assigneeId !== change.by.accountId)
    details.assigneeAccountId = request.assigneeId;
  return Object.keys(details).length ? details : undefined;
}

/** The role (attach requests) or the new operator (creation requests) follows the request's status. */
async function moveRoleOrOperator(tx: Tx, request: Request, change: StatusChange, actor: string): Promise<boolean> {
  if (request.type === 'ATTACH') {
    if (change.to === 'VALID' && !request.role) {
      // Serialise first approvals into one organisation, so that exactly one becomes its administrator.
      const [organisation] = await tx.$queryRaw<Array<{ administrators: number; status: string }>>`
        SELECT (SELECT count(*) FROM "Role" WHERE "organisationId" = o.id AND "isAdministrator" AND status = 'VALID')::int
               AS administrators, o.status::text AS status
        FROM "Organisation" o WHERE o.id = ${request.organisationId}::uuid FOR UPDATE`;
      // The status machine never approves an attach request before its new operator; the database agrees.
      if (organisation?.status !== 'ACTIVE') throw refused(Refusal.operatorNotActive, 'The organisation is not active');
      const isAdministrator = organisation.administrators === 0;
      await tx.role.create({
        data: {
          environment: request.environment,
          kind: request.kind,
          accountId: request.accountId,
          organisationId: request.organisationId,
          requestId: request.id,
          status: 'VALID',
          isAdministrator,
        },
      });
      return isAdministrator;
    }
    if (request.role) await tx.role.update({ where: { id: request.role.id }, data: { status: change.to } });
    return request.role?.isAdministrator ?? false;
  }
  const organisationStatus = change.to === 'VALID' ? 'ACTIVE' : 'REJECTED';
  await tx.organisation.update({ where: { id: request.organisationId }, data: { status: organisationStatus } });
  await audit(tx, {
    environment: request.environment,
    actorAccountId: change.by.accountId,
    actor,
    action: organisationStatus === 'ACTIVE' ? 'OPERATOR_ACTIVATED' : 'OPERATOR_REJECTED',
    entityType: 'Organisation',
    entityId: request.organisationId,
    requestId: request.id,
    fromStatus: 'PENDING',
    toStatus: organisationStatus,
    reason: change.reason,
    workflowId: change.workflowId,
  });
  return false;
}

/**
 * The rules a new request must meet whichever channel starts it (API, typed client, a raw Temporal client), checked
 * in the transaction that records it, under a lock on the person's account row (FOR NO KEY UPDATE: concurrent
 * requests of one person queue here, other writers referencing the account do not): an active account; an
 * organisation of the requested kind in the environment, active unless it is the new operator itself; one kind of
 * role per person and environment; one live request per person and organisation.
 */
async function assertRequestable(tx: Tx, input: AuthorisationRequestInput, newOperator: boolean): Promise<void> {
  if (input.type !== 'ATTACH') {
    throw refused(Refusal.validationFailed, 'Only attach requests are started; a new operator is created with one');
  }
  const [account] = await tx.$queryRaw<Array<{ status: string }>>`
    SELECT status::text FROM "Account" WHERE id = ${input.accountId}::uuid FOR NO KEY UPDATE`;
  if (account?.status !== 'ACTIVE') throw refused(Refusal.notEntitled, 'The account is not active');
  if (newOperator) {
    const draft = await tx.operatorDraft.findUnique({ where: { id: input.operatorDraftId ?? '' } });
    if (
      !draft ||
      draft.accountId !== input.accountId ||
      draft.environment !== input.environment ||
      draft.organisationId ||
      input.kind !== 'OPERATOR'
    ) {
      throw refused(Refusal.validationFailed, 'No such operator draft of this person');
    }
  } else {
    const organisation = await tx.organisation.findFirst({
      where: { id: input.organisationId, environment: input.environment },
    });
    if (!organisation || organisation.kind !== input.kind) {
      throw refused(
        Refusal.validationFailed,
        `No ${input.kind} organisation ${input.organisationId} in ${input.environment}`,
      );
    }
    if (organisation.status !== 'ACTIVE')
      throw refused(Refusal.operatorNotActive, `${organisation.name} cannot take requests`);
  }
  const live = await tx.authorisationRequest.findFirst({
    where: {
      environment: input.environment,
      accountId: input.accountId,
      status: { in: [...LIVE_STATUSES] },
      OR: [{ kind: { not: input.kind } }, { organisationId: input.organisationId, type: 'ATTACH' }],
    },
    select: { kind: true, organisationId: true },
  });
  if (live && live.kind !== input.kind) {
    throw refused(
      Refusal.roleKindConflict,
      `You hold or requested ${live.kind} posts in ${input.environment}; a person takes one kind of role per environment`,
    );
  }
  if (live) throw refused(Refusal.alreadyRequested, 'You already hold or requested a role in this organisation');
}

/** The PENDING operator typed by the person, with its activities and audit event; the draft keeps a link to it. */
async function createPendingOperator(tx: Tx, input: AuthorisationRequestInput, draftId: string, workflowId: string) {
  const draft = await tx.operatorDraft.findUnique({ where: { id: draftId } });
  if (!draft) throw ApplicationFailure.nonRetryable(`operator draft ${draftId} not found`, 'DRAFT_NOT_FOUND');
  const data = draft.data as unknown as OperatorDraftData;
  await tx.organisation.create({
    data: {
      id: input.organisationId,
      environment: input.environment,
      kind: 'OPERATOR',
      status: 'PENDING',
      name: data.name,
      countryCode: data.country,
      street: data.street,
      postcode: data.postcode,
      city: data.city,
      eori: data.eori,
      phone: data.phone,
      fax: data.fax,
      email: data.email,
      website: data.website,
      createdById: input.accountId,
      searchText: foldForSearch(data.name, data.street, data.postcode, data.city, data.eori),
      comparableName: comparableName(data.name),
      activities: {
        createMany: {
          data: data.activities.map((a) => ({ sectionCode: a.section, activityTypeCode: a.activityType })),
          skipDuplicates: true,
        },
      },
    },
  });
  await tx.operatorDraft.update({ where: { id: draftId }, data: { organisationId: input.organisationId } });
  await audit(tx, {
    environment: input.environment,
    actorAccountId: input.accountId,
    actor: 'applicant',
    action: 'OPERATOR_SUBMITTED',
    entityType: 'Organisation',
    entityId: input.organisationId,
    toStatus: 'PENDING',
    workflowId,
  });
}

export type AuthorisationActivities = ReturnType<typeof createAuthorisationActivities>;
