// End-to-end suites: the bundled actions against LocalStack (started by globalSetup).
import { jestConfig } from '../jest.preset.js';

const base = jestConfig(import.meta.dirname);
export default {
  ...base,
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  // One emulator, one account: suites run one after another.
  maxWorkers: 1,
};
