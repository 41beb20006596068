// The Temporal worker: the workflow bundle is built once per process and shared by every worker in it.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger, PayloadCodec } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../domain/contracts';
import {
  FAILURE_CONVERTER_PATH,
  temporalDataConverter,
  temporalTls,
  type TemporalTlsFiles,
} from '../lib/temporal-connection';

let bundle: Promise<{ code: string }> | undefined;

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** Compiles the workflow code (with the failure converter, so workflow failures are encrypted like payloads). */
export function buildWorkflowBundle(logger: Logger = quietBundlerLogger): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger });
}

/**
 * The bundle built on first use and shared afterwards; the image prebuilds it (scripts/build-workflow-bundle.ts) and
 * names it in WORKFLOW_BUNDLE_PATH, so that a worker starts without compiling.
 */
export function workflowBundle(): Promise<{ code: string }> {
  const prebuilt = process.env.WORKFLOW_BUNDLE_PATH;
  bundle ??= prebuilt ? fs.readFile(prebuilt, 'utf8').then((code) => ({ code })) : buildWorkflowBundle();
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};

export interface WorkerOptions {
  address: string;
  namespace: string;
  /** Mutual TLS to the frontend (TEMPORAL_TLS_*). */
  tls?: TemporalTlsFiles;
  taskQueue?: string;
  deps: ActivityDeps;
  /** Encrypts every payload the worker sends (lib/temporal-connection.ts). */
  payloadCodec: PayloadCodec;
  /** Workflows kept in memory between their tasks (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (tests share one); otherwise the process-wide one. */
  workflowBundle?: { code: string };
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const connection = await NativeConnection.connect({ address: options.address, tls: temporalTls(options.tls) });
  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: options.workflowBundle ?? (await workflowBundle()),
    activities: createActivities(options.deps),
    dataConverter: temporalDataConverter(options.payloadCodec),
    // A request waits days for its decision: keeping it in memory meanwhile buys a few ms when it is decided (no
    // replay), at about half a MB per workflow (bench: workerMbPer1000Waiting).
    maxCachedWorkflows: options.maxCachedWorkflows ?? 100,
    // On shutdown, running activities get this long to finish before they are cancelled (graceful drain).
    shutdownGraceTime: '10 seconds',
  });
}
