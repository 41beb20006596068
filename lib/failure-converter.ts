// Failure messages and stack traces are encoded as payloads, so the codec encrypts them too: an error may quote data
// (an SMTP server rejecting a recipient names the address). Loaded by path: the workflow bundle includes it.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
