/**
 * `npm test`: the unit layer (jest.unit.config.js, no servers) and the integration tests (jest.config.js, real
 * PostgreSQL and Temporal) in one Jest run, so that the unit files fill the workers beside the integration files
 * instead of running alone before them. `npm run test:unit` still runs the unit layer by itself, in seconds.
 */
const integration = require('./jest.config');
const unit = require('./jest.unit.config');

/** Jest takes these from the root configuration only. */
const GLOBAL = ['maxWorkers', 'testSequencer', 'testTimeout', 'forceExit'];
const project = (config, displayName) => ({
  ...Object.fromEntries(Object.entries(config).filter(([key]) => !GLOBAL.includes(key))),
  displayName,
});

module.exports = {
  projects: [project(unit, 'unit'), project(integration, 'integration')],
  maxWorkers: integration.maxWorkers,
  testSequencer: integration.testSequencer,
  testTimeout: integration.testTimeout,
  forceExit: true,
};
