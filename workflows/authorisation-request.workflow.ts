// authorisationRequestWorkflow: one person × environment × organisation, from the request through the
// role's whole life. The request lifecycle below is shared with operatorCreationWorkflow.
import {
  allHandlersFinished, ApplicationFailure, condition, ParentClosePolicy, proxyActivities, setHandler, startChild,
  upsertSearchAttributes, uuid4, workflowInfo,
} from '@temporalio/workflow';
import type { AuthorisationActivities, StatusActor } from '../activities/authorisation.activities';
import { approverGroupFor, checkEntitlement, type ApproverGroup } from '../domain/approver-routing';
import {
  decideUpdate, operatorCreationWorkflowId, requestStatusQuery, requestViewUpdate, RequestFailure, roleActionUpdate,
  SearchAttr, withdrawUpdate, applicantWithdrewSignal, type ApproverClaims, type AuthorisationRequestInput, type RequestOrganisation,
  type RequestView, type RoleAction,
} from '../domain/contracts';
import type { RequestStatus } from '../domain/enums';
import { canTransition, ROLE_ACTION_TARGET } from '../domain/request-status';
import type { operatorCreationWorkflow } from './operator-creation.workflow';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 };
// Ordinary activities, not local ones: with local activities completing inside an Update's workflow task, the order of
// the search-attribute upsert and the Update's completion was not stable across replays (a nondeterminism error seen
// in the replay test of a fresh run).
const acts = proxyActivities<AuthorisationActivities>({ startToCloseTimeout: '30 seconds', retry });
const mails = acts;

const refuse = (type: string, message: string) => ApplicationFailure.nonRetryable(message, type);

const ROLE_ACTION_AUDIT = { SUSPEND: 'ROLE_SUSPENDED', REACTIVATE: 'ROLE_REACTIVATED', DELETE: 'ROLE_DELETED' } as const;

export interface RequestResult {
  requestId: string;
  status: RequestStatus;
}

/**
 * The request's state and message handlers: recorded once, decided by an Update whose validator checks entitlement
 * (claims against the approver group fixed at start), four eyes, an open request and a reason for rejections.
 * `busy` marks a status change in flight, so that nothing else starts one meanwhile.
 */
