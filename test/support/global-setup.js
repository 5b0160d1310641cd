// Builds dist/ (bot and tab) once before the suites that start the real server as a process.
module.exports = async () => {
  const { build } = await import('../../scripts/build.mjs');
  build({ quiet: true });
};
