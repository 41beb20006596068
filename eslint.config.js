// ESLint (flat config). The import rules below are the rooms of docs/architecture.md: each folder imports only what
// its room may; test/unit/architecture.test.ts proves that they fail on a forbidden import.
const { builtinModules } = require('node:module');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** Node's built-in modules, with and without the node: prefix (Temporal's samples forbid them in workflows). */
const NODE_BUILTINS = builtinModules.flatMap((name) => [name, `node:${name}`]);

/**
 * The workflow sandbox: workflow code is replayed and must be deterministic, so it imports only the workflow SDK,
 * the pure rules of domain/, sibling workflow files and (type-only) the activities it proxies.
 */
const workflowImports = [
  'error',
  {
    paths: NODE_BUILTINS.map((name) => ({
      name,
      message: 'Workflows run in a deterministic sandbox: no Node built-ins.',
    })),
    patterns: [
      {
        regex: '^(?!@temporalio/(workflow|common)$|\\./[^/]+$|\\.\\./domain/[^/]+$|\\.\\./activities/[^/]+$)',
        message: 'Workflows import only @temporalio/workflow, @temporalio/common, domain/ and activity types.',
      },
      {
        group: ['../activities/*'],
        allowTypeImports: true,
        message: 'Workflows import activities as types only (import type …), through proxyActivities.',
      },
    ],
  },
];

/** domain/ holds pure rules: no I/O, nothing but its own modules and the SDK's message definitions. */
const domainImports = [
  'error',
  {
    paths: NODE_BUILTINS.map((name) => ({ name, message: 'domain/ is pure: no Node built-ins (no I/O).' })),
    patterns: [
      {
        regex: '^(?!@temporalio/(workflow|common)$|\\./[^/]+$)',
        message: 'domain/ imports only its own modules and the Temporal SDK definitions of messages.',
      },
      {
        // The entitlement rule builds Prisma `where` objects; it may name their types, never load the client.
        regex: '^@prisma/client$',
        allowTypeImports: true,
        message: 'domain/ may import only types from @prisma/client.',
      },
    ],
  },
];

/** The edge (api/, admin/, portal/) talks to workflows through domain/contracts.ts, never loading a workflow body. */
const noWorkflowBodies = (extra = []) => [
  'error',
  {
    patterns: [
      {
        group: ['**/workflows', '**/workflows/*'],
        allowTypeImports: true,
        message:
          'Load no workflow body here: use the names and messages of domain/contracts.ts (types may be imported).',
      },
      ...extra,
    ],
  },
];

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      'prisma/generated/**',
      '**/*.d.ts',
      'admin/components/**',
      'bench/results/**',
      // AdminJS bundles the custom components here at start-up.
      '.adminjs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Line width (120) is Prettier's (npm run format); max-len would only repeat it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['workflows/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': workflowImports } },
  { files: ['domain/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': domainImports } },
  {
    files: ['admin/**/*.ts', 'portal/**/*.ts', 'web/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': noWorkflowBodies() },
  },
  {
    // portal/ and admin/ import api/ (its use-cases): api/ mounts neither; the web process (web/) mounts all three.
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': noWorkflowBodies([
        {
          group: ['**/portal', '**/portal/*', '**/admin', '**/admin/*', '**/web/*'],
          message: 'api/ mounts no portal or back-office.',
        },
      ]),
    },
  },
  {
    // Nothing below the top imports the start-up, the seed or the test support (arrows point down).
    files: ['lib/**/*.ts', 'activities/**/*.ts', 'worker/**/*.ts', 'bench/**/*.ts', 'client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/test/**', '**/scripts/*'], message: 'Production and bench code import no test support.' },
            { group: ['**/prisma/seed'], message: 'Only the composition roots (scripts/, bench/) seed data.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/test/**'], message: 'bench/ imports no test support: shared helpers live in lib/.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely typed HTTP bodies.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        BroadcastChannel: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The portal's small script runs in the browser.
    files: ['portal/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly' },
    },
  },
);
