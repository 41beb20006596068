// Side effects of the approvers' work queue on a request's workflow: assignment, questions to the applicant and their
// answers, administrator rights of the role. Each activity locks the request row, checks the actor against PostgreSQL
// (not the claims the caller sent) and writes its change with an audit event in one transaction; each is idempotent
// under retries (keys given per activity). Question and answer texts are personal data: they go to RequestQuestion
// and the applicant's mail only, never into an audit reason, a log line or a search attribute.
import type { Prisma } from '@prisma/client';
import { Refusal } from '../domain/contracts';
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { audit, lockRequest, refused, verifiedActor, type Request, type StatusActor } from './authorisation.activities';
import { mailTo, sendMailOnce } from './mail-outbox';

type Tx = Prisma.TransactionClient;

interface Target {
  requestId: string;
  workflowId: string;
}

/** The request, locked, and still open: the work queue acts on open requests only. */
async function openRequest(tx: Tx, requestId: string): Promise<Request> {
  const request = await lockRequest(tx, requestId);
  if (request.status !== 'REQUESTED') throw refused(Refusal.alreadyDecided, `The request is ${request.status}`);
  return request;
}

/** The assignee must be entitled to decide the request, checked like an actor: ASSIGNEE_NOT_ENTITLED otherwise. */
async function verifiedAssignee(tx: Tx, request: Request, accountId: string): Promise<void> {
  try {
    await verifiedActor(tx, request, { actor: 'approver', accountId, check: 'approver' });
  } catch {
    throw refused(Refusal.assigneeNotEntitled, 'The assignee may not decide this request');
  }
}

interface MailDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

export function createWorkQueueActivities(deps: MailDeps) {
  const { db, mailer, publicUrl } = deps;
  return {
    /**
     * Puts an open request in the assignee's queue (or none), audited REQUEST_ASSIGNED with the previous and new
     * assignee. A retry after the commit finds the assignee already set and changes nothing.
     */
    async assignRequest(params: Target & { by: StatusActor; assigneeAccountId: string | null }): Promise<void> {
      await db.$transaction(async (tx) => {
        const request = await openRequest(tx, params.requestId);
        if (request.assigneeId === params.assigneeAccountId) return;
        const actor = await verifiedActor(tx, request, params.by);
        if (params.assigneeAccountId) await verifiedAssignee(tx, request, params.assigneeAccountId);
        await tx.authorisationRequest.update({
          where: { id: request.id },
          data: { assigneeId: params.assigneeAccountId },
        });
        await audit(tx, {
          environment: request.environment,
          actorAccountId: params.by.accountId,
          actor,
          action: 'REQUEST_ASSIGNED',
          entityType: 'AuthorisationRequest',
          entityId: request.id,
          requestId: request.id,
          workflowId: params.workflowId,
          details: { assigneeAccountId: params.assigneeAccountId, previousAssigneeAccountId: request.assigneeId },
        });
      });
    },

    /**
     * Records an approver's question (id chosen by the API) with its audit event, then mails the applicant (key
     * request:<id>:question:<questionId>). Idempotent on the question id.
     */
    async askQuestion(params: Target & { questionId: string; text: string; by: StatusActor }): Promise<void> {
      await db.$transaction(async (tx) => {
        if (await tx.requestQuestion.findUnique({ where: { id: params.questionId } })) return;
        const request = await openRequest(tx, params.requestId);
        const actor = await verifiedActor(tx, request, params.by);
        await tx.requestQuestion.create({
          data: { id: params.questionId, requestId: request.id, askedById: params.by.accountId!, text: params.text },
        });
        await audit(tx, {
          environment: request.environment,
          actorAccountId: params.by.accountId,
          actor,
          action: 'QUESTION_ASKED',
          entityType: 'AuthorisationRequest',
          entityId: request.id,
          requestId: request.id,
          workflowId: params.workflowId,
          details: { questionId: params.questionId },
        });
      });
      const request = await db.authorisationRequest.findUniqueOrThrow({
        where: { id: params.requestId },
        include: { account: true, organisation: true },
      });
      await sendMailOnce(db, mailer, {
        idempotencyKey: `request:${request.id}:question:${params.questionId}`,
        ...mailTo(request.account),
        template: 'request-question',
        params: {
          name: request.account.firstName,
          organisation: request.organisation.name,
          environment: request.environment,
          question: params.text,
          portalUrl: `${publicUrl}/environments/${request.environment}/roles`,
        },
      });
    },

    /**
     * Records the applicant's answer to the waiting question, moves the request's deadline to `expiresAt` (the clock
     * stood still meanwhile) and audits QUESTION_ANSWERED, then mails the approver who asked and the assignee (key
     * request:<id>:answer:<questionId>:<account>). A retry after the commit finds the answer and only mails.
     */
    async answerQuestion(
      params: Target & { questionId: string; text: string; accountId: string; expiresAt: string | null },
    ): Promise<void> {
      await db.$transaction(async (tx) => {
        const request = await openRequest(tx, params.requestId);
        const question = await tx.requestQuestion.findUnique({ where: { id: params.questionId } });
        if (!question || question.requestId !== request.id)
          throw refused(Refusal.noOpenQuestion, 'No question waits for an answer');
        if (question.answeredAt) return;
        await verifiedActor(tx, request, { actor: 'applicant', accountId: params.accountId, check: 'applicant' });
        await tx.requestQuestion.update({
          where: { id: question.id },
          data: { answer: params.text, answeredAt: new Date() },
        });
        if (params.expiresAt)
          await tx.authorisationRequest.update({
            where: { id: request.id },
            data: { expiresAt: new Date(params.expiresAt) },
          });
        await audit(tx, {
          environment: request.environment,
          actorAccountId: params.accountId,
          actor: 'applicant',
          action: 'QUESTION_ANSWERED',
          entityType: 'AuthorisationRequest',
          entityId: request.id,
          requestId: request.id,
          workflowId: params.workflowId,
          details: { questionId: question.id },
        });
      });
      await mailAnswer(deps, params.requestId, params.questionId);
    },

    /**
     * Grants or removes administrator rights of the request's role, audited on the Role. Under a lock of the
     * organisation row (the one first approvals take, always after the request row), so that two administrators
     * removing each other at once queue: the second finds itself no longer administrator (NOT_ENTITLED) or the
     * organisation about to have none (LAST_ADMINISTRATOR). Idempotent: a role already as asked is left alone.
     */
    async setAdministrator(
      params: Target & { grant: boolean; by: StatusActor },
    ): Promise<{ isAdministrator: boolean }> {
      const result = await writeAdministrator(db, params);
      await mailAdministrator(deps, params.requestId, params.grant);
      return result;
    },
  };
}

