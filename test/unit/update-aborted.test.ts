// Which failures of an Update call the API sends again (api/use-cases/approvals.ts, updateAborted): those where the
// server gave up on the Update before running it to the end, never a refusal or a server that is down.
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { updateAborted } from '../../api/use-cases/approvals';

/** A gRPC error as @temporalio/client receives it from the frontend. */
const grpc = (code: number, details: string) => Object.assign(new Error(details), { code, details, metadata: {} });
const UNAVAILABLE = 14;

test('an Update the server aborted (a run continuing as new, a lost workflow task) or a call timed out is sent again', () => {
  expect(
    updateAborted(
      new ServiceError('Workflow Update failed', { cause: grpc(UNAVAILABLE, 'workflow update was aborted') }),
    ),
  ).toBe(true);
  expect(updateAborted(grpc(UNAVAILABLE, 'Workflow Update was aborted.'))).toBe(true);
  expect(
    updateAborted(
      new ServiceError('x', { cause: grpc(UNAVAILABLE, 'operation can not be applied because workflow is closing') }),
    ),
  ).toBe(true);
  expect(updateAborted(new WorkflowUpdateRPCTimeoutOrCancelledError('deadline'))).toBe(true);
});

test('a refusal, a server that is down or any other error is not', () => {
  const refused = new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.nonRetryable('decided', 'ALREADY_DECIDED'),
  );
  expect(updateAborted(refused)).toBe(false);
  expect(updateAborted(new ServiceError('x', { cause: grpc(UNAVAILABLE, 'connection refused') }))).toBe(false);
  expect(updateAborted(new Error('workflow update was aborted'))).toBe(false);
});
