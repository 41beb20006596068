// The work queue as AdminJS actions: Assign to me, Assign to a colleague, Unassign and Ask the applicant on a request,
// Members on an organisation. Each goes through admin/work-queue-actions.ts, i.e. through the request's workflow.
import type { BaseRecord } from 'adminjs' with { 'resolution-mode': 'import' };
import type { AdminUser } from '../session-security';
import { mayManageMembers, membersHandler, queueHandler } from '../work-queue-actions';
import { signedIn, type ResourceDeps } from './shared';

type Visible = { currentAdmin?: unknown; record?: BaseRecord };
const open = ({ currentAdmin, record }: Visible) => !!currentAdmin && record?.param('status') === 'REQUESTED';
const assignee = (record?: BaseRecord) => (record?.param('assignee') as string | null | undefined) || null;
const me = (currentAdmin: unknown) => (currentAdmin as AdminUser | undefined)?.id;

const queueAction = (
  deps: ResourceDeps,
  kind: 'assignToMe' | 'assign' | 'unassign' | 'askQuestion',
  isVisible: (v: Visible) => boolean,
  icon: string,
  inList: boolean,
) => ({
  actionType: 'record' as const,
  icon,
  component: deps.components.QueueForm,
  // `inList`: offered on the queue's rows too (the other actions are on the request's page only).
  custom: { queue: kind, inList },
  isVisible,
  isAccessible: signedIn,
  handler: queueHandler(deps, kind),
});

export const queueActions = (deps: ResourceDeps) => ({
  assignToMe: queueAction(
    deps,
    'assignToMe',
    (v) => open(v) && assignee(v.record) !== me(v.currentAdmin),
    'UserCheck',
    true,
  ),
  assign: queueAction(deps, 'assign', open, 'Users', false),
  unassign: queueAction(deps, 'unassign', (v) => open(v) && assignee(v.record) !== null, 'UserX', false),
  askQuestion: queueAction(deps, 'askQuestion', open, 'HelpCircle', false),
});

export const membersAction = (deps: ResourceDeps) => ({
  actionType: 'record' as const,
  icon: 'Users',
  component: deps.components.Members,
  isVisible: mayManageMembers,
  // The use-case refuses anyone else (NOT_ENTITLED); the page shows the refusal by its code.
  isAccessible: signedIn,
  handler: membersHandler(deps),
});
