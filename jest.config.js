/** Unit, integration and end-to-end tests; the e2e tests start the real server and the Playground. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