/**
 * Writes the right (setAdministrator): under the organisation's lock, the last administrator kept, audited on the
 * Role. A role already as asked is left alone.
 */
function writeAdministrator(db: Db, params: Target & { grant: boolean; by: StatusActor }) {
  return db.$transaction(async (tx) => {
    const request = await lockRequest(tx, params.requestId);
    if (!request.role) throw refused(Refusal.invalidTransition, 'The request holds no role');
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${request.organisationId}::uuid FOR UPDATE`;
    const actor = await verifiedActor(tx, request, params.by);
    const role = await tx.role.findUniqueOrThrow({ where: { id: request.role.id } });
    if (role.isAdministrator === params.grant) return { isAdministrator: role.isAdministrator };
    if (params.grant && role.status !== 'VALID') throw refused(Refusal.invalidTransition, `The role is ${role.status}`);
    if (!params.grant) {
      const others = await tx.role.count({
        where: {
          organisationId: role.organisationId,
          isAdministrator: true,
          status: 'VALID',
          id: { not: role.id },
        },
      });
      if (others === 0)
        throw refused(Refusal.lastAdministrator, 'The organisation would be left without an administrator');
    }
    await tx.role.update({ where: { id: role.id }, data: { isAdministrator: params.grant } });
    await audit(tx, {
      environment: request.environment,
      actorAccountId: params.by.accountId,
      actor,
      action: params.grant ? 'ADMINISTRATOR_GRANTED' : 'ADMINISTRATOR_REMOVED',
      entityType: 'Role',
      entityId: role.id,
      requestId: request.id,
      workflowId: params.workflowId,
      details: { accountId: role.accountId, organisationId: role.organisationId },
    });
    return { isAdministrator: params.grant };
  });
}

/**
 * Mails the question and the applicant's answer to the approver who asked and to the request's assignee, each once (key
 * request:<id>:answer:<questionId>:<account>): a notice, so it follows their notifications preference.
 */
async function mailAnswer({ db, mailer, publicUrl }: MailDeps, requestId: string, questionId: string) {
  const question = await db.requestQuestion.findUniqueOrThrow({
    where: { id: questionId },
    include: { askedBy: true, request: { include: { account: true, assignee: true, organisation: true } } },
  });
  const { request } = question;
  const approvers = [question.askedBy, request.assignee].filter(
    (a, i, all): a is NonNullable<typeof a> =>
      a !== null && a.status === 'ACTIVE' && all.findIndex((b) => b?.id === a.id) === i,
  );
  for (const approver of approvers) {
    await sendMailOnce(db, mailer, {
      idempotencyKey: `request:${request.id}:answer:${question.id}:${approver.id}`,
      ...mailTo(approver),
      template: 'request-answered',
      params: {
        applicant: `${request.account.firstName} ${request.account.lastName}`,
        organisation: request.organisation.name,
        organisationRole: request.type === 'OPERATOR_CREATION' ? 'NEW_OPERATOR' : '',
        environment: request.environment,
        question: question.text,
        answer: question.answer ?? '',
        adminUrl: `${publicUrl}/admin/resources/AuthorisationRequest/records/${request.id}/show`,
        ...(request.expiresAt ? { expiresAt: request.expiresAt.toISOString() } : {}),
      },
    });
  }
}

/**
 * Tells the member that their administrator rights were granted (what they mean, with the back-office's address) or
 * removed, once per change (key role:<id>:<audit id>, the latest such event of the role), dated by that event.
 */
async function mailAdministrator({ db, mailer, publicUrl }: MailDeps, requestId: string, grant: boolean) {
  const role = await db.role.findUniqueOrThrow({
    where: { requestId },
    include: { account: true, organisation: true },
  });
  const event = await db.auditEvent.findFirst({
    where: { entityType: 'Role', entityId: role.id, action: grant ? 'ADMINISTRATOR_GRANTED' : 'ADMINISTRATOR_REMOVED' },
    orderBy: { id: 'desc' },
  });
  if (!event || role.isAdministrator !== grant) return;
  await sendMailOnce(db, mailer, {
    idempotencyKey: `role:${role.id}:${event.id}`,
    ...mailTo(role.account),
    template: grant ? 'administrator-granted' : 'administrator-removed',
    params: {
      name: role.account.firstName,
      organisation: role.organisation.name,
      environment: role.environment,
      date: event.at.toISOString(),
      ...(grant ? { administratorUrl: `${publicUrl}/admin` } : {}),
    },
  });
}

export type WorkQueueActivities = ReturnType<typeof createWorkQueueActivities>;
