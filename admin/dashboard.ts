// Reads for the back-office pages: the approver's dashboard, a request's age and its timeline (audit events).
import type { Db } from '../lib/db';
import { requestScopeWhere } from './approver-scope';
import type { AdminUser } from './session-security';

/** "4 d 3 h", "2 h 10 min", "35 s": how long a request has been waiting. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${s} s`;
}

export interface DashboardOptions {
  /** A waiting request that expires within this time is listed as close to expiry. */
  closeToExpiryMs: number;
}

const summary = (
  r: {
    id: string;
    environment: string;
    type: string;
    createdAt: Date;
    expiresAt: Date | null;
    organisation: { name: string; countryCode: string };
  },
  now: number,
) => ({
  id: r.id,
  environment: r.environment,
  type: r.type,
  organisation: `${r.organisation.name} (${r.organisation.countryCode})`,
  createdAt: r.createdAt.toISOString(),
  age: formatAge(now - r.createdAt.getTime()),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  expiresIn: r.expiresAt ? formatAge(r.expiresAt.getTime() - now) : null,
});

/** Counts by status, the oldest waiting request and those close to expiry, all within the approver's scope. */
export async function dashboardData(db: Db, user: AdminUser | undefined, options: DashboardOptions) {
  const scope = requestScopeWhere(user?.scope, user?.id);
  const now = Date.now();
  const select = {
    id: true,
    environment: true,
    type: true,
    createdAt: true,
    expiresAt: true,
    organisation: { select: { name: true, countryCode: true } },
  } as const;
  const [groups, oldest, closeToExpiry] = await Promise.all([
    db.authorisationRequest.groupBy({ by: ['status'], where: scope, _count: { _all: true } }),
    db.authorisationRequest.findFirst({
      where: { AND: [scope, { status: 'REQUESTED' }] },
      orderBy: { createdAt: 'asc' },
      select,
    }),
    db.authorisationRequest.findMany({
      where: { AND: [scope, { status: 'REQUESTED', expiresAt: { lte: new Date(now + options.closeToExpiryMs) } }] },
      orderBy: { expiresAt: 'asc' },
      take: 10,
      select,
    }),
  ]);
  const counts: Record<string, number> = {
    REQUESTED: 0,
    VALID: 0,
    SUSPENDED: 0,
    REJECTED: 0,
    EXPIRED: 0,
    WITHDRAWN: 0,
    DELETED: 0,
  };
  for (const g of groups) counts[g.status] = g._count._all;
  return {
    title: user?.title ?? '',
    counts,
    oldestWaiting: oldest ? summary(oldest, now) : null,
    closeToExpiry: closeToExpiry.map((r) => summary(r, now)),
    closeToExpiryWithin: formatAge(options.closeToExpiryMs),
  };
}

/** The audit trail of one request, oldest first, as the show page's timeline. */
export async function timelineOf(db: Db, requestId: string) {
  const events = await db.auditEvent.findMany({ where: { requestId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return events.map((e) => ({
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    reason: e.reason,
  }));
}

/** Temporal UI's page of a workflow (its latest run). */
export function temporalUiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
