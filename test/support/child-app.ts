// Runs the real start-up (scripts/start.ts) as a child process, as operations would, against the test run's servers.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ChildApp {
  process: ChildProcess;
  output(): string;
  /** Resolves when the child printed `line` (e.g. the start-up banner). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startChildApp(env: Record<string, string>): ChildApp {
  // Node itself with tsx's loader, not tsx's CLI: the CLI runs the script in a grandchild, which a SIGKILL of the CLI
  // leaves running (test/faults/worker-sigkill would then kill nothing).
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      CAPTCHA_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
      // Free ports by default: a ROLE=worker child serves health/metrics on PORT; 0 turns off the SDK's exporter.
      PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      // Every test talks from 127.0.0.1: the per-address limits would count the whole run (test/account-limits
      // tests them at their defaults).
      LIMIT_REGISTRATION_PER_IP: '100000/1h',
      LIMIT_RESEND_PER_IP: '100000/1h',
      LIMIT_RESET_PER_IP: '100000/1h',
      LIMIT_LOGIN_PER_IP: '100000/15m',
      // The workflow bundle global-setup built once: a worker would otherwise compile its own at every start (the
      // image prebuilds it the same way). A test of the bundling start-up passes WORKFLOW_BUNDLE_PATH: ''.
      WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    process: child,
    output: () => output,
    waitFor(text, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            done();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`child did not print "${text}" within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const onExit = () => {
          done();
          reject(new Error(`child exited before printing "${text}":\n${output.slice(-3000)}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Pids of the live processes started with `name=value` in their environment (a killed app must leave none). */
export function processesWithEnv(name: string, value: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${name}=${value}`))
        found.push(Number(entry));
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}
