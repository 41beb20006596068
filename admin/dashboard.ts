// Reads for the back-office pages: the approver's dashboard, a request's age and its timeline (audit events).
import type { Db } from '../lib/db';
import { requestScopeWhere } from './approver-scope';
import { applicantNames } from './request-reads';
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
  const waiting = { AND: [scope, { status: 'REQUESTED' as const }] };
  const [groups, oldest, closeToExpiry, mine, unassigned, administered] = await Promise.all([
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
    db.authorisationRequest.count({ where: { AND: [waiting, { assigneeId: user?.id ?? null }] } }),
    db.authorisationRequest.count({ where: { AND: [waiting, { assigneeId: null }] } }),
    db.organisation.findMany({
      where: { id: { in: (user?.scope.administratorOf ?? []).map((a) => a.organisationId) } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, environment: true },
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
    // The work queue's views, and the organisations whose Members page the person has as administrator.
    queue: { mine: user ? mine : 0, unassigned },
    administered,
  };
}

/**
 * The audit trail of one request, oldest first, as the show page's timeline: who acted (by name), and for the work
 * queue the assignee and the question's or answer's text (kept in RequestQuestion, never in the audit event itself).
 */
export async function timelineOf(db: Db, requestId: string) {
  const [events, questions] = await Promise.all([
    db.auditEvent.findMany({ where: { requestId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.requestQuestion.findMany({ where: { requestId } }),
  ]);
  const asked = new Map(questions.map((q) => [q.id, q]));
  const detail = (e: (typeof events)[number], key: string) => {
    const value = (e.details as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  const names = await applicantNames(db, [
    ...events.map((e) => e.actorAccountId ?? ''),
    ...events.map((e) => detail(e, 'assigneeAccountId') ?? ''),
  ]);
  return events.map((e) => {
    const question = asked.get(detail(e, 'questionId') ?? '');
    const assignee = detail(e, 'assigneeAccountId');
    return {
      at: e.at.toISOString(),
      actor: e.actor,
      who: (e.actorAccountId && names.get(e.actorAccountId)) || null,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      ...(e.action === 'REQUEST_ASSIGNED' ? { assignee: (assignee && names.get(assignee)) || null } : {}),
      ...(e.action === 'QUESTION_ASKED' && question ? { question: question.text } : {}),
      ...(e.action === 'QUESTION_ANSWERED' && question ? { answer: question.answer } : {}),
    };
  });
}

/** Temporal UI's page of a workflow (its latest run). */
export function temporalUiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
