// A deliberately non-deterministic change to a workflow (a timer added before its first step, as an unversioned
// edit would) is caught by replaying the committed histories, the check test/replay-*.test.ts runs: the changed
// bundle fails every history of that workflow with a DeterminismViolationError, while the same bundle unchanged
// replays them all. The changed copy of workflows/ is built in a temporary folder; the repository is not touched.
import fs from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../lib/temporal-connection';
import { historyFromText } from '../support/history';

const ROOT = path.resolve(__dirname, '..', '..');
const HISTORIES = path.join(ROOT, 'test', 'histories');
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface Edit {
  file: string;
  replacements: Array<[from: string, to: string]>;
}

/** A bundle of a copy of workflows/ with `edit` applied to one file (imports outside workflows/ point back here). */
async function bundleWith(edit?: Edit): Promise<{ code: string }> {
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

async function replay(bundle: { code: string }, file: string): Promise<unknown> {
  const history = historyFromText(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
  return Worker.runReplayHistory({ workflowBundle: bundle }, history, file).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const histories = (prefix: string) =>
  fs
    .readdirSync(HISTORIES)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort();

const CHANGES: Array<{ workflow: string; prefix: string; edit: Edit }> = [
  {
    workflow: 'registrationWorkflow',
    prefix: 'registration-',
    edit: {
      file: 'registration.workflow.ts',
      replacements: [
        [
          '  const accepted = await acts.acceptRegistration({',
          '  await sleep(1);\n  const accepted = await acts.acceptRegistration({',
        ],
      ],
    },
  },
  {
    workflow: 'authorisationRequestWorkflow',
    prefix: 'authorisation-',
    edit: {
      file: 'authorisation-request.workflow.ts',
      replacements: [
        ['startChild, uuid4 } from', 'startChild, uuid4, sleep } from'],
        [
          '  const organisation = await request.record();',
          '  await sleep(1);\n  const organisation = await request.record();',
        ],
      ],
    },
  },
];

test.each(CHANGES)(
  'an unversioned change to $workflow fails the replay of its committed histories',
  async ({ prefix, edit }) => {
    const files = histories(prefix);
    expect(files.length).toBeGreaterThanOrEqual(3);
    const [unchanged, changed] = await Promise.all([bundleWith(), bundleWith(edit)]);
    for (const file of files) {
      expect([file, await replay(unchanged, file)]).toEqual([file, undefined]);
      const failure = await replay(changed, file);
      expect([file, failure]).toEqual([file, expect.any(DeterminismViolationError)]);
      expect((failure as Error).message).toMatch(/nondetermin/i);
    }
  },
);
