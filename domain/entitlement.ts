// The one entitlement capability: who decides a request (routing), what an approver's VALID posts entitle them to
// (claims), and the Prisma filters for "what this approver may see or decide" and "who may decide this group".
// Pure: callers pass posts and organisations read from the database; the builders only build `where` objects.
import type { Prisma } from '@prisma/client';
import { ENVIRONMENTS, type Environment } from './enums';

/** The authority role of a country's national authority: the organisation that decides its operators. */
export const NATIONAL_AUTHORITY_ROLE = 'CCA';

export interface DecisionOrganisation {
  id: string;
  countryCode: string;
  kind: 'OPERATOR' | 'CONTROL_BODY' | 'AUTHORITY';
  authorityRoleCode: string | null;
  isCommission: boolean;
}

export interface DecisionSubject {
  type: 'ATTACH' | 'OPERATOR_CREATION';
  applicantAccountId: string;
  organisation: DecisionOrganisation;
}

/** What a person may decide in one environment, from their VALID posts. */
export interface ApproverClaims {
  accountId: string;
  /** Organisations (ids) where the approver holds a VALID post as administrator. */
  administratorOf: string[];
  /** Countries whose national authority the approver works for. */
  nationalAuthorityOf: string[];
  /** Holds a VALID post at the Commission. */
  commission: boolean;
}

/** The approver group a workflow keeps from its start: any one member may decide. */
export interface ApproverGroup {
  /** The national authority of this country decides. */
  nationalAuthorityOf?: string;
  /** The Commission decides. */
  commission: boolean;
  /** Administrators of this organisation decide. */
  administratorsOf?: string;
}

export const isNationalAuthority = (o: Pick<DecisionOrganisation, 'kind' | 'isCommission' | 'authorityRoleCode'>) =>
  o.kind === 'AUTHORITY' && !o.isCommission && o.authorityRoleCode === NATIONAL_AUTHORITY_ROLE;

export function approverGroupFor(subject: DecisionSubject): ApproverGroup {
  const o = subject.organisation;
  if (subject.type === 'OPERATOR_CREATION') {
    // A new operator has no administrator yet: only its country's national authority decides it.
    return { nationalAuthorityOf: o.countryCode, commission: false };
  }
  if (o.isCommission) return { commission: true, administratorsOf: o.id };
  if (isNationalAuthority(o)) return { commission: true, administratorsOf: o.id };
  return { nationalAuthorityOf: o.countryCode, commission: false, administratorsOf: o.id };
}

/** A VALID post of an ACTIVE account, with its organisation, as the claims are made from. */
export interface Post {
  environment: Environment;
  isAdministrator: boolean;
  organisation: Omit<DecisionOrganisation, 'id'> & { id: string };
}

/** The claims of a person in one environment, from their VALID posts (of any environment: others are ignored). */
export function claimsFromPosts(accountId: string, environment: Environment, posts: readonly Post[]): ApproverClaims {
  const here = posts.filter((p) => p.environment === environment);
  return {
    accountId,
    administratorOf: [...new Set(here.filter((p) => p.isAdministrator).map((p) => p.organisation.id))],
    nationalAuthorityOf: [
      ...new Set(here.filter((p) => isNationalAuthority(p.organisation)).map((p) => p.organisation.countryCode)),
    ],
    commission: here.some((p) => p.organisation.isCommission),
  };
}

/** In which capacity an approver decides (kept in the audit trail). */
export type ApproverCapacity = 'national authority' | 'commission' | 'administrator';

export type Entitlement =
  { ok: true; capacity: ApproverCapacity } | { ok: false; code: 'NOT_ENTITLED'; reason: string };

