// operatorCreationWorkflow: the national authority of the country decides a new operator.
import { allHandlersFinished, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { AuthorisationActivities } from '../activities/authorisation.activities';
import { applicantWithdrewSignal, type AuthorisationRequestInput } from '../domain/contracts';
import { RequestLifecycle, type RequestResult } from './request-lifecycle';

const acts = proxyActivities<AuthorisationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * Child of the applicant's attach request (id operator-creation:<env>:<operatorId>), whose activity already recorded
 * the PENDING operator and this request. Approval makes the operator ACTIVE (searchable); rejection, expiry or
 * withdrawal makes it REJECTED. Returns the final status to the parent.
 */
export async function operatorCreationWorkflow(input: AuthorisationRequestInput): Promise<RequestResult> {
  const request = new RequestLifecycle(input);
  let applicantWithdrew = false;
  setHandler(applicantWithdrewSignal, async () => {
    // Anyone who reaches the Temporal frontend can send this signal (it has no payload for the codec to refuse), so
    // the withdrawal is believed only when PostgreSQL holds the parent's WITHDRAWN attach request.
    if (patched('verified-withdrawal')) {
      if (!(await acts.attachRequestWithdrawn({ creationRequestId: request.requestId }))) return;
    }
    applicantWithdrew = true;
  });
  await request.record();
  await request.awaitDecision(() => applicantWithdrew);
  if (applicantWithdrew) await request.withdrawnByApplicant();
  await request.notifyOutcome();
  await condition(allHandlersFinished);
  return { requestId: request.requestId, status: request.status() };
}
