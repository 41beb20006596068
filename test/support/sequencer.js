// The order in which the parallel jest workers take the test files: the longest first, so that no worker starts a
// two-minute file while the others run out of work. Jest's own order uses the durations of the last run on this
// machine (its cache) and otherwise the file size, which puts the slowest files of a fresh clone (CI) in the middle;
// the hints below are what a run measured, and the larger of hint and last duration counts.
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/** Seconds a file took in a full run (2 cores, README "Tests"); files not listed fall back to jest's cache or size. */
const HINTS = {
  'rules-model.test.ts': 140,
  'admin-second-factor.test.ts': 45,
  'rules-authority.test.ts': 40,
  'browser/admin.test.ts': 37,
  'start-stop.test.ts': 37,
  'admin.test.ts': 36,
  'migrations.test.ts': 34,
  'registration-durability.test.ts': 25,
  'browser/passkey.test.ts': 15,
  'admin-bad-input.test.ts': 15,
  'authorisation-requests.test.ts': 14,
};

const ROOT = path.resolve(__dirname, '..');

class LongestFirst extends Sequencer {
  sort(tests) {
    const weight = (test) => {
      const hint = HINTS[path.relative(ROOT, test.path).split(path.sep).join('/')] ?? 0;
      return Math.max(hint * 1000, this.time(test) ?? 0);
    };
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort((a, b) => weight(b) - weight(a) || size(b) - size(a));
  }
}

module.exports = LongestFirst;
