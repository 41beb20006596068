// Prometheus metrics (prom-client): HTTP latency and status, workflow starts, decisions, mails, and the Temporal SDK's
// own runtime metrics, which its Core exporter serves on a loopback port and /metrics merges in.
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from './logger';
import type { Mailer } from './mailer';

export interface AppMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  workflowStarts: Counter<'workflow_type'>;
  decisions: Counter<'decision' | 'outcome'>;
  mailsSent: Counter;
  mailsFailed: Counter;
  /** Everything in the Prometheus text format: ours, then the SDK's when its exporter runs in this process. */
  render(): Promise<string>;
}

export function createMetrics(options: { sdkMetricsUrl?: string } = {}): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: AppMetrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'traces_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    workflowStarts: new Counter({
      name: 'traces_workflow_starts_total',
      help: 'Workflow starts sent to Temporal (a start that joins a running workflow with the same id counts too)',
      labelNames: ['workflow_type'],
      registers,
    }),
    decisions: new Counter({
      name: 'traces_decisions_total',
      help: 'Approve and reject decisions sent to authorisation workflows, by outcome',
      labelNames: ['decision', 'outcome'],
      registers,
    }),
    mailsSent: new Counter({
      name: 'traces_mails_sent_total',
      help: 'Mails handed to SMTP or written to MAIL_DIR',
      registers,
    }),
    mailsFailed: new Counter({
      name: 'traces_mails_failed_total',
      help: 'Mail attempts that failed (the activity retries them)',
      registers,
    }),
    async render() {
      const own = await registry.metrics();
      if (!options.sdkMetricsUrl) return own;
      const sdk = await fetch(options.sdkMetricsUrl, { signal: AbortSignal.timeout(2000) })
        .then((response) => (response.ok ? response.text() : ''))
        .catch(() => '');
      return `${own}\n${sdk}`;
    },
  };
  return metrics;
}

export function metricsEndpoint(metrics: AppMetrics): RequestHandler {
  return (_req, res, next) => {
    metrics.render().then((text) => res.set('Content-Type', metrics.registry.contentType).send(text), next);
  };
}

/** Counts every mail sent or failed, whatever the transport. */
export function countingMailer(mailer: Mailer, metrics: AppMetrics): Mailer {
  return {
    async send(mail) {
      try {
        await mailer.send(mail);
        metrics.mailsSent.inc();
      } catch (error) {
        metrics.mailsFailed.inc();
        throw error;
      }
    },
  };
}

/** Counts workflow starts and decisions, and logs each with its workflow id (ids only, never the arguments). */
export function workflowClientObserver(metrics: AppMetrics, logger?: Logger): WorkflowClientInterceptor {
  const started = (workflowType: string, workflowId: string) => {
    metrics.workflowStarts.inc({ workflow_type: workflowType });
    logger?.info('workflow start', { workflowType, workflowId });
  };
  return {
    async startWithDetails(input, next) {
      const output = await next(input);
      started(input.workflowType, input.options.workflowId);
      return output;
    },
    async signalWithStart(input, next) {
      const runId = await next(input);
      started(input.workflowType, input.options.workflowId);
      return runId;
    },
    async startUpdateWithStart(input, next) {
      const output = await next(input);
      started(input.workflowType, input.workflowStartOptions.workflowId);
      return output;
    },
    async startUpdate(input, next) {
      if (input.updateName !== 'decide') return next(input);
      const decision = String((input.args[0] as { decision?: string } | undefined)?.decision ?? 'UNKNOWN');
      const count = (outcome: string) => {
        metrics.decisions.inc({ decision, outcome });
        logger?.info('decision', { workflowId: input.workflowExecution.workflowId, decision, outcome });
      };
      try {
        const output = await next(input);
        count(output.outcome?.failure ? 'refused' : 'accepted');
        return output;
      } catch (error) {
        count('refused');
        throw error;
      }
    },
  };
}
