// A workflow bundle of a copy of workflows/ with an edit applied: a changed (or older) version of the workflow code,
// built in a temporary folder without touching the repository (test/faults/nondeterminism).
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../lib/temporal-connection';

const ROOT = path.resolve(__dirname, '..', '..');
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface Edit {
  file: string;
  replacements: Array<[from: string, to: string]>;
}

/** A bundle of a copy of workflows/ with `edit` applied to one file (imports outside workflows/ point back here). */
export async function bundleWith(edit?: Edit): Promise<{ code: string }> {
  const dir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'workflows-'));
  for (const file of fs.readdirSync(path.join(ROOT, 'workflows'))) {
    let source = fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8').replace(/from '\.\.\//g, `from '${ROOT}/`);
    for (const [from, to] of edit?.file === file ? edit.replacements : []) {
      expect(source).toContain(from);
      source = source.replace(from, to);
    }
    fs.writeFileSync(path.join(dir, file), source);
  }
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(dir, 'index.ts'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quiet,
    // The copy lives outside the repository: packages resolve from the repository's node_modules.
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, modules: [path.join(ROOT, 'node_modules'), 'node_modules'] },
    }),
  });
  return { code };
}
