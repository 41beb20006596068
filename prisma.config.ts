// Prisma without downloaded engines: the JS schema engine over the pg driver adapter (works offline).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is required for Prisma migrations');
    // allowExitOnIdle: the CLI does not close the pool, and pg's 10 s idle timeout would keep the process (and the
    // session holding Prisma's migration advisory lock) alive for 10 s after the work is done, so a second process
    // migrating at the same time waited those 10 s, right at Prisma's lock timeout.
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 100 });
  },
});