export function requestLifecycle(input: AuthorisationRequestInput, options: { creation?: { requestId: string; workflowId: string } } = {}) {
  const { workflowId, runId } = workflowInfo();
  const requestId = input.requestId ?? uuid4();
  const groupOf = (organisation: RequestOrganisation) =>
    approverGroupFor({ type: input.type, applicantAccountId: input.accountId, organisation });
  let status: RequestStatus = 'REQUESTED';
  /** How the request left REQUESTED: the outcome the applicant is told, whatever happens to the role meanwhile. */
  let outcome: RequestStatus | undefined;
  // A request recorded by its parent (operator creation) may be decided from the first moment.
  let recorded = input.organisation !== undefined;
  let busy = false;
  /** False while an attach request waits for its new operator to be approved. */
  let decidable = !options.creation;
  let group: ApproverGroup = input.organisation ? groupOf(input.organisation) : { commission: false };

  const view = (): RequestView => ({
    id: requestId, organisationId: input.organisationId, status, workflowId,
    ...(options.creation ? { creationRequestId: options.creation.requestId } : {}),
  });

  const transition = async (to: RequestStatus, action: string, by: StatusActor, reason?: string, decision = false) => {
    busy = true;
    try {
      await acts.changeStatus({ requestId, workflowId, from: [status], to, action, by, reason, decision });
      if (status === 'REQUESTED') outcome = to;
      status = to;
      upsertSearchAttributes([{ key: SearchAttr.requestStatus, value: to }]);
    } finally {
      busy = false;
    }
  };

  setHandler(requestStatusQuery, view);
  setHandler(requestViewUpdate, async () => {
    await condition(() => recorded);
    return view();
  });

  setHandler(decideUpdate, async ({ decision, reason, approver }) => {
    const entitlement = checkEntitlement(approver, group, input.accountId);
    const capacity = entitlement.ok ? entitlement.capacity : 'approver';
    if (decision === 'APPROVE') await transition('VALID', 'REQUEST_APPROVED', { actor: capacity, accountId: approver.accountId }, reason?.trim() || undefined, true);
    else await transition('REJECTED', 'REQUEST_REJECTED', { actor: capacity, accountId: approver.accountId }, reason!.trim(), true);
    return { status };
  }, {
    validator: ({ decision, reason, approver }: { decision: 'APPROVE' | 'REJECT'; reason?: string; approver: ApproverClaims }) => {
      if (!recorded) throw refuse(RequestFailure.alreadyDecided, 'The request is not recorded yet');
      const entitlement = checkEntitlement(approver, group, input.accountId);
      if (!entitlement.ok) throw refuse(RequestFailure.notEntitled, entitlement.reason);
      if (status !== 'REQUESTED' || busy) throw refuse(RequestFailure.alreadyDecided, `The request is already ${status === 'REQUESTED' ? 'being decided' : status}`);
      if (decision === 'REJECT' && !reason?.trim()) throw refuse(RequestFailure.reasonRequired, 'A rejection needs a reason');
      if (decision === 'APPROVE' && !decidable) {
        throw refuse(RequestFailure.operatorNotActive, 'The new operator must be approved before this request');
      }
    },
  });

  setHandler(withdrawUpdate, async () => {
    await transition('WITHDRAWN', 'REQUEST_WITHDRAWN', { actor: 'applicant', accountId: input.accountId });
    return { status };
  }, {
    validator: ({ accountId }: { accountId: string }) => {
      if (accountId !== input.accountId) throw refuse(RequestFailure.notEntitled, 'Only the applicant may withdraw a request');
      if (!recorded || status !== 'REQUESTED' || busy) throw refuse(RequestFailure.alreadyDecided, `The request is already ${status}`);
    },
  });

  setHandler(roleActionUpdate, async ({ action, reason, actor }) => {
    const bySelf = actor.accountId === input.accountId;
    const entitlement = checkEntitlement(actor, group, input.accountId);
    const capacity = bySelf ? 'applicant' : entitlement.ok ? entitlement.capacity : 'approver';
    await transition(ROLE_ACTION_TARGET[action], ROLE_ACTION_AUDIT[action], { actor: capacity, accountId: actor.accountId }, reason?.trim() || undefined);
    return { status };
  }, {
    validator: ({ action, actor }: { action: RoleAction; actor: ApproverClaims }) => {
      const target: RequestStatus = ROLE_ACTION_TARGET[action];
      if (input.type !== 'ATTACH') throw refuse(RequestFailure.invalidAction, 'An operator-creation request has no role');
      if (actor.accountId === input.accountId) {
        if (action !== 'DELETE') throw refuse(RequestFailure.notEntitled, 'Nobody may suspend or reactivate their own role');
      } else {
        const entitlement = checkEntitlement(actor, group, input.accountId);
        if (!entitlement.ok) throw refuse(RequestFailure.notEntitled, entitlement.reason);
      }
      if (!recorded || busy || !canTransition(status, target)) {
        throw refuse(RequestFailure.invalidAction, `A ${status} role cannot become ${target}`);
      }
    },
  });

  return {
    requestId,
    status: () => status,
    isBusy: () => busy,
    transition,

    /** Records the request, fixes its approver group and publishes its search attributes. */
    async record(): Promise<RequestOrganisation> {
      const organisation = await acts.recordRequest({ requestId, workflowId, runId, input, creation: options.creation });
      group = groupOf(organisation);
      upsertSearchAttributes([
        { key: SearchAttr.environment, value: input.environment },
        { key: SearchAttr.requestKind, value: input.type === 'OPERATOR_CREATION' ? 'OPERATOR_CREATION' : input.kind },
        { key: SearchAttr.requestStatus, value: status },
        { key: SearchAttr.countryCode, value: organisation.countryCode },
        { key: SearchAttr.organisationCode, value: organisation.code ?? organisation.id },
      ]);
      recorded = true;
      return organisation;
    },

    makeDecidable() {
      decidable = true;
    },

    /**
     * Mails the approvers, reminds them after reminderAfterMs and expires the request after expiresAfterMs,
     * unless it is decided, withdrawn or `stop()` holds first.
     */
    async awaitDecision(stop: () => boolean = () => false): Promise<void> {
      const openedAt = Date.now();
      const open = () => status === 'REQUESTED' && !stop();
      const until = (at: number) => Math.max(at - Date.now(), 1);
      await mails.announceRequest({ requestId, group, expiresAt: new Date(openedAt + input.expiresAfterMs).toISOString() });
      if (input.reminderAfterMs < input.expiresAfterMs) {
        const ended = await condition(() => !open(), until(openedAt + input.reminderAfterMs));
        if (!ended && !busy) await mails.remindApprovers({ requestId, group, workflowId });
      }
      const ended = await condition(() => !open(), until(openedAt + input.expiresAfterMs));
      if (!ended) {
        await condition(() => !busy);
        if (open()) await transition('EXPIRED', 'REQUEST_EXPIRED', { actor: 'system' }, 'Not decided in time');
      }
    },

    /**
     * Tells the applicant how the request ended, when it ended by a decision or by expiry (also when the role was
     * suspended or deleted before this ran, e.g. while a reminder waited for a database that was down).
     */
    async notifyOutcome(): Promise<void> {
      if (outcome === 'VALID') await mails.notifyApplicant({ requestId, outcome: 'approved' });
      if (outcome === 'REJECTED') await mails.notifyApplicant({ requestId, outcome: 'rejected' });
      if (outcome === 'EXPIRED') await mails.notifyApplicant({ requestId, outcome: 'expired' });
    },
  };
}

