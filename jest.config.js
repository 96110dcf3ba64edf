// Every project's unit and integration tests; the e2e suites have their own config (e2e/).
import { globSync } from 'node:fs';

export default {
  projects: globSync(
    ['packages/*/jest.config.js', 'actions/*/jest.config.js', 'scripts/jest.config.js'],
    {
      cwd: import.meta.dirname,
    },
  ).map((file) => `<rootDir>/${file}`),
};
