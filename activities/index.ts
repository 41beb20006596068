// All activities, created from their dependencies (no module-level state).
import type { Db } from '../lib/db';
import type { Mailer } from '../lib/mailer';
import { createAuthorisationActivities } from './authorisation.activities';
import { createEmailChangeActivities } from './email-change.activities';
import { createPasswordResetActivities } from './password-reset.activities';
import { createRegistrationActivities } from './registration.activities';
import { createWorkQueueActivities } from './work-queue.activities';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  /** At most one "already registered" or reset mail per address in this window (default 15 minutes). */
  accountMailIntervalMs?: number;
  /** Derives the tokens of mailed links (lib/secrets.ts linkTokenFor), so that a retried mail keeps its link. */
  linkSecret: Buffer;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRegistrationActivities(deps),
    ...createAuthorisationActivities(deps),
    ...createPasswordResetActivities(deps),
    ...createEmailChangeActivities(deps),
    ...createWorkQueueActivities(deps),
  };
}
