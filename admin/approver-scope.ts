// What an approver may see and decide in the back-office, resolved from their VALID posts. The rule and its Prisma
// filters live in domain/entitlement.ts, which the API and the activities that mail approvers ask too.
import type { Prisma } from '@prisma/client';
import {
  decidableRequestsWhere,
  organisationScopeWhere as organisationsWhere,
  scopeFromPosts,
  type ApproverScope,
  type Post,
} from '../domain/entitlement';
import type { Environment } from '../domain/enums';
import type { Db } from '../lib/db';

export type { ApproverScope } from '../domain/entitlement';

export async function loadApproverScope(db: Db, accountId: string): Promise<ApproverScope> {
  // Read on every back-office request (a lost post ends the session): one plain query rather than two built by Prisma.
  const posts = await db.$queryRaw<
    Array<{
      environment: Environment;
      isAdministrator: boolean;
      id: string;
      name: string;
      kind: Post['organisation']['kind'];
      countryCode: string;
      authorityRoleCode: string | null;
      isCommission: boolean;
    }>
  >`
    SELECT r.environment::text, r."isAdministrator", o.id, o.name, o.kind::text, o."countryCode", o."authorityRoleCode", o."isCommission"
    FROM "Role" r JOIN "Organisation" o ON o.id = r."organisationId" JOIN "Account" a ON a.id = r."accountId"
    WHERE r."accountId" = ${accountId}::uuid AND r.status = 'VALID' AND a.status = 'ACTIVE'
    ORDER BY r."createdAt", r.id`;
  return scopeFromPosts(
    posts.map(({ environment, isAdministrator, ...organisation }) => ({ environment, isAdministrator, organisation })),
  );
}

/** The requests this person may decide: their group includes the person, and they are not the applicant. */
export const requestScopeWhere = (
  scope: ApproverScope | undefined,
  accountId: string | undefined,
): Prisma.AuthorisationRequestWhereInput => decidableRequestsWhere(scope, accountId);

/** Organisations whose requests this person decides. */
export const organisationScopeWhere = (scope: ApproverScope | undefined): Prisma.OrganisationWhereInput =>
  organisationsWhere(scope);

/** The other records an approver reads follow from the requests in scope. */
export function scopeWheres(scope: ApproverScope | undefined, accountId: string | undefined) {
  const requests = requestScopeWhere(scope, accountId);
  return {
    AuthorisationRequest: requests,
    Role: { request: { is: requests } } satisfies Prisma.RoleWhereInput,
    Organisation: organisationScopeWhere(scope),
    OperatorDraft: { organisation: { is: { requests: { some: requests } } } } satisfies Prisma.OperatorDraftWhereInput,
    Account: {
      OR: [{ requests: { some: requests } }, { decisions: { some: requests } }],
    } satisfies Prisma.AccountWhereInput,
    AuditEvent: { request: { is: requests } } satisfies Prisma.AuditEventWhereInput,
  };
}

export type ScopedModel = keyof ReturnType<typeof scopeWheres>;
