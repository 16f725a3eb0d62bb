/**
 * For pages that list what the person changes on another page (a form, an item opened from the
 * list): load when opened, and again on coming back, so the change shows. The page defines
 * `load()` and a `loading` flag in its data; no second load starts while one is running.
 *
 *   Component({ behaviors: [uiMode, reloadOnShow], data: { loading: true, … }, methods: { async load() { … } } })
 */
type Loader = WechatMiniprogram.Component.TrivialInstance & { load(): Promise<unknown> };

export const reloadOnShow = Behavior({
  methods: {
    onLoad(this: Loader) {
      void this.load();
    },
    onShow(this: Loader) {
      if (!(this.data as { loading?: boolean }).loading) void this.load();
    },
  },
});
