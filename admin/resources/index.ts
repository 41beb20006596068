// The back-office's resources, one file each: what each shows, to whom (the scoped resource and approver-scope.ts),
// and the decisions it offers. Every resource carries the read-only feature (read-only.ts).
import type { ResourceWithOptions } from 'adminjs' with { 'resolution-mode': 'import' };
import { accountResource } from './account';
import { auditEventResource } from './audit-event';
import { authorisationRequestResource } from './authorisation-request';
import { operatorDraftResource } from './operator-draft';
import { organisationResource } from './organisation';
import { referenceListResource } from './reference-list';
import { roleResource } from './role';
import type { AdminJSModule, ResourceDeps } from './shared';

export type { ResourceDeps } from './shared';

export function buildResources(adminjs: AdminJSModule, deps: ResourceDeps): ResourceWithOptions[] {
  return [
    authorisationRequestResource(adminjs, deps),
    roleResource(adminjs, deps),
    organisationResource(adminjs, deps),
    operatorDraftResource(adminjs, deps),
    accountResource(adminjs, deps),
    auditEventResource(adminjs, deps),
    referenceListResource(adminjs, deps, 'Country'),
    referenceListResource(adminjs, deps, 'AuthorityRole'),
  ];
}
