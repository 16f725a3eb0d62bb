import { env } from './config/env';
import { apiMode } from './services/api';

App<IAppOption>({
  globalData: {
    mode: 'cloud',
    roles: [],
  },
  onLaunch() {
    const mode = apiMode();
    this.globalData.mode = mode;
    if (mode === 'cloud') {
      wx.cloud.init(env.cloudEnv ? { env: env.cloudEnv, traceUser: true } : { traceUser: true });
    }
  },
});
