// People behind the requests in scope. Read-only, and the password hash is not even a property: it cannot be shown,
// filtered, sorted or exported.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { dates, enumProperty, ENUM_VALUES } from './labels';
import { readOnlyFeature } from './read-only';
import { scopedResource, type AdminJSModule, type ResourceDeps } from './shared';

export function accountResource(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: scopedResource(deps, 'Account', ['passwordHash']),
    features: [readOnlyFeature(adminjs)],
    options: {
      navigation: { name: 'People', icon: 'User' },
      titleProperty: 'email',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['email', 'firstName', 'lastName', 'status', 'createdAt'],
      properties: {
        status: enumProperty(deps, ENUM_VALUES.accountStatus),
        ...dates(deps, 'createdAt', 'activatedAt', 'updatedAt', 'alreadyRegisteredMailAt', 'passwordResetMailAt'),
      },
    },
  } as unknown as ResourceWithOptions;
}
