// emailChangeWorkflow: the mails of a change of e-mail address, sent durably (retried until they are out).
import { proxyActivities } from '@temporalio/workflow';
import type { EmailChangeActivities } from '../activities/email-change.activities';
import type { EmailChangeInput } from '../domain/contracts';

const acts = proxyActivities<EmailChangeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * One per change (id email-change:<changeId>): mails the confirmation link to the new address (or, when that address
 * already has an account, tells its owner that nothing changed) and tells the old address. The link itself is checked
 * and used by the API in one transaction (api/use-cases/account-security.ts); its validity is the row's expiresAt.
 */
export async function emailChangeWorkflow(input: EmailChangeInput): Promise<void> {
  await acts.mailEmailChange({
    changeId: input.changeId,
    ttlHours: Math.max(1, Math.round(input.linkTtlMs / 3_600_000)),
  });
}