/** Entitled when the claims meet the group, and never for one's own request (four eyes). */
export function checkEntitlement(
  claims: ApproverClaims,
  group: ApproverGroup,
  applicantAccountId: string,
): Entitlement {
  if (claims.accountId === applicantAccountId) {
    return { ok: false, code: 'NOT_ENTITLED', reason: 'Nobody may decide their own request (four eyes)' };
  }
  const byAuthority =
    group.nationalAuthorityOf !== undefined && claims.nationalAuthorityOf.includes(group.nationalAuthorityOf);
  const byCommission = group.commission && claims.commission;
  const byAdministrator =
    group.administratorsOf !== undefined && claims.administratorOf.includes(group.administratorsOf);
  if (byAuthority) return { ok: true, capacity: 'national authority' };
  if (byCommission) return { ok: true, capacity: 'commission' };
  if (byAdministrator) return { ok: true, capacity: 'administrator' };
  return { ok: false, code: 'NOT_ENTITLED', reason: 'You may not decide requests for this organisation' };
}

/**
 * Whether an approver may be given a request to decide (the work queue): entitled to decide it like any decider, so
 * never its applicant. Refused with ASSIGNEE_NOT_ENTITLED: the caller may decide, the colleague they name may not.
 */
export function checkAssignee(
  assignee: ApproverClaims,
  group: ApproverGroup,
  applicantAccountId: string,
): { ok: true } | { ok: false; code: 'ASSIGNEE_NOT_ENTITLED'; reason: string } {
  const entitlement = checkEntitlement(assignee, group, applicantAccountId);
  if (entitlement.ok) return { ok: true };
  return { ok: false, code: 'ASSIGNEE_NOT_ENTITLED', reason: `The assignee cannot take it: ${entitlement.reason}` };
}

/**
 * Who sees an organisation's members and grants or removes their administrator rights: whoever decides the attach
 * requests to it (its administrators, the national authority of its country, or the Commission for authorities).
 */
export function checkMemberManager(claims: ApproverClaims, organisation: DecisionOrganisation): Entitlement {
  const group = approverGroupFor({ type: 'ATTACH', applicantAccountId: '', organisation });
  return checkEntitlement(claims, group, '');
}

/** How a person relates to a request: the capacity the status machine is asked about. */
export type ActorCapacity = 'applicant' | 'approver' | 'stranger' | 'system';

export function capacityOf(claims: ApproverClaims, group: ApproverGroup, applicantAccountId: string): ActorCapacity {
  if (claims.accountId === applicantAccountId) return 'applicant';
  return checkEntitlement(claims, group, applicantAccountId).ok ? 'approver' : 'stranger';
}

// ---- Queries --------------------------------------------------------------------------------------------------

/** What an approver may see and decide across environments, from their VALID posts. */
export interface ApproverScope {
  entitled: boolean;
  title: string;
  /** Per TRACES environment: countries whose national authority the person works for. */
  nationalAuthorityOf: Array<{ environment: Environment; country: string }>;
  /** Organisations the person administers. */
  administratorOf: Array<{ environment: Environment; organisationId: string }>;
  commissionIn: Environment[];
}

export function scopeFromPosts(posts: ReadonlyArray<Post & { organisation: { name?: string } }>): ApproverScope {
  const scope: ApproverScope = {
    entitled: false,
    title: '',
    nationalAuthorityOf: [],
    administratorOf: [],
    commissionIn: [],
  };
  for (const post of posts) {
    const o = post.organisation;
    if (o.isCommission) scope.commissionIn.push(post.environment);
    if (isNationalAuthority(o))
      scope.nationalAuthorityOf.push({ environment: post.environment, country: o.countryCode });
    if (post.isAdministrator) scope.administratorOf.push({ environment: post.environment, organisationId: o.id });
  }
  scope.entitled = scope.commissionIn.length + scope.nationalAuthorityOf.length + scope.administratorOf.length > 0;
  scope.title = [...new Set(posts.map((p) => p.organisation.name).filter(Boolean))].slice(0, 2).join(', ');
  return scope;
}

/** Matches no row: the answer for anybody without a scope (fail closed). */
const NOTHING = { id: { in: [] as string[] } };

