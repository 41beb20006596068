// passwordResetWorkflow: forgotten-password links for one e-mail, each valid linkTtlMs, single use, newest wins.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PasswordResetActivities } from '../activities/password-reset.activities';
import { confirmPasswordResetUpdate, passwordResetRequestedSignal, type PasswordResetInput } from '../domain/contracts';

const acts = proxyActivities<PasswordResetActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * One per e-mail (id password-reset:<hmac(email)>, started by signal-with-start). Each request signal names a
 * PasswordResetRequest row; the activity finds the account (or nobody: the run then just ends, and the API answered
 * the same), mails a new link unless one was mailed within the interval, and kills the older one. The run ends when
 * the newest link was used or expired. No e-mail, token or password ever enters the history.
 */
export async function passwordResetWorkflow(input: PasswordResetInput): Promise<void> {
  const { workflowId, runId } = workflowInfo();
  const ttlMinutes = Math.max(1, Math.round(input.linkTtlMs / 60_000));
  const requests: string[] = [...(input.requestIds ?? [])];
  let current: { tokenId: string; expiresAt: number } | undefined;
  let used = false;
  let applying = false;
  let sequence = 0;

  setHandler(passwordResetRequestedSignal, ({ requestId }) => {
    requests.push(requestId);
  });

  setHandler(
    confirmPasswordResetUpdate,
    async ({ tokenId, submissionId }) => {
      applying = true;
      try {
        const result = await acts.completePasswordReset({ tokenId, submissionId, workflowId });
        used = true;
        return result;
      } finally {
        applying = false;
      }
    },
    {
      validator: ({ tokenId }) => {
        if (current !== undefined && current.tokenId === tokenId && Date.now() >= current.expiresAt) {
          throw ApplicationFailure.nonRetryable('link expired', 'LINK_EXPIRED');
        }
        if (used || applying || current?.tokenId !== tokenId) {
          throw ApplicationFailure.nonRetryable('link already used, superseded or unknown', 'INVALID_TOKEN');
        }
      },
    },
  );

  for (;;) {
    if (requests.length > 0 && !applying) {
      sequence += 1;
      const expiresAt = Date.now() + input.linkTtlMs;
      const issued = await acts.issuePasswordResetLink({
        requestIds: requests.splice(0),
        issueKey: `${runId}:${sequence}`,
        workflowId,
        expiresAt: new Date(expiresAt).toISOString(),
        ttlMinutes,
      });
      if (issued.tokenId) {
        current = { tokenId: issued.tokenId, expiresAt: new Date(issued.expiresAt!).getTime() };
        used = false;
      }
      continue;
    }
    if (!current || used) break;
    const left = current.expiresAt - Date.now();
    if (left <= 0 && !applying) break;
    await condition(() => requests.length > 0 || used || applying, Math.max(left, 1));
    if (applying) await condition(() => !applying);
  }
  await condition(allHandlersFinished);
  // A request that arrived as this run ended starts the next one.
  if (requests.length > 0) await continueAsNew<typeof passwordResetWorkflow>({ ...input, requestIds: requests });
}
