// The app's processes for the bench: started exactly as `npm start` starts them (scripts/start.ts), one ROLE each, so
// that the worker's resident memory is the worker's alone. Node runs the TypeScript itself (tsx as a loader), without
// the tsx CLI's wrapper process, so the pid is the worker.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface AppChild {
  pid: number;
  output(): string;
  /** The first 20,000 characters it printed (its banner with its ports), kept while later output scrolls on. */
  readonly banner: string;
  /** Resident set size of the process in MB (/proc/<pid>/status VmRSS). */
  rssMb(): number;
  /** Started with `collectable`: a full garbage collection in each of its threads (bench/gc-on-signal.cjs). */
  collectGarbage(): void;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppChild(
  env: Record<string, string>,
  options: { collectable?: boolean; profileDir?: string } = {},
): Promise<AppChild> {
  const gc = options.collectable ? ['--expose-gc', '--require', path.join(__dirname, 'gc-on-signal.cjs')] : [];
  // A CPU profile of each thread, written when the process ends (open it in Chrome DevTools).
  const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const child: ChildProcess = spawn(process.execPath, [...gc, ...profile, '--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, CAPTCHA_PROVIDER: 'none', LOG_LEVEL: 'warn', PORT: '0', TEMPORAL_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let head = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (head.length < 20_000) head = (head + chunk.toString()).slice(0, 20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 180_000;
  while (!output.includes('TRACES onboarding is up')) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`app exited during start-up:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not start in time:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid!,
    output: () => output,
    get banner() {
      return head;
    },
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    collectGarbage() {
      if (!options.collectable) throw new Error('started without collectable');
      child.kill('SIGWINCH');
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** V8 heap and external memory of a ROLE=worker child in MB, from its /metrics (prom-client's process metrics). */
export async function workerHeapMb(
  child: AppChild,
): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number }> {
  const port = /Health and metrics: http:\/\/localhost:(\d+)\/health/.exec(child.banner)?.[1];
  if (!port) throw new Error(`no metrics port in the banner:\n${child.output().slice(-2000)}`);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  const mb = (name: string) => Math.round(metric(name) * 10) / 10;
  return {
    heapUsedMb: mb('nodejs_heap_size_used_bytes'),
    heapTotalMb: mb('nodejs_heap_size_total_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
  };
}

/** The port a ROLE=web child listens on, from its banner. */
export function listeningPort(child: AppChild): number {
  const match = /API:\s+http:\/\/localhost:(\d+)\/api/.exec(child.banner);
  if (!match) throw new Error(`no API port in the banner:\n${child.output().slice(-2000)}`);
  return Number(match[1]);
}
