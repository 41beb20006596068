// What an approver may see and decide, resolved from their VALID posts (routing: domain/approver-routing.ts). The where-clauses
// mirror domain/approver-routing.ts, so that the back-office lists exactly the requests whose workflow would accept
// this person's decision; test/admin-scope.test.ts holds them against checkEntitlement for every organisation.
import type { Prisma } from '@prisma/client';
import type { ApproverClaims } from '../domain/contracts';
import { ENVIRONMENTS, type Environment } from '../domain/enums';
import type { Db } from '../lib/db';

export interface ApproverScope {
  entitled: boolean;
  title: string;
  /** Per TRACES environment: countries whose national authority the person works for. */
  nationalAuthorityOf: Array<{ environment: string; country: string }>;
  /** Organisations the person administers. */
  administratorOf: Array<{ environment: string; organisationId: string }>;
  commissionIn: string[];
}

export async function loadApproverScope(db: Db, accountId: string): Promise<ApproverScope> {
  // Read on every back-office request (a lost post ends the session): one plain query rather than two built by Prisma.
  const posts = await db.$queryRaw<Array<{
    environment: Environment; isAdministrator: boolean; id: string; name: string; kind: string; countryCode: string;
    authorityRoleCode: string | null; isCommission: boolean;
  }>>`
    SELECT r.environment::text, r."isAdministrator", o.id, o.name, o.kind::text, o."countryCode", o."authorityRoleCode", o."isCommission"
    FROM "Role" r JOIN "Organisation" o ON o.id = r."organisationId" JOIN "Account" a ON a.id = r."accountId"
    WHERE r."accountId" = ${accountId}::uuid AND r.status = 'VALID' AND a.status = 'ACTIVE'
    ORDER BY r."createdAt", r.id`;
  const roles = posts.map(({ environment, isAdministrator, ...organisation }) => ({ environment, isAdministrator, organisation }));
  const scope: ApproverScope = { entitled: false, title: '', nationalAuthorityOf: [], administratorOf: [], commissionIn: [] };
  for (const role of roles) {
    const o = role.organisation;
    if (o.isCommission) scope.commissionIn.push(role.environment);
    // The same claims as the approval use-cases' claimsOf, so the list never offers what the workflow refuses.
    if (o.kind === 'AUTHORITY' && o.authorityRoleCode === 'CCA' && !o.isCommission) scope.nationalAuthorityOf.push({ environment: role.environment, country: o.countryCode });
    if (role.isAdministrator) scope.administratorOf.push({ environment: role.environment, organisationId: o.id });
  }
  scope.entitled = scope.commissionIn.length + scope.nationalAuthorityOf.length + scope.administratorOf.length > 0;
  scope.title = [...new Set(roles.map((r) => r.organisation.name))].slice(0, 2).join(', ');
  return scope;
}

/** The approver's claims (domain/contracts.ts) in one environment, as the decision workflow's validator sees them. */
export function claimsIn(scope: ApproverScope, accountId: string, environment: string): ApproverClaims {
  return {
    accountId,
    nationalAuthorityOf: scope.nationalAuthorityOf.filter((n) => n.environment === environment).map((n) => n.country),
    administratorOf: scope.administratorOf.filter((a) => a.environment === environment).map((a) => a.organisationId),
    commission: scope.commissionIn.includes(environment),
  };
}

/** Matches no row: the answer for anybody without a scope (fail closed). */
const NOTHING = { id: { in: [] as string[] } };

/** An organisation whose attach requests its country's national authority decides (approverGroupFor). */
const decidedByNationalAuthority: Prisma.OrganisationWhereInput = {
  isCommission: false,
  OR: [{ kind: { not: 'AUTHORITY' } }, { authorityRoleCode: null }, { authorityRoleCode: { not: 'CCA' } }],
};
/** The Commission and the national authorities: the Commission decides who joins them. */
const decidedByCommission: Prisma.OrganisationWhereInput = {
  OR: [{ isCommission: true }, { kind: 'AUTHORITY', authorityRoleCode: 'CCA' }],
};

function perEnvironment(scope: ApproverScope) {
  return ENVIRONMENTS.map((environment: Environment) => ({
    environment,
    countries: scope.nationalAuthorityOf.filter((n) => n.environment === environment).map((n) => n.country),
    commission: scope.commissionIn.includes(environment),
  }));
}

/** The requests this person may decide: their group includes the person, and they are not the applicant. */
export function requestScopeWhere(scope: ApproverScope | undefined, accountId: string | undefined): Prisma.AuthorisationRequestWhereInput {
  if (!scope?.entitled || !accountId) return NOTHING;
  // The whole scope is one filter on the request's organisation, so that the database joins the organisation once and
  // filters it before the join (a long queue is counted on every list page: bench, back-office list). It can be, as
  // an organisation belongs to one environment (its requests' environment), and a new operator's creation request
  // is always one its national authority decides (never the Commission, never an administrator).
  const organisations = organisationScopeWhere(scope);
  if (organisations === NOTHING) return NOTHING;
  const administered = scope.administratorOf.map((a) => a.organisationId);
  return {
    AND: [
      { organisation: organisations },
      // Administrators decide attach requests only, not the creation request of the operator they administer.
      ...(administered.length ? [{ NOT: { type: 'OPERATOR_CREATION' as const, organisationId: { in: administered } } }] : []),
      { accountId: { not: accountId } },
    ],
  };
}

/** Organisations whose requests this person decides (environments with the same countries share one branch). */
export function organisationScopeWhere(scope: ApproverScope | undefined): Prisma.OrganisationWhereInput {
  if (!scope?.entitled) return NOTHING;
  const byCountries = new Map<string, Environment[]>();
  const commissionIn: Environment[] = [];
  for (const { environment, countries, commission } of perEnvironment(scope)) {
    if (countries.length) {
      const key = [...countries].sort().join();
      byCountries.set(key, [...(byCountries.get(key) ?? []), environment]);
    }
    if (commission) commissionIn.push(environment);
  }
  const branches: Prisma.OrganisationWhereInput[] = [];
  for (const [countries, environments] of byCountries) {
    branches.push({ environment: { in: environments }, countryCode: { in: countries.split(',') }, ...decidedByNationalAuthority });
  }
  if (commissionIn.length) branches.push({ environment: { in: commissionIn }, ...decidedByCommission });
  const administered = scope.administratorOf.map((a) => a.organisationId);
  if (administered.length) branches.push({ id: { in: administered } });
  return branches.length ? { OR: branches } : NOTHING;
}

/** The other records an approver reads follow from the requests in scope. */
export function scopeWheres(scope: ApproverScope | undefined, accountId: string | undefined) {
  const requests = requestScopeWhere(scope, accountId);
  return {
    AuthorisationRequest: requests,
    Role: { request: { is: requests } } satisfies Prisma.RoleWhereInput,
    Organisation: organisationScopeWhere(scope),
    OperatorDraft: { organisation: { is: { requests: { some: requests } } } } satisfies Prisma.OperatorDraftWhereInput,
    Account: { OR: [{ requests: { some: requests } }, { decisions: { some: requests } }] } satisfies Prisma.AccountWhereInput,
    AuditEvent: { request: { is: requests } } satisfies Prisma.AuditEventWhereInput,
  };
}

export type ScopedModel = keyof ReturnType<typeof scopeWheres>;
