// `npm run cluster`: the production topology on this machine without Docker (lib/cluster-stack.ts); Ctrl-C stops it.
// Settings: lib/cluster-settings.ts, overridable with the CLUSTER_* variables of the README.
import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_SETTINGS } from '../lib/cluster-settings';
import { startClusterStack } from '../lib/cluster-stack';
import { seedReferenceData } from '../prisma/seed';

const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number`);
  return Number(value);
};

async function main() {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join('.data', 'cluster'));
  const stack = await startClusterStack({
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    postgresPort: number('LOCAL_POSTGRES_PORT', 54339),
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    historyNodes: number('CLUSTER_HISTORY_NODES', CLUSTER_SETTINGS.historyNodes),
    webProcesses: number('CLUSTER_WEB_PROCESSES', CLUSTER_SETTINGS.webProcesses),
    workerProcesses: number('CLUSTER_WORKER_PROCESSES', CLUSTER_SETTINGS.workerProcesses),
    frontendPort: number('CLUSTER_FRONTEND_PORT', CLUSTER_SETTINGS.frontendPort),
    uiPort: number('CLUSTER_UI_PORT', CLUSTER_SETTINGS.uiPort),
    webPort: number('CLUSTER_WEB_PORT', CLUSTER_SETTINGS.webPort),
    seed: seedReferenceData,
    log: say,
  });
  const tls = stack.appEnvironment;
  // What is running, for operators' scripts and test/cluster (which kills nodes by pid).
  const state = {
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporal.address,
    uiUrl: stack.temporal.uiUrl,
    webUrls: stack.webUrls,
    tls: stack.temporal.tls,
    nodes: [] as Array<{ name: string; pid: number | undefined; identity: string | undefined }>,
  };
  const stateFile = path.join(dataDir, 'temporal-cluster', 'stack.json');
  const writeState = () => {
    state.nodes = [...stack.temporal.nodes, ...stack.apps].map((n) => ({
      name: n.name,
      pid: n.process.pid,
      identity: 'identity' in n ? n.identity : undefined,
    }));
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
  };
  writeState();
  say('');
  say(`The cluster is up in ${Math.round((Date.now() - started) / 1000)} s`);
  for (const url of stack.webUrls) say(`  Web:          ${url}/  (API ${url}/api, back-office ${url}/admin)`);
  say(`  Temporal UI:  ${stack.temporal.uiUrl}`);
  say(`  Temporal:     ${stack.temporal.address} (mutual TLS; certificates in ${path.dirname(tls.TEMPORAL_TLS_CA!)})`);
  say(
    `  CLI:          temporal workflow list --address ${stack.temporal.address} --tls-ca-path ${tls.TEMPORAL_TLS_CA}` +
      ` --tls-cert-path ${tls.TEMPORAL_TLS_CERT} --tls-key-path ${tls.TEMPORAL_TLS_KEY}` +
      ` --tls-server-name ${tls.TEMPORAL_TLS_SERVER_NAME}`,
  );
  say(`  Processes:    ${[...stack.temporal.nodes, ...stack.apps].map((n) => `${n.name}=${n.process.pid}`).join(' ')}`);
  say(`  Logs:         ${path.join(path.dirname(path.dirname(tls.TEMPORAL_TLS_CA!)), 'logs')}`);
  say('');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the app, then Temporal, then PostgreSQL …`);
    await stack.stop();
    fs.rmSync(stateFile, { force: true });
    say('stopped');
    process.exit(0);
  };
  // A deploy: SIGHUP restarts the workers one by one onto the workflow code now on disk (README, "Versioning").
  let restarting = Promise.resolve();
  process.on('SIGHUP', () => {
    restarting = restarting.then(async () => {
      if (stopping) return;
      const begun = Date.now();
      say('SIGHUP: restarting the workers one by one …');
      await stack.restartWorkers().catch((error) => say(`restart failed: ${(error as Error).message}`));
      writeState();
      say(
        `Workers restarted in ${Math.round((Date.now() - begun) / 1000)} s: ${stack.apps.map((n) => `${n.name}=${n.process.pid}`).join(' ')}`,
      );
    });
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`cluster failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
