// "Your Roles": the person's posts in an environment with counts per status, and
// removing one: an open request is withdrawn, a role deleted (both through the request's workflow).
import { z } from 'zod';
import { REQUEST_STATUSES, type Environment, type RequestStatus } from '../../domain/enums';
import { LIVE_STATUSES } from '../../domain/request-status';
import type { Db } from '../../lib/db';
import { ApiError, notFound, parseInput } from '../errors';
import type { ApprovalUseCases } from './approvals';

const listQuery = z
  .object({
    status: z.enum(REQUEST_STATUSES).optional(),
  })
  .strict();

export function createRoleUseCases(deps: { db: Db; approvals: ApprovalUseCases }) {
  const { db } = deps;

  return {
    /** GET /api/environments/{env}/roles?status= → {counts: {REQUESTED, SUSPENDED, VALID}, roles}; live roles unless filtered. */
    async list(environment: Environment, accountId: string, query: unknown) {
      const { status } = parseInput(listQuery, query);
      const mine = { environment, accountId, type: 'ATTACH' as const };
      const [grouped, rows] = await Promise.all([
        db.authorisationRequest.groupBy({
          by: ['status'],
          where: { ...mine, status: { in: [...LIVE_STATUSES] } },
          _count: true,
        }),
        db.authorisationRequest.findMany({
          where: { ...mine, status: status ? status : { in: [...LIVE_STATUSES] } },
          include: {
            organisation: true,
            role: { select: { isAdministrator: true } },
            questions: { where: { answeredAt: null }, select: { id: true, text: true, askedAt: true } },
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      ]);
      const counts = { REQUESTED: 0, SUSPENDED: 0, VALID: 0 };
      for (const g of grouped) counts[g.status as keyof typeof counts] = g._count;
      return {
        counts,
        roles: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          isAdministrator: r.role?.isAdministrator ?? false,
          organisation: {
            id: r.organisation.id,
            name: r.organisation.name,
            code: r.organisation.code,
            country: r.organisation.countryCode,
            status: r.organisation.status,
            street: r.organisation.street,
            postcode: r.organisation.postcode,
            city: r.organisation.city,
          },
          creationRequestId: r.parentRequestId,
          // An approver's question waiting for the person's answer (POST …/authorisation-requests/{id}/answers).
          waitingQuestion: r.questions[0] ?? null,
          requestedAt: r.createdAt,
          decidedAt: r.decidedAt,
        })),
      };
    },

    /**
     * DELETE /api/environments/{env}/roles/{id} (id of the request): the person withdraws an open request or deletes
     * a role; anyone else is treated as an approver deleting it (403 unless entitled).
     */
    async remove(environment: Environment, accountId: string, requestId: string): Promise<{ status: RequestStatus }> {
      if (!z.string().uuid().safeParse(requestId).success) throw notFound('role');
      const row = await db.authorisationRequest.findFirst({ where: { id: requestId, environment } });
      if (!row) throw notFound('role');
      if (row.accountId !== accountId)
        return deps.approvals.changeRole({ requestId, actorAccountId: accountId, action: 'DELETE' });
      if (row.status === 'REQUESTED') return deps.approvals.withdraw({ requestId, accountId });
      if (row.status === 'VALID' || row.status === 'SUSPENDED') {
        return deps.approvals.changeRole({ requestId, actorAccountId: accountId, action: 'DELETE' });
      }
      throw new ApiError(409, 'INVALID_TRANSITION', `This request is already ${row.status}`);
    },
  };
}

export type RoleUseCases = ReturnType<typeof createRoleUseCases>;
