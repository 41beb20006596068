// The back-office's resources: what each shows, to whom (scopeWheres), and the decisions it offers. No resource has a
// generic new/edit/delete: workflow-owned fields (status, decidedBy, account, organisation …) are never form fields.
import type { ActionContext, ActionRequest, BaseRecord, ResourceWithOptions } from 'adminjs' with {
  'resolution-mode': 'import',
};
import type { Db } from '../lib/db';
import { scopeWheres, type ScopedModel } from './approver-scope';
import { formatAge, temporalUiLink, timelineOf } from './dashboard';
import { bulkHandler, decisionSpec, recordHandler, roleActionSpec, type DecisionDeps } from './decision-actions';
import { concurrentListHandler } from './list-action';
import type { DmmfModel, ScopedResourceArgs } from './scoped-resource';
import type { AdminUser } from './session-security';

type AdminJSModule = typeof import('adminjs', { with: { 'resolution-mode': 'import' } });

export interface ResourceDeps extends DecisionDeps {
  db: Db;
  models: Record<string, DmmfModel>;
  components: Record<'DecisionForm' | 'BulkDecisionForm' | 'Timeline' | 'WorkflowLink' | 'ExportCsv', string>;
  temporalUi: { url: string; namespace: string };
}

const EXPORT_LIMIT = 10_000;
const NOTHING = { code: { in: [] as string[] } };

const noGenericWrites = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
};

const signedIn = ({ currentAdmin }: { currentAdmin?: unknown }) => !!currentAdmin;
const statusIn =
  (...statuses: string[]) =>
  ({ currentAdmin, record }: { currentAdmin?: unknown; record?: BaseRecord }) =>
    !!currentAdmin && !!record && statuses.includes(String(record.param('status')));
const onlyIn = (places: Array<'list' | 'show'>) => ({
  list: places.includes('list'),
  show: places.includes('show'),
  edit: false,
  filter: false,
});

