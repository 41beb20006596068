// The Temporal server, its SQL schema tool and the UI server, built once with Go into the cache beside the CLI's
// (lib/local-temporal.ts), or taken from TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH / TEMPORAL_UI_SERVER_PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLUSTER_SETTINGS } from './cluster-settings';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
}

const cacheBase = () => path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'traces-onboarding');

/** Separate folders (GOBIN) per module: both the server's and the UI server's binary are named `server`. */
export function clusterBinaryDirs() {
  return {
    server: path.join(cacheBase(), 'temporal-server', `v${CLUSTER_SETTINGS.temporalServerVersion}`),
    uiServer: path.join(cacheBase(), 'temporal-ui-server', `v${CLUSTER_SETTINGS.uiServerVersion}`),
  };
}

function goInstall(gobin: string, packages: string[], log: (line: string) => void) {
  const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
  if (!go) throw new Error(`Go is needed once to build ${packages.join(' ')} (or set TEMPORAL_SERVER_PATH etc.)`);
  log(`Building ${packages.join(' ')} once with Go into ${gobin} (several minutes cold) …`);
  fs.mkdirSync(gobin, { recursive: true });
  execFileSync(go, ['install', ...packages], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function explicit(variable: string): string | undefined {
  const value = process.env[variable];
  if (value && !fs.existsSync(value)) throw new Error(`${variable} does not exist: ${value}`);
  return value || undefined;
}

/** Finds or builds the three binaries; `log` tells about a build. */
export function resolveClusterBinaries(log: (line: string) => void = () => undefined): ClusterBinaries {
  const dirs = clusterBinaryDirs();
  const server = explicit('TEMPORAL_SERVER_PATH') ?? path.join(dirs.server, 'server');
  const sqlTool = explicit('TEMPORAL_SQL_TOOL_PATH') ?? path.join(dirs.server, 'sql');
  const uiServer = explicit('TEMPORAL_UI_SERVER_PATH') ?? path.join(dirs.uiServer, 'server');
  const version = `v${CLUSTER_SETTINGS.temporalServerVersion}`;
  if (!fs.existsSync(server) || !fs.existsSync(sqlTool)) {
    goInstall(
      dirs.server,
      [`go.temporal.io/server/cmd/server@${version}`, `go.temporal.io/server/cmd/tools/sql@${version}`],
      log,
    );
  }
  if (!fs.existsSync(uiServer)) {
    goInstall(
      dirs.uiServer,
      [`github.com/temporalio/ui-server/v2/cmd/server@v${CLUSTER_SETTINGS.uiServerVersion}`],
      log,
    );
  }
  return { server, sqlTool, uiServer };
}

if (require.main === module) {
  // `npx tsx lib/temporal-binaries.ts`: CI builds them before the tests (and times the cold build).
  const started = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const found = resolveClusterBinaries(say);
  say(`${JSON.stringify(found)} (${Math.round((Date.now() - started) / 1000)} s)`);
}
