/**
 * The behavior every page (and the custom tab bar) uses: `sw` in data is the current
 * {@link UiMode} — 长辈模式 or the WeChat font size — and follows changes while the page is open.
 *
 * A page adopts it with `behaviors: [uiMode]` in its `Component({...})` and
 * `<page-meta page-style="{{sw.pageStyle}}" />` as the first node of its WXML
 * (tests/unit/miniprogram-structure.test.ts checks both for every page in app.json). Pages may
 * read `sw.elder` to render a simpler layout in 长辈模式 (one main action, a plain summary).
 */
import { uiModeFor, type UiMode } from '../utils/ui-mode';
import { currentUiMode, onUiModeChange } from '../utils/ui-mode-store';

interface WithUnsubscribe {
  _swOff?: () => void;
}

export const uiMode = Behavior({
  data: {
    // Replaced in `attached`, before the first render; no storage read at import time.
    sw: uiModeFor(false, 1) as UiMode,
  },
  lifetimes: {
    attached(this: WechatMiniprogram.Component.TrivialInstance & WithUnsubscribe) {
      this.setData({ sw: currentUiMode() });
      this._swOff = onUiModeChange((sw) => this.setData({ sw }));
    },
    detached(this: WechatMiniprogram.Component.TrivialInstance & WithUnsubscribe) {
      if (this._swOff) this._swOff();
      this._swOff = undefined;
    },
  },
});
