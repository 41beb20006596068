// Requests: the approver's queue (open requests this person may decide, oldest first), each request's page with the
// applicant, the whole new operator and its timeline, and the decisions.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { formatAge, temporalUiLink, timelineOf } from '../dashboard';
import { concurrentListHandler } from '../list-action';
import { applicantNames, newOperatorView, nextInQueue, requestSearchWhere } from '../request-reads';
import type { AdminUser } from '../session-security';
import { bulkDecisionAction, decisionAction } from './decisions';
import { queueActions } from './queue-actions';
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { readOnlyFeature } from './read-only';
import { exportAction, onlyIn, scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

type Params = Record<string, unknown>;

/** The queue's views as filter values: assigned to the signed-in approver, or to nobody. */
const QUEUE_VIEWS = ['me', 'none'] as const;

const withAge = (params: Params) => {
  const created = Date.parse(String(params.createdAt));
  return Number.isNaN(created) ? params : { ...params, age: formatAge(Date.now() - created) };
};

const virtual = (places: Array<'list' | 'show'>, component?: string) => ({
  type: 'string' as const,
  isSortable: false,
  isVisible: onlyIn(places),
  ...(component ? { components: { show: component } } : {}),
});

export function authorisationRequestResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  const { db, components } = deps;
  const showAfter = async (
    response: { record?: { params: Params } },
    _request: unknown,
    context: { currentAdmin?: unknown },
  ) => {
    const record = response.record;
    if (!record?.params?.id) return response;
    const id = String(record.params.id);
    const [timeline, names, operator, next] = await Promise.all([
      timelineOf(db, id),
      applicantNames(db, [String(record.params.account), String(record.params.assignee ?? '')]),
      record.params.type === 'OPERATOR_CREATION' ? newOperatorView(db, String(record.params.organisation)) : null,
      nextInQueue(db, context.currentAdmin as AdminUser | undefined, id),
    ]);
    record.params = {
      ...withAge(record.params),
      applicant: names.get(String(record.params.account)) ?? '',
      assignedTo: names.get(String(record.params.assignee ?? '')) ?? '—',
      timeline: JSON.stringify(timeline),
      newOperator: operator ? JSON.stringify(operator) : '',
      nextRequest: next ?? '',
      outcome: '',
      workflowLink: temporalUiLink(deps.temporalUi.url, deps.temporalUi.namespace, String(record.params.workflowId)),
    };
    return response;
  };
  const listAfter = async (response: { records?: Array<{ params: Params }> }) => {
    const records = response.records ?? [];
    // The applicants are already populated (AdminJS read them for the account column): their names come from there,
    // and only those it could not read (and the assignees) are asked for.
    const names = new Map<string, string>();
    for (const r of records as Array<{ params: Params; populated?: Record<string, { params?: Params } | null> }>) {
      const person = r.populated?.account?.params;
      if (person?.firstName !== undefined)
        names.set(String(r.params.account), `${person.firstName} ${person.lastName}`);
    }
    const missing = records
      .flatMap((r) => [String(r.params.account), String(r.params.assignee ?? '')])
      .filter((id) => id && !names.has(id));
    for (const [id, name] of await applicantNames(db, missing)) names.set(id, name);
    for (const r of records)
      r.params = {
        ...withAge(r.params),
        applicant: names.get(String(r.params.account)) ?? '',
        assignedTo: names.get(String(r.params.assignee ?? '')) ?? '',
      };
    return response;
  };

  return {
    resource: {
      ...scopedResource(deps, 'AuthorisationRequest'),
      search: (term: string) => requestSearchWhere(db, term),
      // The queue's views: `filters.queue=me` (assigned to me) and `filters.queue=none` (unassigned).
      views: {
        queue: (value: string, user: AdminUser | undefined) =>
          value === 'me' && user
            ? { assigneeId: user.id }
            : value === 'none'
              ? { assigneeId: null }
              : { id: { in: [] } },
      },
    },
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'Requests', icon: 'Inbox' },
      // The sidebar opens the queue: open requests this person may decide, oldest first.
      href: ({
        h,
        resource: r,
      }: {
        h: { resourceActionUrl(o: object): string };
        resource: { decorate(): { id(): string } };
      }) =>
        h.resourceActionUrl({
          resourceId: r.decorate().id(),
          actionName: 'list',
          search: '?filters.status=REQUESTED&sortBy=createdAt&direction=asc',
        }),
      sort: { sortBy: 'createdAt', direction: 'asc' },
      listProperties: [
        'createdAt',
        'age',
        'environment',
        'type',
        'kind',
        'organisation',
        'applicant',
        'assignedTo',
        'status',
        'expiresAt',
      ],
      filterProperties: [
        'q',
        'queue',
        'status',
        'environment',
        'type',
        'kind',
        'organisation',
        'account',
        'createdAt',
        'expiresAt',
      ],
      showProperties: [
        'outcome',
        'id',
        'status',
        'environment',
        'type',
        'kind',
        'organisation',
        'applicant',
        'assignedTo',
        'newOperator',
        'age',
        'createdAt',
        'expiresAt',
        'message',
        'contactEmail',
        'contactPhone',
        'decidedBy',
        'decidedAt',
        'reason',
        'parent',
        'workflowLink',
        'timeline',
      ],
      properties: {
        q: { type: 'string', isSortable: false, isVisible: { list: false, show: false, edit: false, filter: true } },
        applicant: virtual(['list', 'show']),
        assignedTo: virtual(['list', 'show']),
        queue: {
          type: 'string',
          isSortable: false,
          availableValues: QUEUE_VIEWS.map((value) => ({ value, label: value })),
          isVisible: { list: false, show: false, edit: false, filter: true },
        },
        age: virtual(['list', 'show']),
        outcome: virtual(['show'], components.DecisionOutcome),
        newOperator: virtual(['show'], components.OperatorView),
        workflowLink: virtual(['show'], components.WorkflowLink),
        timeline: virtual(['show'], components.Timeline),
        status: enumProperty(deps, ENUM_VALUES.status),
        environment: enumProperty(deps, ENUM_VALUES.environment),
        type: enumProperty(deps, ENUM_VALUES.type),
        kind: enumProperty(deps, ENUM_VALUES.kind),
        ...dates(deps, 'createdAt', 'expiresAt', 'decidedAt', 'updatedAt', 'reminderSentAt'),
      },
      actions: {
        list: { handler: concurrentListHandler(adminjs), after: listAfter },
        show: { after: showAfter },
        approve: decisionAction(deps, 'APPROVE'),
        reject: decisionAction(deps, 'REJECT'),
        ...queueActions(deps),
        bulkApprove: bulkDecisionAction(deps, 'APPROVE'),
        bulkReject: bulkDecisionAction(deps, 'REJECT'),
        export: exportAction(adminjs, deps),
      },
    },
  } as unknown as ResourceWithOptions;
}
