// The one status machine of requests and the roles they become: a total function of (status, event, actor capacity)
// that answers the target status or a typed refusal. The workflow's validators and handlers both ask it, and nothing
// else decides a transition.
//
//   REQUESTED → VALID | REJECTED | EXPIRED | WITHDRAWN | DELETED;  VALID → SUSPENDED | DELETED;  SUSPENDED → VALID |
//   DELETED;  REJECTED | EXPIRED | WITHDRAWN → DELETED.
// The work queue's events leave the status as it is: ASSIGN, ASK_QUESTION and ANSWER on an open request (one question
// waits at a time, an answer needs one), GRANT_ADMINISTRATOR on a VALID role, REMOVE_ADMINISTRATOR on a VALID or
// SUSPENDED one (by an approver, or by the member themselves).
import type { ActorCapacity } from './entitlement';
import { Refusal, type RefusalCode } from './contracts';
import type { RequestStatus } from './enums';

/**
 * What happens to a request. OPERATOR_* are the decisions on the new operator an attach request follows; ASSIGN,
 * ASK_QUESTION and ANSWER are the approvers' work queue; *_ADMINISTRATOR change the rights of the role it became.
 */
export const REQUEST_EVENTS = [
  'APPROVE',
  'REJECT',
  'WITHDRAW',
  'EXPIRE',
  'OPERATOR_APPROVED',
  'OPERATOR_REJECTED',
  'OPERATOR_EXPIRED',
  'OPERATOR_WITHDRAWN',
  'SUSPEND',
  'REACTIVATE',
  'DELETE',
  'ASSIGN',
  'ASK_QUESTION',
  'ANSWER',
  'GRANT_ADMINISTRATOR',
  'REMOVE_ADMINISTRATOR',
] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

export const ACTOR_CAPACITIES = [
  'applicant',
  'approver',
  'stranger',
  'system',
] as const satisfies readonly ActorCapacity[];

/** Where a request stands with the new operator it follows: none (an existing organisation), pending or active. */
export type NewOperatorState = 'none' | 'pending' | 'active';

export interface TransitionAsk {
  status: RequestStatus;
  event: RequestEvent;
  capacity: ActorCapacity;
  /** Operator-creation requests have no role: no role actions, no following. */
  type: 'ATTACH' | 'OPERATOR_CREATION';
  newOperator?: NewOperatorState;
  /** Whether a reason (not blank) comes with the event; for a question or an answer, its text. */
  hasReason?: boolean;
  /** Whether a question to the applicant waits for its answer. */
  questionWaiting?: boolean;
}

export type TransitionAnswer =
  { ok: true; to: RequestStatus; audit: AuditAction; decision: boolean } | { ok: false; code: RefusalCode };

export type AuditAction =
  | 'REQUEST_APPROVED'
  | 'REQUEST_REJECTED'
  | 'REQUEST_WITHDRAWN'
  | 'REQUEST_EXPIRED'
  | 'OPERATOR_FOLLOWED'
  | 'ROLE_SUSPENDED'
  | 'ROLE_REACTIVATED'
  | 'ROLE_DELETED'
  | 'REQUEST_ASSIGNED'
  | 'QUESTION_ASKED'
  | 'QUESTION_ANSWERED'
  | 'ADMINISTRATOR_GRANTED'
  | 'ADMINISTRATOR_REMOVED';

interface Row {
  /** Who may cause it. */
  by: readonly ActorCapacity[];
  /** From which statuses, and to which. */
  from: readonly RequestStatus[];
  to: RequestStatus | 'SAME';
  audit: AuditAction;
  /** Approvals and rejections record the decider and reason. */
  decision?: boolean;
  /** Attach requests only (a role, or a new operator to follow). */
  attachOnly?: boolean;
  /** Only a request that follows a new operator. */
  followsOperator?: boolean;
  /** A reason is needed (from anyone but the applicant, for `byOthers`). */
  reason?: 'always' | 'byOthers';
  /** Only while no question waits (`none`), or only while one does (`waiting`). */
  question?: 'none' | 'waiting';
  /** The refusal when the status does not allow it. */
  wrongStatus: RefusalCode;
}

const OPEN = ['REQUESTED'] as const;
const ANY_BUT_DELETED = ['REQUESTED', 'VALID', 'SUSPENDED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'] as const;

