// What a ROLE=worker process serves on PORT: its health (for orchestrators) and its metrics (for Prometheus).
import type { Worker } from '@temporalio/worker';
import express, { type Express } from 'express';
import type { Db } from '../lib/db';
import { metricsEndpoint, type AppMetrics } from '../lib/metrics';

export function createWorkerOpsApp(deps: { db: Db; worker: Worker; metrics: AppMetrics }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    deps.db.$queryRaw`SELECT 1`
      .then(
        () => 'ok',
        () => 'unreachable',
      )
      .then((database) => {
        const worker = deps.worker.getState();
        const ok = database === 'ok' && worker === 'RUNNING';
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, worker });
      });
  });
  app.get('/metrics', metricsEndpoint(deps.metrics));
  return app;
}
