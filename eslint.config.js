import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'bin/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // domain/ is pure: no I/O, no database drivers, no web framework.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:fs*',
                'node:http*',
                'node:net',
                'pg',
                'better-sqlite3',
                'fastify',
                'kysely',
                '**/db/**',
                '**/web/**',
              ],
              message: 'domain/ must stay pure',
            },
          ],
        },
      ],
    },
  },
);
