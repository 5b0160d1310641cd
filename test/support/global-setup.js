// Builds dist/ (bot and tab) once before the suites that start the real server as a process.
const path = require('node:path');

module.exports = async () => {
  // The built server and CLI start dozens of times: V8 reuses their compiled code from the second
  // start on (`npm test` sets the same folder; `npx jest` gets it here, before the workers start).
  process.env.NODE_COMPILE_CACHE ??= path.join(__dirname, '..', '..', 'node_modules', '.cache', 'node-compile-cache');
  const { build } = await import('../../scripts/build.mjs');
  build({ quiet: true });
};
