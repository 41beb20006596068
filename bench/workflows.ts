// The bench's workflow bundle: the app's workflows plus the reference workflows the ratios are measured against, so that
// production workers do not carry workflow types that exist only for measurements.
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export * from '../workflows';

/** The baseline: one workflow task whose only command completes the workflow. */
export async function emptyWorkflow(): Promise<void> {}

export const bareUpdate = defineUpdate<void>('bareUpdate');
export const finishSignal = defineSignal('finish');

/**
 * A second reference for a decision: a waiting workflow whose Update returns at once, so one Update costs one
 * workflow task and nothing else (a decision adds its activity and the database to that).
 */
export async function waitingWorkflow(): Promise<void> {
  let finished = false;
  setHandler(bareUpdate, () => undefined);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
