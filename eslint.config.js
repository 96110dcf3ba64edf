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
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
