// operatorCreationWorkflow: the national authority of the country decides a new operator.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { applicantWithdrewSignal, type AuthorisationRequestInput } from '../domain/contracts';
import { requestLifecycle, type RequestResult } from './authorisation-request.workflow';

/**
 * Child of the applicant's attach request (id operator-creation:<env>:<operatorId>), whose activity already recorded
 * the PENDING operator and this request. Approval makes the operator ACTIVE (searchable); rejection, expiry or
 * withdrawal makes it REJECTED. Returns the final status to the parent.
 */
export async function operatorCreationWorkflow(input: AuthorisationRequestInput): Promise<RequestResult> {
  const request = requestLifecycle(input);
  let applicantWithdrew = false;
  setHandler(applicantWithdrewSignal, () => {
    applicantWithdrew = true;
  });
  await request.record();
  await request.awaitDecision(() => applicantWithdrew);
  if (applicantWithdrew) {
    await condition(() => !request.isBusy());
    if (request.status() === 'REQUESTED') {
      await request.transition('WITHDRAWN', 'REQUEST_WITHDRAWN', { actor: 'applicant', accountId: input.accountId });
    }
  }
  await request.notifyOutcome();
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}
