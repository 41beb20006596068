// The life of a request and of the role it becomes:
// REQUESTED → VALID | REJECTED | EXPIRED | WITHDRAWN; VALID ⇄ SUSPENDED; any → DELETED.
import type { RequestStatus } from './enums';

const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  REQUESTED: ['VALID', 'REJECTED', 'EXPIRED', 'WITHDRAWN', 'DELETED'],
  VALID: ['SUSPENDED', 'DELETED'],
  SUSPENDED: ['VALID', 'DELETED'],
  REJECTED: ['DELETED'],
  EXPIRED: ['DELETED'],
  WITHDRAWN: ['DELETED'],
  DELETED: [],
};

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean => NEXT[from].includes(to);

/** Statuses in which a person holds or waits for a post; they fix the person's role kind in the environment. */
export const LIVE_STATUSES = ['REQUESTED', 'VALID', 'SUSPENDED'] as const satisfies readonly RequestStatus[];
export const isLive = (status: RequestStatus): boolean => (LIVE_STATUSES as readonly RequestStatus[]).includes(status);

/** Role actions of approvers and the person, as transitions. */
export const ROLE_ACTION_TARGET = { SUSPEND: 'SUSPENDED', REACTIVATE: 'VALID', DELETE: 'DELETED' } as const satisfies
  Record<'SUSPEND' | 'REACTIVATE' | 'DELETE', RequestStatus>;
