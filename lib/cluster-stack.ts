// The production topology on one machine (`npm run cluster`): PostgreSQL, the multi-process Temporal cluster with
// Temporal UI (lib/temporal-cluster.ts), then the app as ROLE=web × N and ROLE=worker × M, each its own process
// started by scripts/start.ts exactly as in production. lib/ imports nothing above it: the caller passes the seed.
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { createDb } from './db';
import { startLocalPostgres } from './local-postgres';
import { migrateDatabase } from './migrate';
import { clientTls, startTemporalCluster, waitForCondition, type TemporalCluster } from './temporal-cluster';

const ROOT = path.resolve(__dirname, '..');

export interface ClusterStackOptions {
  dataDir: string;
  databaseUrl?: string;
  postgresPort: number;
  namespace: string;
  historyNodes: number;
  webProcesses: number;
  workerProcesses: number;
  frontendPort: number;
  uiPort: number;
  /** web i listens on webPort + i; worker i serves /health on webPort + 50 + i. */
  webPort: number;
  /** More variables for every app process (tests shorten durations, lift limits). */
  appEnv?: Record<string, string>;
  seed: (db: Db) => Promise<void>;
  log: (line: string) => void;
}

export interface AppNode {
  name: string;
  role: 'web' | 'worker';
  url: string;
  process: ChildProcess;
  output(): string;
}

export interface ClusterStack {
  databaseUrl: string;
  temporal: TemporalCluster;
  webUrls: string[];
  apps: AppNode[];
  /** The variables an app process of this stack gets (for starting another one). */
  appEnvironment: Record<string, string>;
  startApp(role: 'web' | 'worker', index: number): Promise<AppNode>;
  /**
   * A rolling restart of the workers onto the code now on disk (or in WORKFLOW_BUNDLE_PATH): one at a time, each
   * drained (SIGTERM) and started again, healthy before the next goes, so the others keep serving meanwhile.
   */
  restartWorkers(): Promise<void>;
  stop(): Promise<void>;
}

/** A secret made once and kept in the data folder, so that every process of the stack (and each restart) shares it. */
function sharedSecret(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  return fs.readFileSync(file, 'utf8').trim();
}

function startAppProcess(name: string, env: Record<string, string>, logFile: string): AppNode['process'] {
  // Node with tsx's loader rather than tsx's CLI, so that a signal reaches the app itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function stopChild(child: ChildProcess, timeoutMs = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** What every app process of the stack gets: the cluster's address and certificates, shared secrets and data. */
function appEnvironmentOf(options: ClusterStackOptions, databaseUrl: string, temporal: TemporalCluster) {
  const tls = clientTls(temporal.tls);
  return {
    DATA_DIR: options.dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: options.namespace,
    TEMPORAL_TLS_CA: tls.caFile,
    TEMPORAL_TLS_CERT: tls.certFile,
    TEMPORAL_TLS_KEY: tls.keyFile,
    TEMPORAL_TLS_SERVER_NAME: tls.serverName,
    TEMPORAL_UI_URL: temporal.uiUrl,
    TEMPORAL_UI_PORT: String(options.uiPort),
    PUBLIC_URL: `http://localhost:${options.webPort}`,
    CODEC_CORS_ORIGINS: temporal.uiUrl,
    // Every web process must accept the others' cookies and sessions.
    SESSION_SECRET: sharedSecret(options.dataDir, 'session-secret', () => crypto.randomBytes(32).toString('base64url')),
    TEMPORAL_METRICS_PORT: '0',
    ...options.appEnv,
  } as Record<string, string>;
}

/** Starts app process `<role>-<index + 1>` (scripts/start.ts) and resolves once its /health answers 200. */
function appStarter(options: ClusterStackOptions, appEnvironment: Record<string, string>, apps: AppNode[]) {
  const logs = path.join(options.dataDir, 'temporal-cluster', 'logs');
  return async (role: 'web' | 'worker', index: number): Promise<AppNode> => {
    const port = role === 'web' ? options.webPort + index : options.webPort + 50 + index;
    const name = `${role}-${index + 1}`;
    const child = startAppProcess(
      name,
      {
        ...appEnvironment,
        ROLE: role,
        PORT: String(port),
        ADMIN_JS_TMP_DIR: path.join(options.dataDir, `.adminjs-${name}`),
      },
      path.join(logs, `${name}.log`),
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const app: AppNode = { name, role, url: `http://localhost:${port}`, process: child, output: () => output };
    apps.push(app);
    await waitForCondition(`${name} healthy`, 180_000, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${output.slice(-3000)}`);
      return (await fetch(`${app.url}/health`)).ok ? true : undefined;
    });
    return app;
  };
}

/** Replaces each worker of `apps` in turn by a new process of the same name (a dead one is simply started). */
async function restartEach(
  apps: AppNode[],
  workers: number,
  startApp: ClusterStack['startApp'],
  log: (line: string) => void,
) {
  for (let index = 0; index < workers; index++) {
    const name = `worker-${index + 1}`;
    const old = apps.findIndex((app) => app.name === name);
    if (old >= 0) {
      await stopChild(apps[old]!.process);
      apps.splice(old, 1);
    }
    const app = await startApp('worker', index);
    log(`  ${name} restarted (pid ${app.process.pid})`);
  }
}

/** Starts PostgreSQL, the Temporal cluster, then the app processes; `stop` ends them in the reverse order. */
export async function startClusterStack(options: ClusterStackOptions): Promise<ClusterStack> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const apps: AppNode[] = [];
  const stop = async () => {
    await Promise.all(apps.map((app) => stopChild(app.process)));
    for (const s of stops.reverse()) await s().catch((error) => options.log(`stop: ${(error as Error).message}`));
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      options.log(`Starting embedded PostgreSQL (data in ${options.dataDir}/postgres) …`);
      const pg = await startLocalPostgres({ dataDir: options.dataDir, port: options.postgresPort });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    await migrateDatabase(databaseUrl);
    const db = createDb(databaseUrl, { poolSize: 2 });
    await options.seed(db).finally(() => db.$disconnect());
    // Under /admin, where the back-office cookie is sent: Temporal UI includes it (api/codec-endpoint.ts).
    const codecEndpoint = `http://localhost:${options.webPort}/admin/codec`;
    options.log(`Starting Temporal: frontend, matching, worker, ${options.historyNodes} history node(s), UI …`);
    const temporal = await startTemporalCluster({
      dataDir: options.dataDir,
      databaseUrl,
      namespace: options.namespace,
      historyNodes: options.historyNodes,
      frontendPort: options.frontendPort,
      uiPort: options.uiPort,
      codecEndpoint,
      log: options.log,
    });
    stops.push(temporal.stop);

    const appEnvironment = appEnvironmentOf(options, databaseUrl, temporal);
    const startApp = appStarter(options, appEnvironment, apps);
    options.log('Starting the app: web × ' + options.webProcesses + ', worker × ' + options.workerProcesses + ' …');
    // The first web process migrates and seeds; the others start after it.
    await startApp('web', 0);
    await Promise.all([
      ...Array.from({ length: options.webProcesses - 1 }, (_, i) => startApp('web', i + 1)),
      ...Array.from({ length: options.workerProcesses }, (_, i) => startApp('worker', i)),
    ]);
    return {
      databaseUrl,
      temporal,
      webUrls: apps.filter((a) => a.role === 'web').map((a) => a.url),
      apps,
      appEnvironment,
      startApp,
      restartWorkers: () => restartEach(apps, options.workerProcesses, startApp, options.log),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
