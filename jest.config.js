/** Jest over real PostgreSQL and a real Temporal dev server, both started by test/support/global-setup.ts. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault tests (kill the worker, restart Temporal, stop PostgreSQL) run apart (npm run test:faults), and the
  // unit layer of test/unit/ runs first without servers (npm run test:unit, jest.unit.config.js); the cluster tests
  // start their own topology (npm run test:cluster).
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/faults/',
    '<rootDir>/test/unit/',
    '<rootDir>/test/cluster/',
  ],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
    // otplib's base32 and hashes (@scure/base, @noble/hashes) ship ES modules only: Node requires them, Jest cannot.
    '/node_modules/(@scure|@noble)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Each test file gets its own database, copied from the template global-setup migrated.
  setupFilesAfterEnv: ['<rootDir>/test/support/file-database.ts'],
  // Test files run in parallel: each has its own database and task queues, and most of a file's time is spent waiting
  // (timers of seconds, Temporal round trips, child processes starting), so three workers keep two cores busy.
  // test/support/sequencer.js starts the longest files first.
  maxWorkers: 3,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 120000,
  slowTestThreshold: 30,
  // The Temporal SDK's native runtime keeps the event loop alive after the last connection closes.
  forceExit: true,
};