const TABLE: Partial<Record<RequestEvent, Row>> = {
  APPROVE: {
    by: ['approver'],
    from: OPEN,
    to: 'VALID',
    audit: 'REQUEST_APPROVED',
    decision: true,
    wrongStatus: Refusal.alreadyDecided,
  },
  REJECT: {
    by: ['approver'],
    from: OPEN,
    to: 'REJECTED',
    audit: 'REQUEST_REJECTED',
    decision: true,
    reason: 'always',
    wrongStatus: Refusal.alreadyDecided,
  },
  WITHDRAW: {
    by: ['applicant'],
    from: OPEN,
    to: 'WITHDRAWN',
    audit: 'REQUEST_WITHDRAWN',
    wrongStatus: Refusal.alreadyDecided,
  },
  EXPIRE: { by: ['system'], from: OPEN, to: 'EXPIRED', audit: 'REQUEST_EXPIRED', wrongStatus: Refusal.alreadyDecided },
  OPERATOR_APPROVED: {
    by: ['system'],
    from: OPEN,
    to: 'SAME',
    audit: 'OPERATOR_FOLLOWED',
    attachOnly: true,
    followsOperator: true,
    wrongStatus: Refusal.alreadyDecided,
  },
  OPERATOR_REJECTED: {
    by: ['system'],
    from: OPEN,
    to: 'REJECTED',
    audit: 'REQUEST_REJECTED',
    decision: true,
    attachOnly: true,
    followsOperator: true,
    wrongStatus: Refusal.alreadyDecided,
  },
  OPERATOR_EXPIRED: {
    by: ['system'],
    from: OPEN,
    to: 'EXPIRED',
    audit: 'REQUEST_EXPIRED',
    attachOnly: true,
    followsOperator: true,
    wrongStatus: Refusal.alreadyDecided,
  },
  OPERATOR_WITHDRAWN: {
    by: ['system'],
    from: OPEN,
    to: 'WITHDRAWN',
    audit: 'REQUEST_WITHDRAWN',
    attachOnly: true,
    followsOperator: true,
    wrongStatus: Refusal.alreadyDecided,
  },
  SUSPEND: {
    by: ['approver'],
    from: ['VALID'],
    to: 'SUSPENDED',
    audit: 'ROLE_SUSPENDED',
    attachOnly: true,
    reason: 'byOthers',
    wrongStatus: Refusal.invalidTransition,
  },
  REACTIVATE: {
    by: ['approver'],
    from: ['SUSPENDED'],
    to: 'VALID',
    audit: 'ROLE_REACTIVATED',
    attachOnly: true,
    wrongStatus: Refusal.invalidTransition,
  },
  DELETE: {
    by: ['approver', 'applicant'],
    from: ANY_BUT_DELETED,
    to: 'DELETED',
    audit: 'ROLE_DELETED',
    attachOnly: true,
    reason: 'byOthers',
    wrongStatus: Refusal.invalidTransition,
  },
  ASSIGN: { by: ['approver'], from: OPEN, to: 'SAME', audit: 'REQUEST_ASSIGNED', wrongStatus: Refusal.alreadyDecided },
  ASK_QUESTION: {
    by: ['approver'],
    from: OPEN,
    to: 'SAME',
    audit: 'QUESTION_ASKED',
    question: 'none',
    reason: 'always',
    wrongStatus: Refusal.alreadyDecided,
  },
  ANSWER: {
    by: ['applicant'],
    from: OPEN,
    to: 'SAME',
    audit: 'QUESTION_ANSWERED',
    question: 'waiting',
    reason: 'always',
    wrongStatus: Refusal.alreadyDecided,
  },
  GRANT_ADMINISTRATOR: {
    by: ['approver'],
    from: ['VALID'],
    to: 'SAME',
    audit: 'ADMINISTRATOR_GRANTED',
    attachOnly: true,
    wrongStatus: Refusal.invalidTransition,
  },
  REMOVE_ADMINISTRATOR: {
    by: ['approver', 'applicant'],
    from: ['VALID', 'SUSPENDED'],
    to: 'SAME',
    audit: 'ADMINISTRATOR_REMOVED',
    attachOnly: true,
    wrongStatus: Refusal.invalidTransition,
  },
};

/** Whether `event` by someone in `capacity` may happen to a request in `status`, and to which status it leads. */
export function transitionFor(ask: TransitionAsk): TransitionAnswer {
  const row = TABLE[ask.event];
  if (!row) return { ok: false, code: Refusal.invalidTransition };
  if (!row.by.includes(ask.capacity)) return { ok: false, code: Refusal.notEntitled };
  if (row.attachOnly && ask.type !== 'ATTACH') return { ok: false, code: Refusal.invalidTransition };
  const newOperator = ask.newOperator ?? 'none';
  if (row.followsOperator && newOperator === 'none') return { ok: false, code: Refusal.invalidTransition };
  if (!row.from.includes(ask.status)) return { ok: false, code: row.wrongStatus };
  if (row.question === 'none' && ask.questionWaiting) return { ok: false, code: Refusal.questionWaiting };
  if (row.question === 'waiting' && !ask.questionWaiting) return { ok: false, code: Refusal.noOpenQuestion };
  if (reasonNeeded(ask.event, ask.capacity) && !ask.hasReason) return { ok: false, code: Refusal.reasonRequired };
  const to = row.to === 'SAME' ? ask.status : row.to;
  // An attach request becomes (or becomes again) VALID only once its new operator is ACTIVE.
  if (to === 'VALID' && ask.type === 'ATTACH' && newOperator === 'pending')
    return { ok: false, code: Refusal.operatorNotActive };
  return { ok: true, to, audit: row.audit, decision: row.decision ?? false };
}

/** Whether the event needs a reason when someone in `capacity` causes it (forms ask for it before sending). */
export function reasonNeeded(event: RequestEvent, capacity: ActorCapacity): boolean {
  const reason = TABLE[event]?.reason;
  return reason === 'always' || (reason === 'byOthers' && capacity !== 'applicant');
}

/** Statuses in which a person holds or waits for a post; they fix the person's role kind in the environment. */
export const LIVE_STATUSES = ['REQUESTED', 'VALID', 'SUSPENDED'] as const satisfies readonly RequestStatus[];
export const isLive = (status: RequestStatus): boolean => (LIVE_STATUSES as readonly RequestStatus[]).includes(status);
