// The directory's organisations whose requests this approver decides, with the Members page of those whose members
// they manage (queue-actions.ts).
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { membersAction } from './queue-actions';
import { readOnlyFeature } from './read-only';
import { scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

export function organisationResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: scopedResource(deps, 'Organisation', ['searchText']),
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'Directory', icon: 'Home' },
      sort: { sortBy: 'name', direction: 'asc' },
      listProperties: ['name', 'kind', 'code', 'country', 'environment', 'status', 'city'],
      filterProperties: ['name', 'kind', 'code', 'country', 'environment', 'status', 'authorityRole'],
      properties: {
        kind: enumProperty(deps, ENUM_VALUES.kind),
        environment: enumProperty(deps, ENUM_VALUES.environment),
        status: enumProperty(deps, ENUM_VALUES.organisationStatus),
        ...dates(deps, 'createdAt', 'updatedAt'),
      },
      actions: { members: membersAction(deps) },
    },
  } as unknown as ResourceWithOptions;
}
