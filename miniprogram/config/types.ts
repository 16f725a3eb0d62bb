/**
 * Shape of the build-time environment file `config/env.ts`, which
 * `scripts/write-miniprogram-env.ts` writes (see docs/miniprogram.md "Local mode").
 */
export interface MiniprogramEnv {
  /** `cloud`: `wx.cloud.*` against CloudBase. `local`: HTTP to the dev gateway (development only). */
  mode: 'cloud' | 'local';
  /** CloudBase environment id for `wx.cloud.init`; empty = the mini-program's default environment. */
  cloudEnv: string;
  /** Base URL of the dev gateway, used only in local mode. */
  gatewayUrl: string;
  /**
   * 朗读 (read aloud) through the 微信同声传译 plugin, declared in app.json (utils/speech.ts).
   * Off unless `--speech on`: the plugin must first be added in the MP admin console.
   */
  speech?: boolean;
}
