import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FUNCTIONS_DIR = fileURLToPath(new URL('./cloudfunctions/', import.meta.url));

/** The cloud functions (domains): folders of cloudfunctions/ with src/index.ts. */
const DOMAINS = readdirSync(FUNCTIONS_DIR).filter((d) => !d.startsWith('_') && existsSync(`${FUNCTIONS_DIR}${d}/src/index.ts`));

/**
 * A domain never imports another domain's code: they meet in _shared/ (contracts, events). The
 * scheduler alone reads each domain's `src/timers.ts`, the one shape timer work is handed over in.
 * (tests/structure/imports.test.ts checks the whole graph, type-only imports included.)
 */
const domainBoundaries = DOMAINS.map((domain) => ({
  files: [`cloudfunctions/${domain}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: DOMAINS.filter((other) => other !== domain).map((other) => ({
          group: [`**/${other}/src/**`, ...(domain === 'scheduler' ? [`!**/${other}/src/timers`] : [])],
          message: `Domains do not import each other (${domain} → ${other}): share through cloudfunctions/_shared/ (contracts, events).`,
        })),
      },
    ],
  },
}));

/** Node's CommonJS / script globals, for the plain-JS config files and .mjs scripts. */
const nodeGlobals = {
  module: 'writable',
  require: 'readonly',
  exports: 'writable',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default tseslint.config(
  // `.tmp-*/` are scratch folders (profiling, experiments), never part of the product.
  { ignores: ['node_modules/', 'build/', '.data/', '.tmp-*/', 'coverage/', 'miniprogram/miniprogram_npm/', '**/*.js', '!jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['jest.config.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['jest.config.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  ...domainBoundaries,
  {
    // The cloud functions are type-checked in the root project, whose types include jest's
    // (scripts/check.mjs): a test global in function code would pass there and fail in production.
    files: ['cloudfunctions/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['jest', 'expect', 'describe', 'it', 'test', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach'].map((name) => ({
          name,
          message: `${name} is a test global: cloud functions run without jest.`,
        })),
      ],
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    languageOptions: { globals: { wx: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly', Behavior: 'readonly' } },
  },
);