/** An organisation whose attach requests its country's national authority decides (approverGroupFor). */
const decidedByNationalAuthority: Prisma.OrganisationWhereInput = {
  isCommission: false,
  OR: [
    { kind: { not: 'AUTHORITY' } },
    { authorityRoleCode: null },
    { authorityRoleCode: { not: NATIONAL_AUTHORITY_ROLE } },
  ],
};
/** The Commission and the national authorities: the Commission decides who joins them. */
const decidedByCommission: Prisma.OrganisationWhereInput = {
  OR: [{ isCommission: true }, { kind: 'AUTHORITY', authorityRoleCode: NATIONAL_AUTHORITY_ROLE }],
};

/** Organisations whose requests this person decides (environments with the same countries share one branch). */
export function organisationScopeWhere(
  scope: ApproverScope | undefined,
  environments: readonly Environment[] = ENVIRONMENTS,
): Prisma.OrganisationWhereInput {
  if (!scope?.entitled) return NOTHING;
  const byCountries = new Map<string, Environment[]>();
  const commissionIn: Environment[] = [];
  for (const environment of environments) {
    const countries = scope.nationalAuthorityOf.filter((n) => n.environment === environment).map((n) => n.country);
    if (countries.length) {
      const key = [...countries].sort().join();
      byCountries.set(key, [...(byCountries.get(key) ?? []), environment]);
    }
    if (scope.commissionIn.includes(environment)) commissionIn.push(environment);
  }
  const branches: Prisma.OrganisationWhereInput[] = [];
  for (const [countries, envs] of byCountries) {
    branches.push({
      environment: { in: envs },
      countryCode: { in: countries.split(',') },
      ...decidedByNationalAuthority,
    });
  }
  if (commissionIn.length) branches.push({ environment: { in: commissionIn }, ...decidedByCommission });
  const administered = scope.administratorOf.map((a) => a.organisationId);
  if (administered.length) branches.push({ id: { in: administered } });
  return branches.length ? { OR: branches } : NOTHING;
}

/** The requests this person may see and decide: their group includes the person, and they are not the applicant. */
export function decidableRequestsWhere(
  scope: ApproverScope | undefined,
  accountId: string | undefined,
  environments: readonly Environment[] = ENVIRONMENTS,
): Prisma.AuthorisationRequestWhereInput {
  if (!scope?.entitled || !accountId) return NOTHING;
  // The whole scope is one filter on the request's organisation, so that the database joins the organisation once and
  // filters it before the join. It can be, as an organisation belongs to one environment (its requests'
  // environment), and a new operator's creation request is always one its national authority decides.
  const organisations = organisationScopeWhere(scope, environments);
  if (organisations === NOTHING) return NOTHING;
  const administered = scope.administratorOf.map((a) => a.organisationId);
  return {
    AND: [
      { organisation: organisations },
      // Administrators decide attach requests only, not the creation request of the operator they administer.
      ...(administered.length
        ? [{ NOT: { type: 'OPERATOR_CREATION' as const, organisationId: { in: administered } } }]
        : []),
      { accountId: { not: accountId } },
    ],
  };
}

/** The VALID posts (Role rows) whose holders may decide for the group in an environment, the applicant excluded. */
export function approverPostsWhere(
  environment: Environment,
  group: ApproverGroup,
  applicantAccountId: string,
): Prisma.RoleWhereInput | undefined {
  const or: Prisma.RoleWhereInput[] = [];
  if (group.nationalAuthorityOf) {
    or.push({
      organisation: {
        kind: 'AUTHORITY',
        authorityRoleCode: NATIONAL_AUTHORITY_ROLE,
        isCommission: false,
        countryCode: group.nationalAuthorityOf,
      },
    });
  }
  if (group.commission) or.push({ organisation: { isCommission: true } });
  if (group.administratorsOf) or.push({ organisationId: group.administratorsOf, isAdministrator: true });
  if (!or.length) return undefined;
  return {
    environment,
    status: 'VALID',
    accountId: { not: applicantAccountId },
    account: { status: 'ACTIVE' },
    OR: or,
  };
}

/** The VALID posts of an ACTIVE account that its claims are made from. */
export const postsOfWhere = (accountId: string, environment?: Environment): Prisma.RoleWhereInput => ({
  accountId,
  status: 'VALID',
  account: { status: 'ACTIVE' },
  ...(environment ? { environment } : {}),
});
