// Applies the committed migrations with `prisma migrate deploy` (JS schema engine, offline).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const cli = require.resolve('prisma/build/index.js', { paths: [ROOT] });
  try {
    await run(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${failure.stderr || failure.stdout || failure.message}`);
  }
}
