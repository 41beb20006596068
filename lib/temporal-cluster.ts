// A multi-process Temporal cluster on PostgreSQL (one frontend, matching and worker service, N history nodes) and
// Temporal UI, on one machine without Docker: `npm run cluster` and `npm run test:cluster` run it. Its frontend
// requires mutual TLS (lib/cluster-tls.ts). Settings: lib/cluster-settings.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/contracts';
import { CLUSTER_SETTINGS, MEMBERSHIP_ROLE, retentionSeconds, type TemporalRole } from './cluster-settings';
import { ensureClusterTls, type TlsFiles } from './cluster-tls';
import { resolveClusterBinaries, type ClusterBinaries } from './temporal-binaries';
import { temporalTls } from './temporal-connection';

export interface ClusterOptions {
  /** Config, logs and certificates go to `<dataDir>/temporal-cluster`. */
  dataDir: string;
  /** A PostgreSQL user allowed to create databases (Temporal's two databases live beside the app's). */
  databaseUrl: string;
  namespace: string;
  historyNodes: number;
  /** The frontend's gRPC port; the other services take the ports above it (all below 32767, see portsOf). */
  frontendPort: number;
  uiPort: number;
  /** The app's codec endpoint for Temporal UI, and whether the UI sends the browser's cookies to it. */
  codecEndpoint?: string;
  /** Certificates given by the operator (same file names as lib/cluster-tls.ts); default: generated. */
  tlsDir?: string;
  log: (line: string) => void;
}

export interface ClusterNode {
  name: string;
  role: TemporalRole | 'ui';
  process: ChildProcess;
  /** The history node's identity in the shards table (`ip:grpcPort`). */
  identity: string;
}

export interface TemporalCluster {
  address: string;
  uiUrl: string;
  tls: TlsFiles;
  nodes: ClusterNode[];
  binaries: ClusterBinaries;
  /** Shard id → owning history node's identity, as recorded in PostgreSQL. */
  shardOwners(): Promise<Map<number, string>>;
  stop(): Promise<void>;
}

interface Ports {
  grpcPort: number;
  membershipPort: number;
  httpPort?: number;
}

/**
 * frontend, matching, worker, history-1 … take two consecutive ports each from frontendPort. Temporal stores the
 * membership and rpc ports in SMALLINT columns (cluster_membership): every port must stay below 32767.
 */
export function portsOf(frontendPort: number, role: TemporalRole, historyIndex = 0): Ports {
  const slot = { frontend: 0, matching: 1, worker: 2, history: 3 + historyIndex }[role];
  const ports: Ports = { grpcPort: frontendPort + 2 * slot, membershipPort: frontendPort + 2 * slot + 1 };
  if (role === 'frontend') ports.httpPort = frontendPort + 100;
  if (ports.membershipPort >= 32767 || (ports.httpPort ?? 0) >= 32767)
    throw new Error(`CLUSTER_FRONTEND_PORT ${frontendPort}: Temporal's ports must stay below 32767`);
  return ports;
}

