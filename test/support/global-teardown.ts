import fs from 'node:fs';
import type { Infrastructure } from '../../lib/infrastructure';
import { dropDatabases } from './test-databases';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __TRACES_INFRA__?: { infra: Infrastructure; dataDir: string; prefix: string } })
    .__TRACES_INFRA__;
  if (!state) return;
  // The template and the copies of each test file (matters on a server given by TEST_DATABASE_URL).
  await dropDatabases(state.infra.databaseUrl, state.prefix).catch(() => undefined);
  await state.infra.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