/** "a;b" → "\"a;b\"", and no cell may start a spreadsheet formula. */
function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function buildResources(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions[] {
  const { Filter, flat } = adminjs;
  const { db, components } = deps;

  const resource = (name: ScopedModel, hiddenFields: string[] = []): ScopedResourceArgs => ({
    model: deps.models[name]!,
    client: db,
    hiddenFields,
    scope: (user: AdminUser | undefined) => scopeWheres(user?.scope, user?.id)[name],
  });
  /** Public reference lists that organisations point to: any signed-in approver reads them whole. */
  const referenceList = (name: string) => ({
    resource: { model: deps.models[name]!, client: db, scope: (user: AdminUser | undefined) => (user ? {} : NOTHING) },
    options: { navigation: false, actions: noGenericWrites },
  });

  /** CSV of what the list shows under the same filters, through the same scoped find. */
  const exportAction = {
    actionType: 'resource' as const,
    icon: 'Download',
    component: components.ExportCsv,
    isAccessible: signedIn,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const {
        filters = {},
        sortBy,
        direction,
      } = flat.unflatten((request.query ?? {}) as Record<string, unknown>) as {
        filters?: Record<string, unknown>;
        sortBy?: string;
        direction?: 'asc' | 'desc';
      };
      const filter = await new Filter(filters, context.resource).populate(context);
      const decorated = context.resource.decorate();
      const sort: { sortBy?: string; direction?: 'asc' | 'desc' } = decorated.options.sort ?? {};
      const records = await context.resource.find(
        filter,
        {
          limit: EXPORT_LIMIT,
          offset: 0,
          sort: { sortBy: sortBy ?? sort.sortBy, direction: direction ?? sort.direction },
        },
        context,
      );
      const columns = context.resource.properties().map((p) => p.path());
      const lines = [columns.join(';'), ...records.map((r) => columns.map((c) => csvCell(r.param(c))).join(';'))];
      return { csv: `${lines.join('\r\n')}\r\n`, count: records.length, fileName: `${decorated.id()}.csv` };
    },
  };

  const requestId = (record: BaseRecord) => String(record.id());
  const roleRequestId = (record: BaseRecord) => String(record.param('request'));

  const decision = (d: 'APPROVE' | 'REJECT') => ({
    actionType: 'record' as const,
    icon: d === 'APPROVE' ? 'Check' : 'X',
    variant: d === 'APPROVE' ? ('success' as const) : ('danger' as const),
    component: components.DecisionForm,
    custom: {
      verb: decisionSpec(d, requestId).label,
      done: decisionSpec(d, requestId).done,
      reasonRequired: decisionSpec(d, requestId).reasonRequired,
    },
    isVisible: statusIn('REQUESTED'),
    isAccessible: signedIn,
    handler: recordHandler(deps, decisionSpec(d, requestId)),
  });
  const bulkDecision = (d: 'APPROVE' | 'REJECT') => ({
    actionType: 'bulk' as const,
    icon: d === 'APPROVE' ? 'CheckSquare' : 'XSquare',
    variant: d === 'APPROVE' ? ('success' as const) : ('danger' as const),
    component: components.BulkDecisionForm,
    custom: {
      verb: `${decisionSpec(d, requestId).label} all`,
      reasonRequired: decisionSpec(d, requestId).reasonRequired,
    },
    isVisible: statusIn('REQUESTED'),
    isAccessible: signedIn,
    handler: bulkHandler(deps, decisionSpec(d, requestId)),
  });
  const roleAction = (
    a: 'SUSPEND' | 'REACTIVATE' | 'DELETE',
    visibleIn: string[],
    spec = roleActionSpec(a, roleRequestId),
  ) => ({
    actionType: 'record' as const,
    icon: a === 'SUSPEND' ? 'PauseCircle' : a === 'REACTIVATE' ? 'PlayCircle' : 'Trash2',
    variant: a === 'DELETE' ? ('danger' as const) : ('default' as const),
    component: components.DecisionForm,
    custom: { verb: spec.label, done: spec.done, reasonRequired: spec.reasonRequired },
    isVisible: statusIn(...visibleIn),
    isAccessible: signedIn,
    handler: recordHandler(deps, roleActionSpec(a, roleRequestId)),
  });

  const withAge = (params: Record<string, unknown>) => {
    const created = Date.parse(String(params.createdAt));
    return Number.isNaN(created) ? params : { ...params, age: formatAge(Date.now() - created) };
  };

  return [
    {
      resource: resource('AuthorisationRequest'),
      options: {
        navigation: { name: 'Requests', icon: 'Inbox' },
        // The sidebar opens the queue: open requests this person may decide, oldest first.
        href: ({
          h,
          resource: r,
        }: {
          h: InstanceType<AdminJSModule['ViewHelpers']>;
          resource: InstanceType<AdminJSModule['BaseResource']>;
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
          'account',
          'status',
          'expiresAt',
        ],
        filterProperties: [
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
          'id',
          'status',
          'environment',
          'type',
          'kind',
          'organisation',
          'account',
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
          age: { type: 'string', isSortable: false, isVisible: onlyIn(['list', 'show']) },
          workflowLink: {
            type: 'string',
            isSortable: false,
            isVisible: onlyIn(['show']),
            components: { show: components.WorkflowLink },
          },
          timeline: {
            type: 'string',
            isSortable: false,
            isVisible: onlyIn(['show']),
            components: { show: components.Timeline },
          },
        },
        actions: {
          ...noGenericWrites,
          list: {
            handler: concurrentListHandler(adminjs),
            after: async (response: { records?: Array<{ params: Record<string, unknown> }> }) => {
              for (const r of response.records ?? []) r.params = withAge(r.params);
              return response;
            },
          },
          show: {
            after: async (response: { record?: { params: Record<string, unknown> } }) => {
              const record = response.record;
              if (!record?.params?.id) return response;
              const id = String(record.params.id);
              record.params = {
                ...withAge(record.params),
                timeline: JSON.stringify(await timelineOf(db, id)),
                workflowLink: temporalUiLink(
                  deps.temporalUi.url,
                  deps.temporalUi.namespace,
                  String(record.params.workflowId),
                ),
              };
              return response;
            },
          },
          approve: decision('APPROVE'),
          reject: decision('REJECT'),
          bulkApprove: bulkDecision('APPROVE'),
          bulkReject: bulkDecision('REJECT'),
          export: exportAction,
        },
      },
    },
    {
      resource: resource('Role'),
      options: {
        navigation: { name: 'Requests', icon: 'Inbox' },
        sort: { sortBy: 'updatedAt', direction: 'desc' },
        listProperties: ['environment', 'kind', 'organisation', 'account', 'status', 'isAdministrator', 'updatedAt'],
        filterProperties: ['status', 'environment', 'kind', 'organisation', 'account', 'isAdministrator'],
        actions: {
          ...noGenericWrites,
          suspend: roleAction('SUSPEND', ['VALID']),
          reactivate: roleAction('REACTIVATE', ['SUSPENDED']),
          deleteRole: roleAction('DELETE', ['VALID', 'SUSPENDED']),
          export: exportAction,
        },
      },
    },
    {
      resource: resource('Organisation', ['searchText']),
      options: {
        navigation: { name: 'Directory', icon: 'Home' },
        sort: { sortBy: 'name', direction: 'asc' },
        listProperties: ['name', 'kind', 'code', 'country', 'environment', 'status', 'city'],
        filterProperties: ['name', 'kind', 'code', 'country', 'environment', 'status', 'authorityRole'],
        actions: noGenericWrites,
      },
    },
    {
      resource: resource('OperatorDraft'),
      options: {
        navigation: { name: 'Directory', icon: 'Home' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        actions: noGenericWrites,
      },
    },
    {
      // Read-only, and the password hash is not even a property: it cannot be shown, filtered, sorted or exported.
      resource: resource('Account', ['passwordHash']),
      options: {
        navigation: { name: 'People', icon: 'User' },
        titleProperty: 'email',
        sort: { sortBy: 'createdAt', direction: 'desc' },
        listProperties: ['email', 'firstName', 'lastName', 'status', 'createdAt'],
        actions: noGenericWrites,
      },
    },
    {
      resource: resource('AuditEvent'),
      options: {
        navigation: { name: 'Audit', icon: 'FileText' },
        sort: { sortBy: 'at', direction: 'desc' },
        listProperties: ['at', 'environment', 'actor', 'action', 'entityType', 'fromStatus', 'toStatus', 'request'],
        actions: { ...noGenericWrites, export: exportAction },
      },
    },
    referenceList('Country'),
    referenceList('AuthorityRole'),
  ] as unknown as ResourceWithOptions[];
}
