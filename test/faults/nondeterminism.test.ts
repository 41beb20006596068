// A deliberately non-deterministic change to a workflow (a timer added before its first step, as an unversioned
// edit would) is caught by replaying the committed histories, the check test/replay-*.test.ts runs: the changed
// bundle fails every history of that workflow with a DeterminismViolationError, while the same bundle unchanged
// replays them all. The changed copy of workflows/ is built in a temporary folder; the repository is not touched.
import fs from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { historyFromText } from '../support/history';
import { bundleWith, type Edit } from './workflow-bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const HISTORIES = path.join(ROOT, 'test', 'histories');

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
        ['  uuid4,\n  workflowInfo,\n} from', '  uuid4,\n  workflowInfo,\n  sleep,\n} from'],
        // At the very start: a run continued as new (which skips the recording) must fail too.
        ['Promise<RequestResult> {\n', 'Promise<RequestResult> {\n  await sleep(1);\n'],
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
