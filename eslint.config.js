// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// core/ is the framework-free domain: it may import only itself and node: built-ins that do no I/O.
// Frameworks, vendor SDKs and the edges are forbidden there (CONVENTIONS.md rule 1).
const coreForbidden = [
  {
    group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
    message: 'core/ must not import the bot framework.',
  },
  { group: ['@microsoft/*', '@azure/*'], message: 'core/ must not import vendor SDKs; add a port.' },
  {
    group: ['ldapts', 'restify', 'pino', 'zod'],
    message: 'core/ must not import frameworks or libraries with I/O.',
  },
  {
    group: [
      'node:http',
      'node:https',
      'node:net',
      'node:fs',
      'node:fs/*',
      'node:child_process',
      'node:sqlite',
    ],
    message: 'core/ does no I/O; use a port.',
  },
  {
    group: [
      '**/connectors/**',
      '**/bot/**',
      '**/cards/**',
      '**/dialogs/**',
      '**/relay/**',
      '**/cli/**',
      '**/sandbox/**',
    ],
    message: 'core/ must not depend on an edge (DESIGN.md: data flows one way).',
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'artifacts/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: coreForbidden }] },
  },
  {
    // doctor/ is called by the CLI and by the bot at start: it may use config, connectors and core, but
    // no edge (so the bot's hook stays one call and the Teams libraries stay in bot/).
    files: ['doctor/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'botbuilder',
                'botbuilder-*',
                '@microsoft/teams-ai',
                '**/bot/**',
                '**/dialogs/**',
                '**/cards/**',
                '**/cli/**',
                '**/sandbox/**',
              ],
              message: 'doctor/ must not depend on an edge or the sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI and the sandbox launcher print to a terminal on purpose; tests may use `any` in fixtures.
    files: ['cli/**/*.ts', 'sandbox/start.ts', 'scripts/**/*.ts', 'test/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
