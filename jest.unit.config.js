/** `npm run test:unit`: the unit layer of test/unit/, without PostgreSQL or the dev server (no global setup). */
const base = require('./jest.config');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  testMatch: ['**/*.test.ts'],
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  // The time-skipping test server starts once per file; the workflow bundle is compiled once per file too.
  testTimeout: 60000,
  forceExit: true,
};
