// The decision and role actions as AdminJS actions: Approve and Reject (one or in bulk) on requests, Suspend,
// Reactivate and Delete role on roles. Each goes through decision-actions.ts, i.e. through the request's workflow.
import type { BaseRecord } from 'adminjs' with { 'resolution-mode': 'import' };
import { bulkHandler, decisionSpec, recordHandler, roleActionSpec } from '../decision-actions';
import { signedIn, statusIn, type ResourceDeps } from './shared';

const requestId = (record: BaseRecord) => String(record.id());
const roleRequestId = (record: BaseRecord) => String(record.param('request'));

export const decisionAction = (deps: ResourceDeps, d: 'APPROVE' | 'REJECT') => ({
  actionType: 'record' as const,
  icon: d === 'APPROVE' ? 'Check' : 'X',
  variant: d === 'APPROVE' ? ('success' as const) : ('danger' as const),
  component: deps.components.DecisionForm,
  custom: {
    verb: decisionSpec(d, requestId).label,
    done: decisionSpec(d, requestId).done,
    reasonRequired: decisionSpec(d, requestId).reasonRequired,
    showAfter: true,
  },
  isVisible: statusIn('REQUESTED'),
  isAccessible: signedIn,
  handler: recordHandler(deps, decisionSpec(d, requestId)),
});

export const bulkDecisionAction = (deps: ResourceDeps, d: 'APPROVE' | 'REJECT') => ({
  actionType: 'bulk' as const,
  icon: d === 'APPROVE' ? 'CheckSquare' : 'XSquare',
  variant: d === 'APPROVE' ? ('success' as const) : ('danger' as const),
  component: deps.components.BulkDecisionForm,
  custom: {
    verb: `${decisionSpec(d, requestId).label} all`,
    reasonRequired: decisionSpec(d, requestId).reasonRequired,
  },
  isVisible: statusIn('REQUESTED'),
  isAccessible: signedIn,
  handler: bulkHandler(deps, decisionSpec(d, requestId)),
});

export const roleAction = (
  deps: ResourceDeps,
  a: 'SUSPEND' | 'REACTIVATE' | 'DELETE',
  visibleIn: string[],
  spec = roleActionSpec(a, roleRequestId),
) => ({
  actionType: 'record' as const,
  icon: a === 'SUSPEND' ? 'PauseCircle' : a === 'REACTIVATE' ? 'PlayCircle' : 'Trash2',
  variant: a === 'DELETE' ? ('danger' as const) : ('default' as const),
  component: deps.components.DecisionForm,
  custom: { verb: spec.label, done: spec.done, reasonRequired: spec.reasonRequired },
  isVisible: statusIn(...visibleIn),
  isAccessible: signedIn,
  handler: recordHandler(deps, roleActionSpec(a, roleRequestId)),
});
