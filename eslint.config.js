// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers point one way: edge (bot/, cli/, relay/) -> dialogs/ -> app/ (use cases) -> core/ -> ports ->
// connectors/. Each folder's block below forbids what it must not import, so a violation fails lint
// (CONVENTIONS.md rule 1; README "Architecture").
const folder = (name, message) => ({ group: [`**/${name}/**`], message });
const TEAMS_SDK = {
  group: ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai'],
  message:
    'Only bot/ may import the Teams SDKs (end-of-life upstream: the edge must stay replaceable alone).',
};
const VENDOR_IO = {
  group: ['@microsoft/microsoft-graph-client', '@azure/*', 'ldapts', 'restify', 'hyco-https'],
  message: 'Vendor SDKs belong in connectors/ (or the edge that serves them); add a port.',
};

// core/ is the framework-free domain: it may import only itself and node: built-ins that do no I/O.
const coreForbidden = [
  TEAMS_SDK,
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
      '**/app/**',
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

// app/ is the use-case layer: core and its ports, never an edge, a renderer or a vendor SDK.
const appForbidden = [
  TEAMS_SDK,
  VENDOR_IO,
  ...['bot', 'dialogs', 'cards', 'connectors', 'cli', 'relay', 'sandbox'].map((f) =>
    folder(f, `app/ must not import ${f}/: the use cases take ports (Notifier, CardRenderer, repositories).`),
  ),
];

// dialogs/ parse what a card or a message sent, call a use case and choose the next card: no SDK types.
const dialogsForbidden = [
  TEAMS_SDK,
  VENDOR_IO,
  ...['bot', 'connectors', 'cli', 'relay', 'sandbox'].map((f) =>
    folder(f, `dialogs/ must not import ${f}/ (they call app/ use cases and render cards/).`),
  ),
];

// cards/ render views; they may name the use cases' view types, never call them.
const cardsForbidden = [
  TEAMS_SDK,
  VENDOR_IO,
  ...['bot', 'dialogs', 'connectors', 'cli', 'relay', 'sandbox'].map((f) =>
    folder(f, `cards/ must not import ${f}/: a card renders the view it is given.`),
  ),
  { ...folder('app', 'cards/ may import only types from app/ (the views).'), allowTypeImports: true },
];

// connectors/ make the core's ports real; they know nothing of the use cases or the edges. (The relay
// client shares the agent's wire protocol - relay/protocol.ts, operations.ts, sas-token.ts - on purpose.)
const connectorsForbidden = [
  TEAMS_SDK,
  ...['bot', 'dialogs', 'cards', 'app', 'cli', 'sandbox'].map((f) =>
    folder(f, `connectors/ must not import ${f}/: they implement core ports only.`),
  ),
];

// relay/ is a separate product on the Entra Connect server; the sandbox wires its simulator mode.
const relayForbidden = [
  TEAMS_SDK,
  ...['bot', 'dialogs', 'cards', 'app', 'cli', 'sandbox'].map((f) =>
    folder(f, `relay/ must not import ${f}/ (the sandbox injects the simulator runner).`),
  ),
];

// doctor/ is called by the CLI and by the bot at start: it may use config, connectors and core, but no
// edge (so the bot's hook stays one call and the Teams libraries stay in bot/).
const doctorForbidden = [
  TEAMS_SDK,
  ...['bot', 'dialogs', 'cards', 'cli', 'sandbox'].map((f) =>
    folder(f, 'doctor/ must not depend on an edge or the sandbox.'),
  ),
];

// Everything outside bot/ (and the tests, which drive the edge): no Teams SDK.
const elsewhereForbidden = [TEAMS_SDK];

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

// no-restricted-imports does not see `await import('...')`: the relay must not reach the sandbox that way.
const noDynamicSandbox = {
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression[source.value=/sandbox\\//]',
      message: 'relay/ must not import sandbox/ (the sandbox injects the simulator runner).',
    },
  ],
};

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
  { files: ['**/*.ts'], ignores: ['bot/**', 'test/**'], rules: restrict(elsewhereForbidden) },
  { files: ['core/**/*.ts'], rules: restrict(coreForbidden) },
  { files: ['app/**/*.ts'], rules: restrict(appForbidden) },
  { files: ['dialogs/**/*.ts'], rules: restrict(dialogsForbidden) },
  { files: ['cards/**/*.ts'], rules: restrict(cardsForbidden) },
  { files: ['connectors/**/*.ts'], rules: restrict(connectorsForbidden) },
  { files: ['relay/**/*.ts'], rules: { ...restrict(relayForbidden), ...noDynamicSandbox } },
  { files: ['doctor/**/*.ts'], rules: restrict(doctorForbidden) },
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
