// One jest set-up for every project: TypeScript through SWC straight to native ESM
// (no CommonJS build), so ESM-only packages such as @actions/core 3 load as they are.
// Workspace packages resolve to their sources, so tests never need a prior build.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));

/** @param {string} dir the project's folder */
export function jestConfig(dir) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
      ],
    },
    moduleNameMapper: {
      '^@stepgate/action-common$': path.join(root, 'actions/common/src/index.ts'),
      '^@stepgate/([a-z-]+)$': path.join(root, 'packages/$1/src/index.ts'),
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
  };
}