/**
 * One per person × environment × organisation (id authorisation:<env>:<account>:<organisation>, started with
 * update-with-start and USE_EXISTING). For a new operator it first runs operatorCreationWorkflow as its child and
 * follows it: approvable once the operator is ACTIVE, rejected (or expired, withdrawn) with it. Once VALID it keeps
 * the role until deleted (suspend and reactivate on the way).
 */
export async function authorisationRequestWorkflow(input: AuthorisationRequestInput): Promise<RequestResult> {
  const creation = input.operatorDraftId
    ? { requestId: uuid4(), workflowId: operatorCreationWorkflowId(input.environment, input.organisationId) }
    : undefined;
  const request = requestLifecycle(input, { creation });
  const organisation = await request.record();

  if (creation) {
    const child = await startChild<typeof operatorCreationWorkflow>('operatorCreationWorkflow', {
      workflowId: creation.workflowId,
      args: [{
        environment: input.environment, kind: 'OPERATOR', type: 'OPERATOR_CREATION', accountId: input.accountId,
        organisationId: input.organisationId, requestId: creation.requestId, organisation,
        reminderAfterMs: input.reminderAfterMs, expiresAfterMs: input.expiresAfterMs,
      }],
      // The operator is decided on its own: it outlives an attach request rejected meanwhile.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    let operator: RequestStatus | undefined;
    void child.result().then((result) => {
      operator = result.status;
    });
    await condition(() => (operator !== undefined && !request.isBusy()) || request.status() !== 'REQUESTED');
    if (request.status() === 'WITHDRAWN' && operator === undefined) {
      await child.signal(applicantWithdrewSignal);
    } else if (request.status() === 'REQUESTED') {
      if (operator === 'VALID') request.makeDecidable();
      else if (operator === 'EXPIRED') await request.transition('EXPIRED', 'REQUEST_EXPIRED', { actor: 'system' }, 'The new operator was not decided in time');
      else if (operator === 'WITHDRAWN') await request.transition('WITHDRAWN', 'REQUEST_WITHDRAWN', { actor: 'applicant', accountId: input.accountId });
      else await request.transition('REJECTED', 'REQUEST_REJECTED', { actor: 'system' }, 'The new operator was rejected', true);
    }
  }

  if (request.status() === 'REQUESTED') await request.awaitDecision();
  await request.notifyOutcome();
  // A role lives until deleted; it may already be suspended by the time the applicant has been told of the approval.
  if (request.status() === 'VALID' || request.status() === 'SUSPENDED') await condition(() => request.status() === 'DELETED');
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}
