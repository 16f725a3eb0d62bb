/**
 * Three projects in one run:
 * - `node`: units, the stand-in, functions, flows (the real node-sdk against the in-process
 *   stand-in), under the run's zone (`npm test` sets TZ=UTC);
 * - `node Asia/Shanghai`: the date-sensitive tests (`*.dates.test.ts`) again, with the worker's
 *   zone switched by tests/helpers/tz-environment.ts;
 * - `miniprogram`: pages and components in jsdom via miniprogram-simulate.
 * Workers: at least two. Function tests spend most of their time waiting on their stand-in's
 * function workers, so two jest workers keep a two-core machine busy where jest's default
 * (cores − 1) would leave one core idle.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads this file as CommonJS
const { availableParallelism } = require('node:os');

// isolatedModules (transpile only) comes from tsconfig.base.json, where ts-jest 29.4 reads it.
const tsJest = ['ts-jest', { diagnostics: false }];
// One-file bundles of the packages every node test file loads, made by the global setup
// (tests/helpers/sandbox-packages.ts says why; keep the two lists the same).
const sandboxPackages = '<rootDir>/node_modules/.cache/shouwang-sandbox-packages';
const nodeProject = {
  globalSetup: '<rootDir>/tests/helpers/node-global-setup.ts',
  moduleNameMapper: {
    '^@cloudbase/node-sdk$': `${sandboxPackages}/node-sdk.js`,
    '^mingo$': `${sandboxPackages}/mingo.js`,
    '^zod$': `${sandboxPackages}/zod.js`,
  },
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['<rootDir>/tests/{unit,standin,functions,flows,structure,wechat}/**/*.test.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/tests/helpers/node-setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/node-timeout.ts'],
};
module.exports = {
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...nodeProject, displayName: 'node' },
    {
      ...nodeProject,
      displayName: 'node Asia/Shanghai',
      testMatch: ['<rootDir>/tests/{unit,standin,functions,flows,structure,wechat}/**/*.dates.test.ts'],
      testEnvironment: '<rootDir>/tests/helpers/tz-environment.ts',
      testEnvironmentOptions: { timeZone: 'Asia/Shanghai' },
    },
    {
      // Pages load their TDesign components from miniprogram/miniprogram_npm/ (copied by the
      // global setup); those are ES modules importing `tslib`, so js goes through ts-jest too.
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/components/**/*.test.ts'],
      transform: {
        '^.+\\.(ts|js)$': [
          'ts-jest',
          {
            diagnostics: false,
            tsconfig: { allowJs: true, target: 'ES2020', module: 'commonjs', esModuleInterop: true, isolatedModules: true },
          },
        ],
      },
      transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram)'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      globalSetup: '<rootDir>/tests/helpers/miniprogram-global-setup.ts',
      setupFiles: ['<rootDir>/tests/helpers/miniprogram-setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/miniprogram-timeout.ts'],
    },
  ],
};
