// The rooms of docs/architecture.md as lint rules: ESLint (the project's own eslint.config.js) run on small files
// placed, by name, in each room. A forbidden import fails; the allowed ones pass.
import path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..');
// The config object itself, so that ESLint need not load a config file inside Jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(ROOT, 'eslint.config.js'));
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

/** The messages of the import rules for `code` written at `file` (relative to the repository). */
async function importProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.fatal)
    .map((m) => m.message);
}

describe('workflows/ (the deterministic sandbox)', () => {
  const file = 'workflows/fixture.workflow.ts';

  test('may import the workflow SDK, domain/, sibling workflows and activity types', async () => {
    expect(
      await importProblems(
        file,
        [
          "import { condition, proxyActivities } from '@temporalio/workflow';",
          "import { ApplicationFailure } from '@temporalio/common';",
          "import { TASK_QUEUE } from '../domain/contracts';",
          "import type { RegistrationActivities } from '../activities/registration.activities';",
          "import { type AuthorisationActivities } from '../activities/authorisation.activities';",
          "import type { registrationWorkflow } from './registration.workflow';",
          'export const x = [condition, proxyActivities, ApplicationFailure, TASK_QUEUE];',
          'export type Y = RegistrationActivities | AuthorisationActivities | typeof registrationWorkflow;',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  test.each([
    ["import crypto from 'node:crypto';", /no Node built-ins/],
    ["import fs from 'fs';", /no Node built-ins/],
    ["import { setTimeout } from 'timers/promises';", /no Node built-ins/],
    ["import { v4 } from 'uuid';", /import only @temporalio\/workflow/],
    ["import { Client } from '@temporalio/client';", /import only @temporalio\/workflow/],
    ["import { Worker } from '@temporalio/worker';", /import only @temporalio\/workflow/],
    ["import { createDb } from '../lib/db';", /import only @temporalio\/workflow/],
    ["import { createUseCases } from '../api/use-cases';", /import only @temporalio\/workflow/],
    ["import { createActivities } from '../activities';", /import only @temporalio\/workflow/],
    ["import { createRegistrationActivities } from '../activities/registration.activities';", /as types only/],
    ["export { createRegistrationActivities } from '../activities/registration.activities';", /as types only/],
  ])('refuses %s', async (line, message) => {
    // A built-in breaks two rules (no built-ins, and only the allowed modules): each says why.
    expect(await importProblems(file, `${line}\nexport const used = 1;`)).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    );
  });
});

describe('api/, admin/ and portal/ (the edge)', () => {
  test.each([
    ['api/use-cases/fixture.ts', "import { registrationWorkflow } from '../../workflows/registration.workflow';"],
    ['api/fixture.ts', "import * as workflows from '../workflows';"],
    ['admin/fixture.ts', "import { authorisationRequestWorkflow } from '../workflows/authorisation-request.workflow';"],
    [
      'portal/views/fixture.ts',
      "import { operatorCreationWorkflow } from '../../workflows/operator-creation.workflow';",
    ],
  ])('%s may not load a workflow body: %s', async (file, line) => {
    expect(await importProblems(file, `${line}\nexport const used = 1;`)).toEqual([
      expect.stringMatching(/Load no workflow body here/),
    ]);
  });

  test('they name workflows through domain/contracts.ts, and may import workflow types', async () => {
    expect(
      await importProblems(
        'api/use-cases/fixture.ts',
        [
          "import { registrationWorkflowId } from '../../domain/contracts';",
          "import type { registrationWorkflow } from '../../workflows/registration.workflow';",
          'export type W = typeof registrationWorkflow;',
          'export const id = registrationWorkflowId;',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

describe('arrows point down', () => {
  test('domain/ is pure: no Node built-ins, no lib/', async () => {
    expect(await importProblems('domain/fixture.ts', "import fs from 'node:fs';\nexport const f = fs;")).toEqual(
      expect.arrayContaining([expect.stringMatching(/domain\/ is pure/)]),
    );
    expect(
      await importProblems('domain/fixture.ts', "import { createDb } from '../lib/db';\nexport const f = createDb;"),
    ).toEqual([expect.stringMatching(/domain\/ imports only its own modules/)]);
  });

  test('lib/ does not seed and bench/ does not use test support', async () => {
    expect(
      await importProblems(
        'lib/fixture.ts',
        "import { seedReferenceData } from '../prisma/seed';\nexport const f = seedReferenceData;",
      ),
    ).toEqual([expect.stringMatching(/Only the composition roots/)]);
    expect(
      await importProblems('bench/fixture.ts', "import { call } from '../test/support/http';\nexport const f = call;"),
    ).toEqual([expect.stringMatching(/bench\/ imports no test support/)]);
  });
});
