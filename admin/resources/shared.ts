// What the resource files share: their dependencies, visibility helpers and the CSV export action.
import type { ActionContext, ActionRequest, BaseRecord } from 'adminjs' with { 'resolution-mode': 'import' };
import type { Db } from '../../lib/db';
import { scopeWheres, type ScopedModel } from '../approver-scope';
import type { DecisionDeps } from '../decision-actions';
import type { WorkQueueDeps } from '../work-queue-actions';
import type { DmmfModel, ScopedResourceArgs } from '../scoped-resource';
import type { AdminUser } from '../session-security';

export type AdminJSModule = typeof import('adminjs', { with: { 'resolution-mode': 'import' } });

export type ComponentName =
  | 'DecisionForm'
  | 'BulkDecisionForm'
  | 'Timeline'
  | 'WorkflowLink'
  | 'ExportCsv'
  | 'OperatorView'
  | 'EnumValue'
  | 'DateValue'
  | 'DecisionOutcome'
  | 'QueueForm'
  | 'Members';

export interface ResourceDeps extends DecisionDeps, WorkQueueDeps {
  db: Db;
  models: Record<string, DmmfModel>;
  components: Record<ComponentName, string>;
  temporalUi: { url: string; namespace: string };
}

const EXPORT_LIMIT = 10_000;

export const signedIn = ({ currentAdmin }: { currentAdmin?: unknown }) => !!currentAdmin;
export const statusIn =
  (...statuses: string[]) =>
  ({ currentAdmin, record }: { currentAdmin?: unknown; record?: BaseRecord }) =>
    !!currentAdmin && !!record && statuses.includes(String(record.param('status')));
export const onlyIn = (places: Array<'list' | 'show'>) => ({
  list: places.includes('list'),
  show: places.includes('show'),
  edit: false,
  filter: false,
});

/** The resource of one model, scoped to what the signed-in approver may read. */
export const scopedResource = (deps: ResourceDeps, name: ScopedModel, hiddenFields: string[] = []) =>
  ({
    model: deps.models[name]!,
    client: deps.db,
    hiddenFields,
    scope: (user: AdminUser | undefined) => scopeWheres(user?.scope, user?.id)[name],
  }) satisfies ScopedResourceArgs;

/** "a;b" → "\"a;b\"", and no cell may start a spreadsheet formula. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV of what the list shows under the same filters, through the same scoped find. */
export function exportAction(adminjs: AdminJSModule, deps: ResourceDeps) {
  const { Filter, flat } = adminjs;
  return {
    actionType: 'resource' as const,
    icon: 'Download',
    component: deps.components.ExportCsv,
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
}
