/** Unit, integration and end-to-end tests; the e2e tests start the real server and the Playground. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Files run in parallel workers beside the linters (npm test); a test that starts a dozen CLI
  // processes needs the margin on a loaded machine. A hung test still fails, a minute later.
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
