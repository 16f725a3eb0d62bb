/**
 * The state of something that loads: 加载中, nothing there yet, or it failed — always with what
 * to do next. Use it for every list and page body instead of ad-hoc text:
 *
 *   <sw-state wx:if="{{state}}" state="{{state}}" title="…" detail="…" action="重试" bind:action="onRetry" />
 *
 * - `state`: `loading` | `empty` | `error` (anything else renders nothing);
 * - `title`: one line saying what is the case (defaults: 正在加载… / 暂无内容 / 加载失败);
 * - `detail`: the next step in plain words (e.g. 请检查网络后点“重试”), or the error's Chinese
 *   message — never a code key;
 * - `action`: the button label (重试, 去填写 …); the button fires `action`. An error without an
 *   action gets 重试, because an error must always offer a next step.
 * The icon repeats the meaning; the words carry it (never colour alone).
 */
Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    state: { type: String, value: '' },
    title: { type: String, value: '' },
    detail: { type: String, value: '' },
    action: { type: String, value: '' },
    /** TDesign icon name for the empty state (default `inbox`). */
    icon: { type: String, value: '' },
  },
  data: {
    heading: '',
    button: '',
  },
  observers: {
    'state, title, action'(state: string, title: string, action: string) {
      const heading = title || (state === 'loading' ? '正在加载…' : state === 'error' ? '加载失败' : state === 'empty' ? '暂无内容' : '');
      const button = action || (state === 'error' ? '重试' : '');
      this.setData({ heading, button });
    },
  },
  methods: {
    onAction() {
      this.triggerEvent('action');
    },
  },
});
