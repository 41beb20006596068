// Public reference lists that organisations point to (countries, authority roles): any signed-in approver reads them
// whole; they are not in the sidebar.
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import type { AdminUser } from '../session-security';
import { readOnlyFeature } from './read-only';
import type { AdminJSModule, ResourceDeps } from './shared';

const NOTHING = { code: { in: [] as string[] } };

export function referenceListResource(adminjs: AdminJSModule, deps: ResourceDeps, name: string): ResourceWithOptions {
  return {
    resource: {
      model: deps.models[name]!,
      client: deps.db,
      scope: (user: AdminUser | undefined) => (user ? {} : NOTHING),
    },
    features: [readOnlyFeature(adminjs)],
    options: { navigation: false },
  } as unknown as ResourceWithOptions;
}
