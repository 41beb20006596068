// registrationWorkflow: pending account, a set-password link valid linkTtlMs, resend, expiry.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { RegistrationActivities } from '../activities/registration.activities';
import {
  confirmPasswordUpdate,
  registrationApplicationSignal,
  registrationStatusQuery,
  registrationViewUpdate,
  resendLinkUpdate,
  type RegistrationInput,
  type RegistrationResult,
  type RegistrationView,
} from '../domain/contracts';
import type { RegistrationStatus } from '../domain/enums';

// Local activities: each runs inside the workflow task that needs it, so a registration costs the Temporal server
// two workflow tasks (start, password) instead of one per step; a worker lost mid-way re-runs them (all idempotent).
const acts = proxyLocalActivities<RegistrationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * One registration per e-mail at a time (id registration:<hmac(email)>, started with signal-with-start or, from older
 * callers, update-with-start USE_EXISTING). Holds no personal data: the application, token and password wait in the
 * database, referenced by id. An application that arrives after the registration ended continues as new with it.
 */
export async function registrationWorkflow(input: RegistrationInput): Promise<RegistrationResult> {
  const { workflowId } = workflowInfo();
  const registrationId = uuid4();
  const ttlMinutes = Math.round(input.linkTtlMs / 60_000);
  let status: RegistrationStatus = 'PENDING_VERIFICATION';
  let expiresAt = new Date(Date.now() + input.linkTtlMs);
  let recorded = false;
  let linkSequence = 0;
  let currentTokenId: string | undefined;
  let activating = false;
  let closing = false;

  const view = (): RegistrationView => ({ registrationId, status, expiresAt: expiresAt.toISOString() });

  setHandler(registrationStatusQuery, view);

  // Applications signalled while this registration can still take them are duplicates (discarded at once); later
  // ones start the next run.
  const late: string[] = [];
  let ended = false;
  setHandler(registrationApplicationSignal, async ({ applicationId }) => {
    if (applicationId === input.applicationId) return;
    await condition(() => recorded);
    if (ended || status !== 'PENDING_VERIFICATION' || closing) late.push(applicationId);
    else await acts.discardApplication(applicationId);
  });
  const finish = async (result: RegistrationResult): Promise<RegistrationResult> => {
    ended = true;
    await condition(allHandlersFinished);
    if (late.length === 0) return result;
    const next = late.pop();
    for (const applicationId of late) await acts.discardApplication(applicationId);
    if (next === undefined || result.status === 'ALREADY_REGISTERED') {
      if (next !== undefined) await acts.discardApplication(next);
      return result;
    }
    return continueAsNew<typeof registrationWorkflow>({ applicationId: next, linkTtlMs: input.linkTtlMs });
  };

  setHandler(registrationViewUpdate, async ({ applicationId }) => {
    if (applicationId !== input.applicationId) await acts.discardApplication(applicationId);
    await condition(() => recorded);
    return view();
  });

  const issueLink = async () => {
    linkSequence += 1;
    expiresAt = new Date(Date.now() + input.linkTtlMs);
    const { tokenId } = await acts.issueSetPasswordLink({
      registrationId,
      sequence: linkSequence,
      expiresAt: expiresAt.toISOString(),
      ttlMinutes,
    });
    currentTokenId = tokenId;
  };

  setHandler(
    resendLinkUpdate,
    async () => {
      await issueLink();
      return view();
    },
    {
      validator: () => {
        if (status !== 'PENDING_VERIFICATION' || closing || activating) {
          throw ApplicationFailure.nonRetryable('registration is no longer pending', 'REGISTRATION_CLOSED');
        }
      },
    },
  );

  setHandler(
    confirmPasswordUpdate,
    async ({ tokenId, submissionId }) => {
      activating = true;
      try {
        const activated = await acts.activateAccount({ registrationId, tokenId, submissionId, workflowId });
        status = 'ACTIVE';
        // Another submission of the link set the password first (its Update was aborted with a lost workflow task
        // and is on its way again): this one is told the link is used.
        if (activated.ownSubmission === false) {
          throw ApplicationFailure.nonRetryable('link already used, superseded or unknown', 'INVALID_TOKEN');
        }
        return { accountId: activated.accountId, status: 'ACTIVE' as const };
      } finally {
        activating = false;
      }
    },
    {
      validator: ({ tokenId }) => {
        if (status === 'EXPIRED' || closing) throw ApplicationFailure.nonRetryable('link expired', 'LINK_EXPIRED');
        if (status !== 'PENDING_VERIFICATION' || activating || tokenId !== currentTokenId) {
          throw ApplicationFailure.nonRetryable('link already used, superseded or unknown', 'INVALID_TOKEN');
        }
      },
    },
  );

  // Accepting the application also issues the first link.
  const accepted = await acts.acceptRegistration({
    applicationId: input.applicationId,
    registrationId,
    workflowId,
    expiresAt: expiresAt.toISOString(),
    ttlMinutes,
  });
  if (accepted.outcome === 'ALREADY_REGISTERED') {
    // Answer exactly as for a new registration (no account enumeration), then end.
    recorded = true;
    return finish({ registrationId, status: 'ALREADY_REGISTERED' });
  }
  linkSequence = 1;
  currentTokenId = accepted.tokenId;
  recorded = true;

  // The window restarts whenever a resend moves expiresAt: each window has its own timer. A timer is never cancelled
  // (one history event less for the usual registration, activated in time); a window's timer firing after a resend
  // opened a new one is ignored.
  for (;;) {
    const deadline = expiresAt.getTime();
    let elapsed = false;
    void sleep(Math.max(deadline - Date.now(), 1)).then(
      () => {
        elapsed = true;
      },
      () => undefined,
    );
    await condition(() => elapsed || status !== 'PENDING_VERIFICATION' || expiresAt.getTime() !== deadline);
    if ((status as RegistrationStatus) === 'ACTIVE') break;
    if (expiresAt.getTime() !== deadline) continue;
    if (activating) {
      // A password arrived just in time: its outcome decides (the next round expires at once if it failed).
      await condition(() => !activating);
      continue;
    }
    closing = true;
    await acts.expireRegistration({ registrationId, ttlMinutes, workflowId });
    status = 'EXPIRED';
    break;
  }
  return finish({ registrationId, status });
}
