import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: [
      '**/dist/**',
      '**/lib/**',
      '**/node_modules/**',
      '.nx/**',
      '.emulator/**',
      'coverage/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/src/**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Module boundaries of ARCHITECTURE.md: only actions talk to the GitHub runner, and
      // libraries never depend on applications.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:lib',
              onlyDependOnLibsWithTags: ['type:lib'],
              bannedExternalImports: ['@actions/*'],
            },
            { sourceTag: 'scope:core', notDependOnLibsWithTags: ['scope:local', 'scope:cli'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:lib'],
              bannedExternalImports: ['@actions/*'],
            },
            { sourceTag: 'type:action', onlyDependOnLibsWithTags: ['type:lib', 'type:action-lib'] },
            { sourceTag: 'type:action-lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Lean actions (README): an action's front (dist/index.js) reads and checks its inputs and
    // loads the libraries with one import('./libraries.js') once they are good. A static import
    // of a library here would pull it all into dist/index.js again.
    files: ['actions/*/src/**/*.ts'],
    ignores: ['actions/*/src/libraries.ts', 'actions/*/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['@stepgate/core', '@stepgate/smoke', '@stepgate/local', '@stepgate/vtl'].map(
            (name) => ({
              name,
              message: `import it in libraries.ts (loaded after the inputs), or import only what inputs need from a small module; a static import here moves ${name} into dist/index.js`,
              allowTypeImports: true,
            }),
          ),
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
