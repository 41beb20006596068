// The approvers' work queue and organisation administrators over the request workflows: assignment and the queue
// lists, questions to the applicant and their answers, members and administrator rights. Claims come from the
// database (api/use-cases/approvals.ts); every change is an Update whose validator asks the status machine and the
// entitlement rule, and whose activity checks the actor again in PostgreSQL.
import crypto from 'node:crypto';
import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import {
  administratorUpdate,
  answerQuestionUpdate,
  askQuestionUpdate,
  assignUpdate,
  Refusal,
  type ApproverClaims,
} from '../../domain/contracts';
import {
  checkMemberManager,
  decidableRequestsWhere,
  postsOfWhere,
  scopeFromPosts,
  type Post,
} from '../../domain/entitlement';
import { ENVIRONMENTS, REQUEST_STATUSES, type Environment } from '../../domain/enums';
import type { Db } from '../../lib/db';
import { ApiError, notFound, parseInput } from '../errors';
import { refusalError, type ApprovalUseCases } from './approvals';

// Field errors are the codes of domain/contracts.ts FieldCode (api/errors.ts maps zod's own issues to them).
const uuid = z.string().uuid();
const TEXT_MAX = 2000;
const textField = z
  .string()
  .trim()
  .min(1)
  // Characters (code points), as the OpenAPI document's maxLength counts them.
  .refine((text) => [...text].length <= TEXT_MAX, { message: 'TOO_LONG', params: { max: TEXT_MAX } });

