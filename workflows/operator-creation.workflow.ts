// operatorCreationWorkflow: the national authority of the country decides a new operator.
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { applicantWithdrewSignal, type AuthorisationRequestInput } from '../domain/contracts';
import { RequestLifecycle, type RequestResult } from './request-lifecycle';

/**
 * Child of the applicant's attach request (id operator-creation:<env>:<operatorId>), whose activity already recorded
 * the PENDING operator and this request. Approval makes the operator ACTIVE (searchable); rejection, expiry or
 * withdrawal makes it REJECTED. Returns the final status to the parent.
 */
export async function operatorCreationWorkflow(input: AuthorisationRequestInput): Promise<RequestResult> {
  const request = new RequestLifecycle(input);
  let applicantWithdrew = false;
  setHandler(applicantWithdrewSignal, () => {
    applicantWithdrew = true;
  });
  await request.record();
  await request.awaitDecision(() => applicantWithdrew);
  if (applicantWithdrew) await request.withdrawnByApplicant();
  await request.notifyOutcome();
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}
