// A workflow bundle of a copy of workflows/ with an edit applied: a changed (or older) version of the workflow code,
// built in a temporary folder without touching the repository (test/faults/nondeterminism, test/role-renewal,
// test/replay-authorisation, test/cluster).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../lib/temporal-connection';

const ROOT = path.resolve(__dirname, '..', '..');
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface Edit {
  file: string;
  replacements: Array<[from: string, to: string]>;
}

/**
 * The next deploy of the rolling-restart and renewal tests: it asks every kept role into a fresh run of its code
 * (ROLE_RENEWALS in workflows/authorisation-request.workflow.ts, a patched() change).
 */
export const NEXT_DEPLOY_RENEWAL = 'role-renewal-next-deploy';
export const NEXT_DEPLOY: Edit = {
  file: 'authorisation-request.workflow.ts',
  replacements: [
    [
      'export const ROLE_RENEWALS: readonly string[] = [];',
      `export const ROLE_RENEWALS: readonly string[] = ['${NEXT_DEPLOY_RENEWAL}'];`,
    ],
  ],
};

/** A bundle of a copy of workflows/ with `edit` applied to one file (imports outside workflows/ point back here). */
export async function bundleWith(
  edit?: Edit,
  tmpDir = process.env.TEST_DATA_DIR ?? os.tmpdir(),
): Promise<{ code: string }> {
  const dir = fs.mkdtempSync(path.join(tmpDir, 'workflows-'));
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
