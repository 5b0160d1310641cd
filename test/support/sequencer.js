// Jest runs the files it timed before longest first; files it has no time for (every file in a
// fresh clone, as in CI) go by size, which puts a short file that installs packages or waits on
// several processes near the end, where one worker runs it alone while the others idle. These
// known-slow files go first until jest has timings of its own.
const Sequencer = require('@jest/test-sequencer').default;

const SLOW = [
  'integration/honest-health.test.ts',
  'integration/multi-instance.test.ts',
  'integration/initiative-cli.test.ts',
  'integration/sharepoint-process.test.ts',
  'integration/outbox-processes.test.ts',
  'integration/as-cli.test.ts',
  'integration/process.test.ts',
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests); // sets test.duration from jest's cache
    const failed = sorted.filter((test) => this.hasFailed(test));
    const slow = sorted.filter((test) => test.duration == null && SLOW.some((name) => test.path.endsWith(name)));
    return [...failed, ...slow, ...sorted.filter((test) => !failed.includes(test) && !slow.includes(test))];
  }
}

module.exports = SlowFirstSequencer;
