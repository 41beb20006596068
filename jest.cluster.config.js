/**
 * `npm run test:cluster`: the production topology of test/cluster/ (a multi-process Temporal cluster with mutual
 * TLS, two web and two worker processes), which each test file starts itself: no global dev server.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  setupFilesAfterEnv: [],
  // Bring-up, 240 flows, a history node's shards moving, then the expiries of the flows left waiting.
  testTimeout: 600000,
};
