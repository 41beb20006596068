// The whole app (worker, API, back-office) as a child process of the test run, started by scripts/start.ts exactly as
// `npm start` does, over the test run's PostgreSQL and Temporal. AdminJS is ES-modules only and cannot be loaded in
// Jest, so back-office tests drive this process over HTTP and through a browser.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildApp } from './child-app';
import { freePort } from './free-port';

export interface AppProcess {
  baseUrl: string;
  /** The app's DATA_DIR (its local payload-encryption key lives there). */
  dataDir: string;
  mailDir: string;
  taskQueue: string;
  demoPassword: string;
  output(): string;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  /** More environment variables (durations, timeouts …). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** Starts the app on a free port with its own task queue, and resolves once GET /health answers 200. */
export async function startAppProcess(options: AppProcessOptions = {}): Promise<AppProcess> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR ?? os.tmpdir(), 'app-'));
  const mailDir = path.join(dir, 'mail');
  const taskQueue = `app-${crypto.randomUUID()}`;
  const demoPassword = `Demo-${crypto.randomBytes(6).toString('hex')}-9!`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = startChildApp({
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    ROLE: 'all',
    DEMO_PASSWORD: demoPassword,
    SESSION_SECRET: crypto.randomBytes(32).toString('base64url'),
    DATA_DIR: dir,
    MAIL_DIR: mailDir,
    CAPTCHA_PROVIDER: 'none',
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_METRICS_PORT: String(metricsPort),
    // One back-office bundle for the run: the first app process builds it, the others find it unchanged and reuse it
    // (admin/component-bundle.ts takes care of processes starting at the same moment).
    ADMIN_JS_TMP_DIR: path.join(process.env.TEST_DATA_DIR ?? dir, '.adminjs'),
    LOG_LEVEL: 'warn',
    ...options.env,
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`the app exited during start-up:\n${child.output().slice(-4000)}`);
    }
    const status = await fetch(`${baseUrl}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await child.kill('SIGKILL');
      throw new Error(`the app did not become healthy in time:\n${child.output().slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    dataDir: dir,
    mailDir,
    taskQueue,
    demoPassword,
    output: child.output,
    async stop() {
      await child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
