// What an approver may see and decide, resolved from their VALID posts (DESIGN §3.5 routing).
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
  const roles = await db.role.findMany({
    where: { accountId, status: 'VALID' },
    include: { organisation: { select: { id: true, name: true, countryCode: true, authorityRoleCode: true, isCommission: true } } },
  });
  const scope: ApproverScope = { entitled: false, title: '', nationalAuthorityOf: [], administratorOf: [], commissionIn: [] };
  for (const role of roles) {
    const o = role.organisation;
    if (o.isCommission) scope.commissionIn.push(role.environment);
    if (o.authorityRoleCode === 'CCA') scope.nationalAuthorityOf.push({ environment: role.environment, country: o.countryCode });
    if (role.isAdministrator) scope.administratorOf.push({ environment: role.environment, organisationId: o.id });
  }
  scope.entitled = scope.commissionIn.length + scope.nationalAuthorityOf.length + scope.administratorOf.length > 0;
  scope.title = [...new Set(roles.map((r) => r.organisation.name))].slice(0, 2).join(', ');
  return scope;
}
