// What applicants typed in "Create a new operator", beside the operators it created.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { readOnlyFeature } from './read-only';
import { scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

export function operatorDraftResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: scopedResource(deps, 'OperatorDraft'),
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'Directory', icon: 'Home' },
      sort: { sortBy: 'createdAt', direction: 'desc' },
      properties: { environment: enumProperty(deps, ENUM_VALUES.environment), ...dates(deps, 'createdAt') },
    },
  } as unknown as ResourceWithOptions;
}
