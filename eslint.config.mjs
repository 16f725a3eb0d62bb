import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['miniprogram/**/*.ts'],
    languageOptions: { globals: { wx: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly', Behavior: 'readonly' } },
  },
);
