/**
 * Globals for the `miniprogram` jest project (jsdom + miniprogram-simulate), in the shape the
 * TDesign and Vant suites use: miniprogram-simulate's `wx` stubs (required first, it injects
 * `global.wx`, `Component`, `Behavior`) with a fixed device profile, an in-memory storage,
 * a `wx.cloud` whose calls fail until a test mocks them, and `getApp`, `getCurrentPages` and a
 * `Page` shim (pages are written with `Component()`).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const simulate = require('miniprogram-simulate');
void simulate;

const g = global as any;

const windowInfo = {
  pixelRatio: 2,
  screenWidth: 375,
  screenHeight: 667,
  windowWidth: 375,
  windowHeight: 667,
  statusBarHeight: 20,
  screenTop: 0,
  safeArea: { left: 0, right: 375, top: 20, bottom: 667, width: 375, height: 647 },
};
// The project's base library (project.config.json libVersion).
const appBaseInfo = { SDKVersion: '3.5.0', version: '8.0.50', language: 'zh_CN', theme: 'light' };
const deviceInfo = { brand: 'devtools', model: 'iPhone 6/7/8', platform: 'devtools', system: 'iOS 10.0.1', pixelRatio: 2 };
const systemInfo = { ...windowInfo, ...appBaseInfo, ...deviceInfo, fontSizeSetting: 16 };

const storage = new Map<string, unknown>();
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function notMocked(name: string) {
  return jest.fn(() => Promise.reject({ errCode: -1, errMsg: `${name}:fail not mocked in this test` }));
}

Object.assign(g.wx, {
  getWindowInfo: () => ({ ...windowInfo }),
  getAppBaseInfo: () => ({ ...appBaseInfo }),
  getDeviceInfo: () => ({ ...deviceInfo }),
  getSystemInfoSync: () => ({ ...systemInfo }),
  getMenuButtonBoundingClientRect: () => ({ bottom: 56, height: 32, left: 281, right: 368, top: 24, width: 87 }),
  getStorageSync: (key: string) => (storage.has(key) ? clone(storage.get(key)) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, clone(value)),
  removeStorageSync: (key: string) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
  cloud: {
    init: jest.fn(),
    callFunction: notMocked('cloud.callFunction'),
    uploadFile: notMocked('cloud.uploadFile'),
    getTempFileURL: notMocked('cloud.getTempFileURL'),
  },
});

/** The app instance pages see through `getApp()`; tests may change `globalData`. */
g.__app = { globalData: { mode: 'cloud', roles: [], unread: 0, unreadAt: 0 } };
g.getApp = () => g.__app;
g.getCurrentPages = jest.fn(() => []);
g.Page = (options: unknown) => g.Component(options);
g.App = (options: unknown) => {
  g.__app = options;
};
