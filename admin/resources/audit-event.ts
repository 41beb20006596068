// The audit trail of the requests in scope.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { readOnlyFeature } from './read-only';
import { exportAction, scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

export function auditEventResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: scopedResource(deps, 'AuditEvent'),
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'Audit', icon: 'FileText' },
      sort: { sortBy: 'at', direction: 'desc' },
      listProperties: ['at', 'environment', 'actor', 'action', 'entityType', 'fromStatus', 'toStatus', 'request'],
      properties: { environment: enumProperty(deps, ENUM_VALUES.environment), ...dates(deps, 'at') },
      actions: { export: exportAction(adminjs, deps) },
    },
  } as unknown as ResourceWithOptions;
}
