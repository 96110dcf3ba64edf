// Every project's unit and integration tests; the e2e suites have their own config (e2e/).
import { globSync } from 'node:fs';

export default {
  // The template tests compare with tools/vtl-reference: built once, before any test.
  globalSetup: '<rootDir>/test-support/vtl-reference-setup.js',
  projects: globSync(
    ['packages/*/jest.config.js', 'actions/*/jest.config.js', 'scripts/jest.config.js'],
    {
      cwd: import.meta.dirname,
    },
  ).map((file) => `<rootDir>/${file}`),
};
