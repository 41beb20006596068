/** `npm run test:faults`: the fault tests of test/faults/, over the same real servers as `npm test` (global-setup). */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testPathIgnorePatterns: ['/node_modules/'],
  // A worker lost with its tasks, or a database down for 20 s, costs the flows their timeouts and retry back-off.
  testTimeout: 300000,
  // One file at a time: each breaks a server or loads the machine on purpose.
  maxWorkers: 1,
};
