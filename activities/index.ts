// All activities, created from their dependencies (no module-level state).
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { createAuthorisationActivities } from './authorisation.activities';
import { createRegistrationActivities } from './registration.activities';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRegistrationActivities(deps),
    ...createAuthorisationActivities(deps),
  };
}
