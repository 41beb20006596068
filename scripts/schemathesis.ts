// npm run test:schema: Schemathesis, with all its checks, against the API started exactly as the tests start it (real
// PostgreSQL, real Temporal, real worker) and a logged-in bearer token. Exits non-zero on any failure. Schemathesis is
// installed from PyPI once into a virtualenv in the cache folder (outside the repository) and reused afterwards.
// What the generator may not do, and why, is in the README ("Schemathesis") and schemathesis.toml.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { newPerson } from '../test/support/people';
import { startTestStack } from '../test/support/stack';

const SCHEMATHESIS_VERSION = '4.32.5';
const ROOT = path.resolve(__dirname, '..');

/** The schemathesis executable of the cached virtualenv, created on first use. */
function schemathesisCli(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  const venv = path.join(base, 'traces-onboarding', 'schemathesis', SCHEMATHESIS_VERSION);
  const cli = path.join(venv, 'bin', 'schemathesis');
  if (fs.existsSync(cli)) return cli;
  const python = process.env.PYTHON ?? 'python3';
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  };
  process.stdout.write(`== installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}\n`);
  fs.rmSync(venv, { recursive: true, force: true });
  run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  return cli;
}

/** One Schemathesis run over the operations `filter` selects; its exit status. Asynchronous: the API answers it. */
function runSchemathesis(cli: string, baseUrl: string, token: string, filter: string[]): Promise<number> {
  const args = [
    '--config-file',
    path.join(ROOT, 'schemathesis.toml'),
    'run',
    `${baseUrl}/api/openapi.json`,
    '--url',
    baseUrl,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    'all',
    // One pending second-factor set-up per account: see schemathesis.toml and the README ("Schemathesis").
    '--exclude-checks',
    'ensure_resource_availability',
    ...filter,
  ];
  const child = spawn(cli, args, { stdio: 'inherit', cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** In a child process (the Temporal runtime of the bundle built by the global setup cannot be installed twice). */
async function againstStack(cli: string): Promise<number> {
  // The captcha is the production one: its answers are random by design, so generated registrations get 400.
  const stack = await startTestStack({ captchaProvider: 'builtin' });
  try {
    const person = await newPerson(stack, 'schemathesis');
    // Logging out ends the token every other request uses: that operation runs last, with a token of its own.
    const rest = await runSchemathesis(cli, stack.baseUrl, person.token, ['--exclude-path', '/api/sessions/current']);
    const other = await newPerson(stack, 'schemathesis-logout');
    const last = await runSchemathesis(cli, stack.baseUrl, other.token, ['--include-path', '/api/sessions/current']);
    return rest || last;
  } finally {
    await stack.stop();
  }
}

/** PostgreSQL and Temporal as for npm test, then the stack and Schemathesis in a child process. */
async function main(): Promise<number> {
  const cli = schemathesisCli();
  if (process.argv.includes('--child')) return againstStack(cli);
  await globalSetup();
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child'], {
      stdio: 'inherit',
      cwd: ROOT,
    });
    return child.status ?? 1;
  } finally {
    await globalTeardown();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