/** The body of POST /api/approvals/{requestId}/assignee. */
export const assigneeBodySchema = z.object({ accountId: uuid.nullable() }).strict();
/** The body of POST …/questions and …/answers. */
export const textBodySchema = z.object({ text: textField }).strict();
/** The query of GET /api/approvals. */
export const queueQuerySchema = z
  .object({
    assignee: z.enum(['me', 'none']).optional(),
    status: z.enum(REQUEST_STATUSES).default('REQUESTED'),
    environment: z.enum(ENVIRONMENTS).optional(),
    cursor: z.string().max(200, 'INVALID_FORMAT').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

/** A keyset position: the last item's creation time and id (oldest first), as opaque base64url. */
const cursorOf = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
function parseCursor(cursor: string): { at: Date; id: string } {
  const bad = new ApiError(400, Refusal.validationFailed, 'Not a cursor of this list', { cursor: 'INVALID_FORMAT' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  const shape = z.tuple([z.string().datetime(), uuid]).safeParse(parsed);
  if (!shape.success) throw bad;
  return { at: new Date(shape.data[0]), id: shape.data[1] };
}

const person = (a: { id: string; firstName: string; lastName: string } | null) =>
  a ? { accountId: a.id, firstName: a.firstName, lastName: a.lastName } : null;

export function createWorkQueueUseCases(deps: { db: Db; approvals: ApprovalUseCases }) {
  const { db, approvals } = deps;

  /** The member's live role in the organisation (VALID or SUSPENDED) with its request, or 404. */
  async function memberRole(organisationId: string, accountId: string) {
    const role = await db.role.findFirst({
      where: { organisationId, accountId, status: { in: ['VALID', 'SUSPENDED'] } },
      include: { request: true },
    });
    if (!role) throw notFound('member');
    return role;
  }

  /** The organisation in the environment, and the caller's claims if they may manage its members (else 403). */
  async function managed(environment: Environment, actorAccountId: string, organisationId: string) {
    const organisation = uuid.safeParse(organisationId).success
      ? await db.organisation.findFirst({ where: { id: organisationId, environment } })
      : null;
    if (!organisation) throw notFound('organisation');
    const claims = await approvals.claimsOf(actorAccountId, environment);
    const entitled = checkMemberManager(claims, organisation);
    if (!entitled.ok) throw refusalError(Refusal.notEntitled, 'You may not manage the members of this organisation');
    return { organisation, claims };
  }

  return {
    /** POST /api/approvals/{requestId}/assignee {accountId | null} → {requestId, assigneeAccountId}; 403, 409. */
    async assign(params: { requestId: string; actorAccountId: string; body: unknown }) {
      const { accountId } = parseInput(assigneeBodySchema, params.body);
      if (!uuid.safeParse(params.requestId).success) throw notFound('authorisation request');
      const row = await approvals.requestRow(params.requestId);
      const actor = await approvals.claimsOf(params.actorAccountId, row.environment);
      const assignee = accountId ? await approvals.claimsOf(accountId, row.environment) : undefined;
      const done = await approvals.send(
        row,
        actor,
        (status) => refusalError(Refusal.alreadyDecided, `The request is already ${status}`),
        (handle, options) =>
          handle.executeUpdate(assignUpdate, { ...options, args: [{ assigneeAccountId: accountId, actor, assignee }] }),
      );
      return { requestId: row.id, assigneeAccountId: done.assigneeAccountId };
    },

    /** GET /api/approvals?assignee=me|none&status=&environment=&cursor=&limit= → {items, nextCursor}: the caller's scope. */
    async queue(actorAccountId: string, query: unknown) {
      const input = parseInput(queueQuerySchema, query);
      const posts = await db.role.findMany({
        where: postsOfWhere(actorAccountId),
        select: {
          environment: true,
          isAdministrator: true,
          organisation: {
            select: {
              id: true,
              name: true,
              kind: true,
              countryCode: true,
              authorityRoleCode: true,
              isCommission: true,
            },
          },
        },
      });
      const scope = scopeFromPosts(posts as Array<Post & { organisation: { name: string } }>);
      const where: Prisma.AuthorisationRequestWhereInput[] = [
        decidableRequestsWhere(scope, actorAccountId, input.environment ? [input.environment] : ENVIRONMENTS),
        { status: input.status },
      ];
      if (input.assignee) where.push({ assigneeId: input.assignee === 'me' ? actorAccountId : null });
      if (input.cursor) {
        const after = parseCursor(input.cursor);
        where.push({ OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] });
      }
      const rows = await db.authorisationRequest.findMany({
        where: { AND: where },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: input.limit + 1,
        include: {
          organisation: { select: { id: true, name: true, code: true, countryCode: true } },
          account: { select: { id: true, firstName: true, lastName: true } },
          assignee: { select: { id: true, firstName: true, lastName: true } },
          questions: { where: { answeredAt: null }, select: { id: true } },
        },
      });
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id,
          environment: r.environment,
          type: r.type,
          kind: r.kind,
          status: r.status,
          organisation: {
            id: r.organisation.id,
            name: r.organisation.name,
            code: r.organisation.code,
            country: r.organisation.countryCode,
          },
          applicant: person(r.account),
          assignee: person(r.assignee),
          questionWaiting: r.questions.length > 0,
          createdAt: r.createdAt,
          expiresAt: r.expiresAt,
        })),
        nextCursor: rows.length > input.limit && last ? cursorOf(last.createdAt, last.id) : null,
      };
    },

    /** POST /api/approvals/{requestId}/questions {text} → 201 the question; 403, 409 QUESTION_WAITING | ALREADY_DECIDED. */
    async askQuestion(params: { requestId: string; actorAccountId: string; body: unknown }) {
      const { text } = parseInput(textBodySchema, params.body);
      if (!uuid.safeParse(params.requestId).success) throw notFound('authorisation request');
      const row = await approvals.requestRow(params.requestId);
      const actor = await approvals.claimsOf(params.actorAccountId, row.environment);
      const questionId = crypto.randomUUID();
      const asked = await approvals.send(
        row,
        actor,
        (status) => refusalError(Refusal.alreadyDecided, `The request is already ${status}`),
        (handle, options) =>
          handle.executeUpdate(askQuestionUpdate, { ...options, args: [{ questionId, text, actor }] }),
      );
      return { id: questionId, text, askedAt: asked.askedAt, answer: null, answeredAt: null };
    },

    /** POST /api/environments/{env}/authorisation-requests/{id}/answers {text} → the answered question; the applicant's. */
    async answer(environment: Environment, accountId: string, requestId: string, body: unknown) {
      const { text } = parseInput(textBodySchema, body);
      if (!uuid.safeParse(requestId).success) throw notFound('authorisation request');
      const row = await db.authorisationRequest.findFirst({ where: { id: requestId, environment } });
      // Nobody but the applicant learns that the request exists here.
      if (!row || row.accountId !== accountId) throw notFound('authorisation request');
      const self: ApproverClaims = { accountId, administratorOf: [], nationalAuthorityOf: [], commission: false };
      const answered = await approvals.send(
        row,
        self,
        (status) => refusalError(Refusal.alreadyDecided, `The request is already ${status}`),
        (handle, options) => handle.executeUpdate(answerQuestionUpdate, { ...options, args: [{ accountId, text }] }),
      );
      const question = await db.requestQuestion.findUniqueOrThrow({ where: { id: answered.questionId } });
      return {
        id: question.id,
        text: question.text,
        askedAt: question.askedAt,
        answer: question.answer,
        answeredAt: question.answeredAt,
        expiresAt: answered.expiresAt,
      };
    },

    /** GET /api/environments/{env}/organisations/{id}/members → {members}: for those who decide its requests. */
    async members(environment: Environment, actorAccountId: string, organisationId: string) {
      const { organisation } = await managed(environment, actorAccountId, organisationId);
      const roles = await db.role.findMany({
        where: { organisationId: organisation.id, status: { in: ['VALID', 'SUSPENDED'] } },
        include: { account: { select: { id: true, firstName: true, lastName: true, email: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return {
        organisation: { id: organisation.id, name: organisation.name, code: organisation.code },
        members: roles.map((r) => ({
          accountId: r.accountId,
          firstName: r.account.firstName,
          lastName: r.account.lastName,
          email: r.account.email,
          requestId: r.requestId,
          kind: r.kind,
          status: r.status,
          since: r.createdAt,
          isAdministrator: r.isAdministrator,
        })),
      };
    },

    /** PUT (grant) | DELETE (remove) …/organisations/{id}/administrators/{accountId} → {accountId, isAdministrator}. */
    async setAdministrator(params: {
      environment: Environment;
      actorAccountId: string;
      organisationId: string;
      accountId: string;
      grant: boolean;
    }) {
      const { organisation, claims } = await managed(params.environment, params.actorAccountId, params.organisationId);
      if (!uuid.safeParse(params.accountId).success) throw notFound('member');
      const role = await memberRole(organisation.id, params.accountId);
      const done = await approvals.send(
        role.request,
        claims,
        (status) => refusalError(Refusal.invalidTransition, `The role is ${status}`),
        (handle, options) =>
          handle.executeUpdate(administratorUpdate, { ...options, args: [{ grant: params.grant, actor: claims }] }),
      );
      return { accountId: role.accountId, isAdministrator: done.isAdministrator };
    },
  };
}

export type WorkQueueUseCases = ReturnType<typeof createWorkQueueUseCases>;
