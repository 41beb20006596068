import fs from 'node:fs';
import type { Infrastructure } from '../../lib/infrastructure';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __TRACES_INFRA__?: { infra: Infrastructure; dataDir: string } }).__TRACES_INFRA__;
  if (!state) return;
  await state.infra.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
