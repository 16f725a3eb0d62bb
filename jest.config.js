/**
 * Two projects: `node` (units, the stand-in, functions, flows; the real node-sdk against the
 * in-process stand-in) and `miniprogram` (pages and components in jsdom via miniprogram-simulate).
 * Date-sensitive tests are named `*.dates.test.ts`; `npm test` runs them under both time zones.
 */
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['<rootDir>/tests/{unit,standin,functions,flows,structure,wechat}/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['ts', 'js', 'json'],
      setupFiles: ['<rootDir>/tests/helpers/node-setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/helpers/node-timeout.ts'],
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
