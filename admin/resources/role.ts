// Roles (posts) of the requests in scope: suspend, reactivate, delete with a reason.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { applicantNames } from '../request-reads';
import { roleAction } from './decisions';
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { readOnlyFeature } from './read-only';
import { exportAction, onlyIn, scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

export function roleResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  const withNames = async (response: {
    records?: Array<{ params: Record<string, unknown> }>;
    record?: { params: Record<string, unknown> };
  }) => {
    const records = response.records ?? (response.record ? [response.record] : []);
    const names = await applicantNames(
      deps.db,
      records.map((r) => String(r.params.account)),
    );
    for (const r of records) r.params = { ...r.params, applicant: names.get(String(r.params.account)) ?? '' };
    return response;
  };
  return {
    resource: scopedResource(deps, 'Role'),
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'Requests', icon: 'Inbox' },
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      listProperties: ['environment', 'kind', 'organisation', 'applicant', 'status', 'isAdministrator', 'updatedAt'],
      filterProperties: ['status', 'environment', 'kind', 'organisation', 'account', 'isAdministrator'],
      properties: {
        applicant: { type: 'string', isSortable: false, isVisible: onlyIn(['list', 'show']) },
        status: enumProperty(deps, ENUM_VALUES.status),
        environment: enumProperty(deps, ENUM_VALUES.environment),
        kind: enumProperty(deps, ENUM_VALUES.kind),
        ...dates(deps, 'createdAt', 'updatedAt'),
      },
      actions: {
        list: { after: withNames },
        show: { after: withNames },
        suspend: roleAction(deps, 'SUSPEND', ['VALID']),
        reactivate: roleAction(deps, 'REACTIVATE', ['SUSPENDED']),
        deleteRole: roleAction(deps, 'DELETE', ['VALID', 'SUSPENDED']),
        export: exportAction(adminjs, deps),
      },
    },
  } as unknown as ResourceWithOptions;
}
