// Generates the Prisma client and the full DMMF. Prisma needs a resolvable datasource URL even to generate.
// Every npm script that runs code calls this first; it skips the generation (about 3 s of CPU) when the schema, the
// DMMF generator and Prisma's version are those of the last generation and both outputs are present.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
const keyFile = path.join(root, 'prisma', 'generated', 'generation.key');
const outputs = [
  path.join(root, 'prisma', 'generated', 'dmmf.json'),
  path.join(
    path.dirname(require.resolve('@prisma/client', { paths: [root] })),
    '..',
    '..',
    '.prisma',
    'client',
    'index.js',
  ),
];

/** sha256 over what the generated files depend on. */
function generationKey(): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['prisma/schema.prisma', 'prisma/dmmf-generator.cjs'])
    hash.update(fs.readFileSync(path.join(root, file)));
  hash.update(JSON.parse(fs.readFileSync(path.join(path.dirname(prismaCli), '..', 'package.json'), 'utf8')).version);
  return hash.digest('hex');
}

const key = generationKey();
const current = fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key && outputs.every(fs.existsSync);
if (!current) {
  fs.rmSync(keyFile, { force: true });
  execFileSync(process.execPath, [prismaCli, 'generate'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://generate:only@127.0.0.1:5432/unused',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  fs.writeFileSync(keyFile, key);
}