function sqlStore(url: URL, database: string, maxConns: number) {
  return {
    sql: {
      pluginName: CLUSTER_SETTINGS.sqlPlugin,
      databaseName: database,
      connectAddr: `${url.hostname}:${url.port || 5432}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** The server's configuration for one process (JSON is YAML): only the history ports differ between nodes. */
function serverConfig(options: ClusterOptions, tls: TlsFiles, dynamicConfig: string, historyIndex: number) {
  const url = new URL(options.databaseUrl);
  const service = (role: TemporalRole) => ({
    rpc: { ...portsOf(options.frontendPort, role, historyIndex), bindOnIP: '127.0.0.1' },
  });
  const client = { serverName: tls.serverName, rootCaFiles: [tls.caCert] };
  const address = `127.0.0.1:${options.frontendPort}`;
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      numHistoryShards: CLUSTER_SETTINGS.historyShards,
      defaultStore: 'default',
      visibilityStore: 'visibility',
      datastores: {
        default: sqlStore(url, CLUSTER_SETTINGS.databases.temporal, 8),
        visibility: sqlStore(url, CLUSTER_SETTINGS.databases.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      tls: {
        frontend: {
          server: {
            certFile: tls.serverCert,
            keyFile: tls.serverKey,
            requireClientAuth: true,
            clientCaFiles: [tls.caCert],
          },
          client,
        },
        // The worker service (system workflows) is a client of the frontend like any other.
        systemWorker: { certFile: tls.serverCert, keyFile: tls.serverKey, client },
      },
    },
    services: Object.fromEntries((['frontend', 'matching', 'worker', 'history'] as const).map((r) => [r, service(r)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: address },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    publicClient: { hostPort: address },
    dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
  };
}

const DYNAMIC_CONFIG = {
  // Never calls out to Temporal's version service (with TEMPORAL_VERSION_CHECK_DISABLED in the environment).
  'frontend.enableServerVersionCheck': [{ value: false }],
  // A new namespace and new search attributes are usable within seconds rather than after the default refresh.
  'system.namespaceCacheRefreshInterval': [{ value: '2s' }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  'system.enableActivityEagerExecution': [{ value: true }],
};

/** Creates Temporal's two databases (once) and brings their schemas (embedded in the tool) up to date. */
export function setUpSchemas(sqlTool: string, databaseUrl: string, log: (line: string) => void) {
  const url = new URL(databaseUrl);
  const base = ['--plugin', CLUSTER_SETTINGS.sqlPlugin, '--ep', url.hostname, '-p', url.port || '5432'];
  const auth = ['-u', decodeURIComponent(url.username), '--pw', decodeURIComponent(url.password)];
  const run = (database: string, args: string[]) =>
    execFileSync(sqlTool, [...base, ...auth, '--db', database, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [database, schema] of [
    [CLUSTER_SETTINGS.databases.temporal, 'postgresql/v12/temporal'],
    [CLUSTER_SETTINGS.databases.visibility, 'postgresql/v12/visibility'],
  ] as const) {
    try {
      run(database, ['create-database']);
      log(`Created database ${database}`);
    } catch (error) {
      if (!/already exists/.test(String((error as { stderr?: Buffer }).stderr ?? error))) throw error;
    }
    try {
      run(database, ['setup-schema', '-v', '0.0']);
    } catch (error) {
      // Set up before: only the update below applies.
      if (!/already exists/.test(String((error as { stderr?: Buffer }).stderr ?? error))) throw error;
    }
    run(database, ['update-schema', '--schema-name', schema]);
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${timeoutMs / 1000} s${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export { waitFor as waitForCondition };

/** Shard id → owner identity: each shard's record names its owner, which a new owner rewrites on taking it. */
export async function readShardOwners(pg: PgClient): Promise<Map<number, string>> {
  const rows = await pg.query<{ shard_id: number; data: Buffer }>('SELECT shard_id, data FROM shards');
  const owners = new Map<number, string>();
  for (const row of rows.rows) {
    const owner = /127\.0\.0\.1:\d+/.exec(row.data.toString('latin1'));
    if (owner) owners.set(row.shard_id, owner[0]);
  }
  return owners;
}

/** Roles with at least one member whose heartbeat is current. */
async function liveRoles(pg: PgClient): Promise<Set<number>> {
  const rows = await pg.query<{ role: number }>(
    `SELECT DISTINCT role FROM cluster_membership WHERE last_heartbeat > (now() AT TIME ZONE 'UTC') - interval '20 seconds'`,
  );
  return new Set(rows.rows.map((r) => Number(r.role)));
}

function startProcess(binary: string, args: string[], logFile: string, env: NodeJS.ProcessEnv): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

async function stopProcess(child: ChildProcess, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Registers the namespace and the search attributes of domain/contracts.ts (idempotent). */
async function registerNamespace(connection: Connection, namespace: string) {
  const exists = await connection.workflowService.describeNamespace({ namespace }).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionSeconds() * 1000) })
      .catch((error: Error) => {
        if (!/already/i.test(error.message)) throw error;
      });
  }
  await waitFor('the namespace', 60_000, () =>
    connection.workflowService.describeNamespace({ namespace }).then(() => true),
  );
  const wanted = Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, 2 /* KEYWORD */]));
  await waitFor('the search attributes', 60_000, async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.keys(wanted).filter((name) => !(name in (customAttributes ?? {})));
    if (missing.length === 0) return true;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, wanted[name]!])),
    });
    return undefined;
  });
}

/** The UI server's configuration: loopback only, the frontend over mutual TLS, the app's codec endpoint. */
function uiConfig(options: ClusterOptions, tls: TlsFiles) {
  return {
    temporalGrpcAddress: `127.0.0.1:${options.frontendPort}`,
    host: '127.0.0.1',
    port: options.uiPort,
    enableUi: true,
    defaultNamespace: options.namespace,
    cors: { allowOrigins: [`http://localhost:${options.uiPort}`], cookieInsecure: true },
    tls: {
      caFile: tls.caCert,
      certFile: tls.clientCert,
      keyFile: tls.clientKey,
      serverName: tls.serverName,
      enableHostVerification: true,
    },
    auth: { enabled: false },
    ...(options.codecEndpoint && {
      codec: { endpoint: options.codecEndpoint, passAccessToken: false, includeCredentials: true },
    }),
  };
}

/** The UI server, answering once its page loads. */
async function startUi(options: ClusterOptions, tls: TlsFiles, dir: string, binary: string): Promise<ClusterNode> {
  const uiFile = path.join(dir, 'config', 'ui', 'cluster.yaml');
  fs.mkdirSync(path.dirname(uiFile), { recursive: true });
  fs.writeFileSync(uiFile, JSON.stringify(uiConfig(options, tls), null, 2));
  const ui = startProcess(
    binary,
    ['--root', dir, '--config', 'config/ui', '--env', 'cluster', 'start'],
    path.join(dir, 'logs', 'ui.log'),
    {},
  );
  const node: ClusterNode = { name: 'ui', role: 'ui', process: ui, identity: '' };
  await waitFor('Temporal UI', 60_000, async () => {
    if (ui.exitCode !== null) throw new Error(`the UI server exited: see ${dir}/logs/ui.log`);
    return (await fetch(`http://localhost:${options.uiPort}/`)).ok ? true : undefined;
  }).catch(async (error) => {
    await stopProcess(ui);
    throw error;
  });
  return node;
}

/** Starts the cluster; resolves once every service has a live member, every shard an owner, the namespace exists. */
export async function startTemporalCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const dir = path.join(options.dataDir, 'temporal-cluster');
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const binaries = resolveClusterBinaries(options.log);
  const tls = ensureClusterTls(options.tlsDir ?? path.join(dir, 'tls'));
  setUpSchemas(binaries.sqlTool, options.databaseUrl, options.log);
  const dynamicConfig = path.join(dir, 'dynamic-config.yaml');
  fs.writeFileSync(dynamicConfig, JSON.stringify(DYNAMIC_CONFIG, null, 2));

  const pgUrl = new URL(options.databaseUrl);
  pgUrl.pathname = `/${CLUSTER_SETTINGS.databases.temporal}`;
  const pg = new PgClient({ connectionString: pgUrl.toString() });
  await pg.connect();
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    for (const node of [...nodes].reverse()) await stopProcess(node.process);
    await pg.end().catch(() => undefined);
  };
  const start = (role: TemporalRole, historyIndex = 0) => {
    const name = role === 'history' ? `history-${historyIndex + 1}` : role;
    // One configuration folder per process (`<env>.yaml` in it): only the history nodes' ports differ.
    const configFile = path.join(dir, 'config', name, 'cluster.yaml');
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    fs.writeFileSync(configFile, JSON.stringify(serverConfig(options, tls, dynamicConfig, historyIndex), null, 2));
    const child = startProcess(
      binaries.server,
      ['--root', dir, '--config', `config/${name}`, '--env', 'cluster', '--allow-no-auth', 'start', '--service', role],
      path.join(logs, `${name}.log`),
      { TEMPORAL_VERSION_CHECK_DISABLED: '1' },
    );
    const identity = `127.0.0.1:${portsOf(options.frontendPort, role, historyIndex).grpcPort}`;
    nodes.push({ name, role, process: child, identity });
  };
  try {
    // One history node alone first: processes started together on a fresh database race on the cluster metadata.
    start('history', 0);
    await waitFor('history-1 owning every shard', 120_000, async () => {
      const owners = await readShardOwners(pg).catch(() => new Map());
      return owners.size === CLUSTER_SETTINGS.historyShards ? true : undefined;
    });
    for (let i = 1; i < options.historyNodes; i++) start('history', i);
    start('matching');
    start('frontend');
    start('worker');
    // The frontend answers SERVING before every ring is complete: wait for a live member of each service.
    await waitFor('a member of every Temporal service', 120_000, async () => {
      const failed = nodes.find((n) => n.process.exitCode !== null);
      if (failed) throw new Error(`${failed.name} exited: see ${logs}/${failed.name}.log`);
      const roles = await liveRoles(pg);
      return Object.values(MEMBERSHIP_ROLE).every((role) => roles.has(role)) ? true : undefined;
    });
    const connection = await waitFor('the frontend', 60_000, () =>
      Connection.connect({ address: `127.0.0.1:${options.frontendPort}`, tls: temporalTls(clientTls(tls)) }),
    );
    try {
      await registerNamespace(connection, options.namespace);
    } finally {
      await connection.close();
    }
    nodes.push(await startUi(options, tls, dir, binaries.uiServer));
    const uiUrl = `http://localhost:${options.uiPort}`;
    return {
      address: `127.0.0.1:${options.frontendPort}`,
      uiUrl,
      tls,
      nodes,
      binaries,
      shardOwners: () => readShardOwners(pg),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What a client of the cluster is given (TEMPORAL_TLS_* of the app). */
export const clientTls = (tls: TlsFiles) => ({
  caFile: tls.caCert,
  certFile: tls.clientCert,
  keyFile: tls.clientKey,
  serverName: tls.serverName,
});
