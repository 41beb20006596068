// Who decides a request (docs/architecture.md, "Where each rule lives"). Pure: callers pass the organisation and the claims.
import type { ApproverClaims } from './contracts';

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

/** The approver group a workflow keeps from its start: any one member may decide. */
export interface ApproverGroup {
  /** The national authority (CCA) of this country decides. */
  nationalAuthorityOf?: string;
  /** The Commission decides. */
  commission: boolean;
  /** Administrators of this organisation decide. */
  administratorsOf?: string;
}

export const isNationalAuthority = (o: DecisionOrganisation) =>
  o.kind === 'AUTHORITY' && !o.isCommission && o.authorityRoleCode === 'CCA';

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

/** In which capacity an approver decides (kept in the audit trail). */
export type ApproverCapacity = 'national authority' | 'commission' | 'administrator';

export type Entitlement = { ok: true; capacity: ApproverCapacity } | { ok: false; code: 'NOT_ENTITLED'; reason: string };

/** Entitled when the claims meet the group, and never for one's own request (four eyes). */
export function checkEntitlement(claims: ApproverClaims, group: ApproverGroup, applicantAccountId: string): Entitlement {
  if (claims.accountId === applicantAccountId) {
    return { ok: false, code: 'NOT_ENTITLED', reason: 'Nobody may decide their own request (four eyes)' };
  }
  const byAuthority = group.nationalAuthorityOf !== undefined && claims.nationalAuthorityOf.includes(group.nationalAuthorityOf);
  const byCommission = group.commission && claims.commission;
  const byAdministrator = group.administratorsOf !== undefined && claims.administratorOf.includes(group.administratorsOf);
  if (byAuthority) return { ok: true, capacity: 'national authority' };
  if (byCommission) return { ok: true, capacity: 'commission' };
  if (byAdministrator) return { ok: true, capacity: 'administrator' };
  return { ok: false, code: 'NOT_ENTITLED', reason: 'You may not decide requests for this organisation' };
}
