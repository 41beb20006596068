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
  /** Resident set size of the process in MB (/proc/<pid>/status VmRSS). */
  rssMb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppChild(env: Record<string, string>, timeoutMs = 180_000): Promise<AppChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, CAPTCHA_PROVIDER: 'none', LOG_LEVEL: 'warn', PORT: '0', TEMPORAL_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('TRACES onboarding is up')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app exited during start-up:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app did not start in time:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid!,
    output: () => output,
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The port a ROLE=web child listens on, from its banner. */
export function listeningPort(child: AppChild): number {
  const match = /API:\s+http:\/\/localhost:(\d+)\/api/.exec(child.output());
  if (!match) throw new Error(`no API port in the banner:\n${child.output().slice(-2000)}`);
  return Number(match[1]);
}
