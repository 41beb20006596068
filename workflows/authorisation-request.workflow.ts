// authorisationRequestWorkflow: one person × environment × organisation, from the request through the role's whole
// life. The request's own life (decisions, role actions, expiry) is workflows/request-lifecycle.ts.
import {
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  applicantWithdrewSignal,
  newOperatorUpdate,
  NO_ORGANISATION_CODE,
  operatorCreationWorkflowId,
  ROLE_HISTORY_BOUND,
  SearchAttr,
  WorkflowType,
  type AuthorisationRequestInput,
  type RequestOrganisation,
} from '../domain/contracts';
import type { RequestStatus } from '../domain/enums';
import type { operatorCreationWorkflow } from './operator-creation.workflow';
import { ORGANISATION_CODE_PATCH, RequestLifecycle, type RequestResult } from './request-lifecycle';

export type { RequestResult } from './request-lifecycle';

/** Runs the new operator's creation as a child and follows its decision (approvable once the operator is ACTIVE). */
async function followNewOperator(
  request: RequestLifecycle,
  input: AuthorisationRequestInput,
  organisation: RequestOrganisation,
  creation: { requestId: string; workflowId: string },
): Promise<void> {
  let started = false;
  let operator: RequestStatus | undefined;
  // Callers that found the creation request before its workflow runs, or the operator decided before this request
  // heard it, await this instead of polling.
  setHandler(newOperatorUpdate, async ({ until }) => {
    const heard = () => (operator !== undefined || request.status() !== 'REQUESTED') && !request.isBusy();
    await condition(() => (until === 'started' ? started : heard()));
    return { status: request.status() };
  });
  const child = await startChild<typeof operatorCreationWorkflow>(WorkflowType.operatorCreation, {
    workflowId: creation.workflowId,
    args: [
      {
        environment: input.environment,
        kind: 'OPERATOR',
        type: 'OPERATOR_CREATION',
        accountId: input.accountId,
        organisationId: input.organisationId,
        requestId: creation.requestId,
        organisation,
        reminderAfterMs: input.reminderAfterMs,
        expiresAfterMs: input.expiresAfterMs,
      },
    ],
    // The operator is decided on its own: it outlives an attach request rejected meanwhile.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  started = true;
  void child.result().then((result) => {
    operator = result.status;
  });
  await condition(() => (operator !== undefined && !request.isBusy()) || request.status() !== 'REQUESTED');
  if (request.status() === 'WITHDRAWN' && operator === undefined) await child.signal(applicantWithdrewSignal);
  else if (operator !== undefined) await request.followOperator(operator);
}

/**
 * One per person × environment × organisation (id authorisation:<env>:<account>:<organisation>, started with
 * update-with-start and USE_EXISTING). For a new operator it first runs operatorCreationWorkflow as its child and
 * follows it: approvable once the operator is ACTIVE, rejected (or expired, withdrawn) with it. Once VALID it keeps
 * the role until deleted (suspend and reactivate on the way). A request the recording refuses (another kind of role
 * in the environment …) ends at once, its requestView Update failing with the refusal code.
 */
export async function authorisationRequestWorkflow(input: AuthorisationRequestInput): Promise<RequestResult> {
  // A run continued as new is a role already recorded and decided: it only keeps the role.
  if (input.carried) {
    return keepRole(new RequestLifecycle(input, input.carried.creation), input, input.carried.renewals ?? []);
  }
  // A run that begins on a deploy's code needs no renewal by it later (the marker is recorded at the start).
  const renewed = ROLE_RENEWALS.filter((id) => patched(id));
  const creation = input.operatorDraftId
    ? { requestId: uuid4(), workflowId: operatorCreationWorkflowId(input.environment, input.organisationId) }
    : undefined;
  const request = new RequestLifecycle(input, creation);
  const organisation = await request.record();
  if (!organisation) {
    await condition(allHandlersFinished);
    return { requestId: request.requestId, status: 'REJECTED', refused: request.refusal() };
  }
  if (creation) await followNewOperator(request, input, organisation, creation);

  if (request.status() === 'REQUESTED') await request.awaitDecision();
  await request.notifyOutcome();
  // A role lives until deleted; it may already be suspended by the time the applicant has been told of the approval.
  if (request.status() === 'VALID' || request.status() === 'SUSPENDED') return keepRole(request, input, renewed);
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}

type TypedSearchAttributes = ReturnType<typeof workflowInfo>['typedSearchAttributes'];

/**
 * The search attributes a run continues as new with: a role recorded before ORGANISATION_CODE_PATCH, whose
 * OrganisationCode is its organisation's id (it had no code), gets NO_ORGANISATION_CODE in its next run.
 */
function withOrganisationCode(attributes: TypedSearchAttributes, organisationId: string): TypedSearchAttributes {
  if (attributes.get(SearchAttr.organisationCode) !== organisationId || !patched(ORGANISATION_CODE_PATCH)) {
    return attributes;
  }
  return attributes.updateCopy([{ key: SearchAttr.organisationCode, value: NO_ORGANISATION_CODE }]);
}

/** Patch id of the bounded role run: runs recorded before it (no marker) keep the role in one run, as they did. */
export const ROLE_CONTINUE_AS_NEW_PATCH = 'role-continue-as-new';

/**
 * Deploys that asked every kept role into a fresh run of their code (patch ids, oldest first). A role whose run began
 * before one of them continues as new at its next step on that code (an action, a question …); runs that begin on it
 * record the marker at their start and are not renewed again. To ask, a deploy appends an id; an id stays listed
 * until no open run can hold its marker (README, "Versioning and long-lived workflows").
 */
export const ROLE_RENEWALS: readonly string[] = [];

/**
 * Keeps the role until it is deleted. Past the history bound (input.historyBound, or Temporal's suggestion), or when
 * a deploy asked for it (ROLE_RENEWALS not yet in `renewed`), it waits until no Update handler runs, so that none is
 * cut short, and continues as new under the same workflow id with the lifecycle's state and the search attributes;
 * the API addresses the chain by its first run (firstExecutionRunId).
 */
async function keepRole(
  request: RequestLifecycle,
  input: AuthorisationRequestInput,
  renewed: readonly string[],
): Promise<RequestResult> {
  const bound = input.historyBound ?? ROLE_HISTORY_BOUND;
  const deleted = () => request.status() === 'DELETED';
  // patched() answers false while replaying a run that was not renewed, true once the run meets the new code live.
  const asked = () => ROLE_RENEWALS.some((id) => !renewed.includes(id) && patched(id));
  const long = () => workflowInfo().historyLength >= bound || workflowInfo().continueAsNewSuggested || asked();
  await condition(() => deleted() || (long() && !request.isBusy()));
  // Asked only once the bound is reached, so that a run recorded before the patch replays without a marker.
  if (!deleted() && patched(ROLE_CONTINUE_AS_NEW_PATCH)) {
    await condition(allHandlersFinished);
    if (!deleted()) {
      const typedSearchAttributes = withOrganisationCode(workflowInfo().typedSearchAttributes, input.organisationId);
      const next = makeContinueAsNewFunc<typeof authorisationRequestWorkflow>({ typedSearchAttributes });
      await next({ ...input, carried: { ...request.carry(), renewals: [...ROLE_RENEWALS] } });
    }
  }
  await condition(deleted);
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}
