// The bench's workflow bundle: the app's workflows plus the empty workflow every ratio is measured against, so that
// production workers do not carry a workflow type that exists only for measurements.
export * from '../workflows';

/** The baseline: one workflow task whose only command completes the workflow. */
export async function emptyWorkflow(): Promise<void> {}
