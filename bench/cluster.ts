// The throughput and decision measures again on the production topology of `npm run cluster` (lib/cluster-stack.ts:
// a Temporal cluster of separate processes, two history nodes on PostgreSQL behind a mutual-TLS frontend, two web and
// two worker processes), in the same run as on the dev server. The cluster keeps its Temporal databases in the bench's
// PostgreSQL, beside the app's database, which both share; its app processes run the bench's workflow bundle (with the
// reference workflows) on the bench's task queue. BENCH_CLUSTER=0 leaves it out.
import net from 'node:net';
import path from 'node:path';
import { startClusterStack } from '../lib/cluster-stack';
import { freePort } from '../lib/free-port';
import { clientTls, portsOf } from '../lib/temporal-cluster';
import { connectTemporalClient, createPayloadCodec } from '../lib/temporal-connection';
import { CLUSTER_SETTINGS } from '../lib/cluster-settings';
import { seedReferenceData } from '../prisma/seed';
import { cpuSeconds } from './cpu';
import { loadAverage } from './logins';
import type { Bench } from './run';

export interface PhaseResult {
  fields: Record<string, number>;
  details: Record<string, unknown>;
  text: string;
}

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A block of free ports from a base below Temporal's SMALLINT limit of 32767 (see portsOf). */
async function freeBlock(ports: (base: number) => number[]): Promise<number> {
  for (;;) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 5_000);
    if ((await Promise.all(ports(base).map(isFree))).every(Boolean)) return base;
  }
}

const clusterField = (name: string) => `cluster${name[0]!.toUpperCase()}${name.slice(1)}`;

/**
 * Starts the cluster, runs `phases` on it with a bench whose Temporal client, web server and CPU accounting are the
 * cluster's, and stops it. Every field comes back prefixed `cluster` (clusterRegistrationThroughputRatio, …).
 */
export async function onCluster(
  b: Bench,
  phases: Array<(b: Bench) => Promise<PhaseResult>>,
  say: (line: string) => void,
): Promise<PhaseResult> {
  // A cluster that does not come up (binaries missing, ports taken) costs its fields, not the rest of the run.
  return measureOnCluster(b, phases, say).catch((error: Error) => {
    say(`cluster: failed: ${error.stack ?? error.message}`);
    return {
      fields: {},
      details: { cluster: { error: error.message } },
      text: `On the cluster: failed (${error.message}).`,
    };
  });
}

async function measureOnCluster(
  b: Bench,
  phases: Array<(b: Bench) => Promise<PhaseResult>>,
  say: (line: string) => void,
): Promise<PhaseResult> {
  const historyNodes = CLUSTER_SETTINGS.historyNodes;
  const temporalPorts = (base: number) => [
    ...(['frontend', 'matching', 'worker'] as const).flatMap((r) => Object.values(portsOf(base, r))),
    ...Array.from({ length: historyNodes }, (_, i) => Object.values(portsOf(base, 'history', i))).flat(),
  ];
  const dataDir = b.appEnv.DATA_DIR!;
  const started = performance.now();
  say(`cluster: starting ${historyNodes} history nodes on PostgreSQL, 2 web and 2 worker processes …`);
  const stack = await startClusterStack({
    dataDir,
    databaseUrl: b.databaseUrl,
    postgresPort: 0,
    namespace: 'default',
    historyNodes,
    webProcesses: CLUSTER_SETTINGS.webProcesses,
    workerProcesses: CLUSTER_SETTINGS.workerProcesses,
    frontendPort: await freeBlock(temporalPorts),
    uiPort: await freePort(),
    webPort: await freeBlock((base) => [base, base + 1, base + 50, base + 51]),
    appEnv: {
      TEMPORAL_TASK_QUEUE: b.appEnv.TEMPORAL_TASK_QUEUE!,
      WORKFLOW_BUNDLE_PATH: b.appEnv.WORKFLOW_BUNDLE_PATH!,
      PAYLOAD_ENCRYPTION_KEYS: b.appEnv.PAYLOAD_ENCRYPTION_KEYS!,
      MAIL_DIR: path.join(dataDir, 'mail-cluster'),
      DEMO_PASSWORD: b.demoPassword,
      CAPTCHA_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
    },
    seed: seedReferenceData,
    log: (line) => say(`  ${line}`),
  });
  const bringUpSeconds = Math.round((performance.now() - started) / 1000);
  try {
    const temporal = await connectTemporalClient({
      address: stack.temporal.address,
      tls: clientTls(stack.temporal.tls),
      namespace: 'default',
      codec: createPayloadCodec({ keys: b.appEnv.PAYLOAD_ENCRYPTION_KEYS, dataDir }),
    });
    const roots = (nodes: Array<{ process: { pid?: number } }>) =>
      Object.fromEntries(nodes.map((n, i) => [String(i), (p: { pid: number }) => p.pid === n.process.pid]));
    const sum = (values: Record<string, number>) => Object.values(values).reduce((a, c) => a + c, 0);
    const onTheCluster: Bench = {
      ...b,
      tag: `${b.tag}-cluster`,
      ...b.useCasesOn(temporal),
      baseUrl: stack.webUrls[0]!,
      cpu: () => {
        const own = process.cpuUsage();
        return {
          temporalCluster: sum(cpuSeconds(roots(stack.temporal.nodes.filter((n) => n.role !== 'ui')))),
          postgres: b.cpu().postgres!,
          workers: sum(cpuSeconds(roots(stack.apps.filter((a) => a.role === 'worker')))),
          webs: sum(cpuSeconds(roots(stack.apps.filter((a) => a.role === 'web')))),
          benchClient: (own.user + own.system) / 1e6,
        };
      },
    };
    const fields: Record<string, number> = {};
    const details: Record<string, unknown> = {};
    const text: string[] = [];
    try {
      for (const phase of phases) {
        const measured = await phase(onTheCluster);
        for (const [name, value] of Object.entries(measured.fields)) fields[clusterField(name)] = value;
        Object.assign(details, measured.details);
        text.push(measured.text);
      }
    } finally {
      await temporal.connection.close();
    }
    return {
      fields,
      details: { cluster: { historyNodes, bringUpSeconds, loadAverage: loadAverage(), ...details } },
      text:
        `On the cluster (${historyNodes} history nodes on PostgreSQL, mutual TLS, 2 web and 2 worker processes; up in ` +
        `${bringUpSeconds} s; load average ${loadAverage().join(' ')} after): ${text.join(' ')}`,
    };
  } finally {
    await stack.stop();
  }
}
