// The Temporal worker: the workflow bundle is built once per process and shared by every worker in it.
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../domain/contracts';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** Builds the workflow bundle on first use and returns the same one afterwards. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue?: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests share one); otherwise the process-wide one. */
  workflowBundle?: { code: string };
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const connection = await NativeConnection.connect({ address: options.address });
  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: options.workflowBundle ?? (await workflowBundle()),
    activities: createActivities(options.deps),
    maxCachedWorkflows: 2000,
  });
}
