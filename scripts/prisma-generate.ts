// Generates the Prisma client and the full DMMF. Prisma needs a resolvable datasource URL even to generate.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [require.resolve('prisma/build/index.js', { paths: [root] }), 'generate'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://generate:only@127.0.0.1:5432/unused',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
