// A local Temporal dev server from the official CLI (used only when TEMPORAL_ADDRESS is unset).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/contracts';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export interface LocalTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Where the CLI built by `go install` is kept between clones and CI runs. */
export function temporalCliCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'traces-onboarding', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then the cache, else builds it once with Go into the cache.
 * Returns undefined when none of these works (then the SDK downloads its own copy, which needs the internet).
 */
export function resolveTemporalCli(explicitPath?: string, log: (line: string) => void = () => undefined) {
  if (explicitPath) {
    if (!fs.existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI_PATH does not exist: ${explicitPath}`);
    return explicitPath;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const cached = path.join(temporalCliCacheDir(), 'temporal');
  if (fs.existsSync(cached)) return cached;
  const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
  if (!go) return undefined;
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} once with Go into ${temporalCliCacheDir()} (a few minutes)…`);
  fs.mkdirSync(temporalCliCacheDir(), { recursive: true });
  execFileSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: temporalCliCacheDir(), GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return cached;
}

/** Starts the dev server with the search attributes of domain/contracts.ts, persisted in `<dataDir>/temporal.db`. */
export async function startLocalTemporal(options: {
  dataDir: string;
  port: number;
  uiPort?: number;
  /** Temporal UI's remote codec endpoint (the app's /admin/codec). */
  uiCodecEndpoint?: string;
  namespace: string;
  cliPath?: string;
  log?: (line: string) => void;
}): Promise<LocalTemporal> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const cli = resolveTemporalCli(options.cliPath, options.log);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      dbFilename: path.join(options.dataDir, 'temporal.db'),
      namespace: options.namespace,
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      log: { format: 'pretty', level: 'error' },
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      // SQLite's write-ahead log, synced at checkpoints rather than at every commit: several times the throughput
      // of the default rollback journal, and still safe when the server process dies (only a machine crash may lose
      // the last commits, acceptable for a development server).
      // Eager activity dispatch: an activity scheduled by a workflow task comes back in the answer to that task rather
      // than through another poll (a decision's activity waits one round trip less).
      extraArgs: [
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        '--dynamic-config-value',
        'system.enableActivityEagerExecution=true',
        ...(options.uiPort !== undefined && options.uiCodecEndpoint
          ? ['--ui-codec-endpoint', options.uiCodecEndpoint]
          : []),
      ],
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort !== undefined ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
