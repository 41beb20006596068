// Builds the workflow bundle once, at image build time (Dockerfile); workers load it through WORKFLOW_BUNDLE_PATH.
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle } from '../worker/worker';

async function main() {
  const target = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'workflow-bundle.js'));
  const { code } = await buildWorkflowBundle();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, code);
  process.stdout.write(`workflow bundle: ${target} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((error) => {
  process.stderr.write(`bundle failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
