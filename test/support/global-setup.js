// Builds dist/ (bot and tab) once before the suites that start the real server as a process, and
// starts the run's one Chromium when the run has browser tests.
const fs = require('node:fs');
const path = require('node:path');

const E2E = path.join(__dirname, '..', 'e2e');

/** Whether a file that opens Chromium is among the run's files (jest matches its pattern against full paths). */
function runsBrowserTests(globalConfig) {
  const pattern = new RegExp(globalConfig.testPathPattern || '', 'i');
  return fs
    .readdirSync(E2E)
    .map((name) => path.join(E2E, name))
    .some((file) => file.endsWith('.test.ts') && pattern.test(file) && fs.readFileSync(file, 'utf8').includes('launchChromium('));
}

module.exports = async (globalConfig) => {
  // The built server and CLI start dozens of times: V8 reuses their compiled code from the second
  // start on (`npm test` sets the same folder; `npx jest` gets it here, before the workers start).
  process.env.NODE_COMPILE_CACHE ??= path.join(__dirname, '..', '..', 'node_modules', '.cache', 'node-compile-cache');
  const { build } = await import('../../scripts/build.mjs');
  build({ quiet: true });
  // One Chromium for every browser test file (each gets a context of its own), instead of one
  // launch per file; the workers, started after this, inherit its address (browser.ts).
  if (runsBrowserTests(globalConfig) && fs.existsSync(require('./browser').CHROMIUM_PATH)) {
    globalThis.renkeiSharedChromium = await require('./browser').startSharedChromium();
  }
};
