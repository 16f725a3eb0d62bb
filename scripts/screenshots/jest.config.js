/**
 * The jest run scripts/screenshots.ts uses to render pages: the `miniprogram` project's setup
 * (jsdom, miniprogram-simulate, the page harness and its phone styles), with the journeys in
 * scripts/screenshots/journeys.shots.ts instead of the tests. Not part of `npm test`.
 */
const base = require('../../jest.config.js').projects.find((p) => p.displayName === 'miniprogram');

module.exports = {
  ...base,
  displayName: 'screenshots',
  rootDir: '../..',
  roots: ['<rootDir>/scripts/screenshots'],
  testMatch: ['<rootDir>/scripts/screenshots/*.shots.ts'],
};
