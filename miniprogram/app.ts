import { env } from './config/env';
import { apiMode } from './services/api';
import { registerPrivacyAuthorization } from './services/privacy';

App<IAppOption>({
  globalData: {
    mode: 'cloud',
    roles: [],
    unread: 0,
    unreadAt: 0,
  },
  onLaunch() {
    const mode = apiMode();
    this.globalData.mode = mode;
    if (mode === 'cloud') {
      wx.cloud.init(env.cloudEnv ? { env: env.cloudEnv, traceUser: true } : { traceUser: true });
    }
    // Privacy-scoped APIs (wx.scanCode …) wait for the user's agreement, asked by
    // components/privacy-popup on the page that needs it (services/privacy.ts).
    registerPrivacyAuthorization();
  },
});
