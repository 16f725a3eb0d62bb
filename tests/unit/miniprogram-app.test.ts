/** miniprogram/app.ts: CloudBase is initialised in cloud mode only, and the mode is shared. */
import { env } from '../../miniprogram/config/env';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

interface AppOptions {
  globalData: { mode: string; roles: string[] };
  onLaunch(this: AppOptions): void;
}

function launch(envVersion = 'develop'): { app: AppOptions; init: jest.Mock } {
  let app: AppOptions | undefined;
  const init = jest.fn();
  (global as any).App = (options: AppOptions) => (app = options);
  (global as any).wx = {
    cloud: { init },
    getAccountInfoSync: () => ({ miniProgram: { envVersion } }),
  };
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../miniprogram/app');
  });
  if (!app) throw new Error('app.ts did not call App()');
  app.onLaunch.call(app);
  return { app, init };
}

afterAll(() => {
  delete (global as any).App;
  delete (global as any).wx;
});

test('cloud mode initialises wx.cloud (default environment unless one is configured)', () => {
  env.mode = 'cloud';
  env.cloudEnv = '';
  const first = launch();
  expect(first.init).toHaveBeenCalledWith({ traceUser: true });
  expect(first.app.globalData).toEqual({ mode: 'cloud', roles: [], unread: 0, unreadAt: 0 });

  env.cloudEnv = 'shouwang-prod-1a2b';
  const second = launch();
  expect(second.init).toHaveBeenCalledWith({ env: 'shouwang-prod-1a2b', traceUser: true });
});

test('local mode leaves wx.cloud alone; a release build is always cloud', () => {
  env.mode = 'local';
  const local = launch();
  expect(local.init).not.toHaveBeenCalled();
  expect(local.app.globalData.mode).toBe('local');

  const release = launch('release');
  expect(release.init).toHaveBeenCalledTimes(1);
  expect(release.app.globalData.mode).toBe('cloud');
});
