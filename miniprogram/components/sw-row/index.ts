/**
 * One row of a list: what it is (title), a line about it (description), its status as a
 * `sw-tag` and, for news, a red badge with the count in words (“2条新回复”). Tappable rows
 * show an arrow and fire `click`; the row is at least `--sw-tap` high (≥ 44 px, 60 px for a
 * main row in 长辈模式 through the tokens).
 *
 *   <sw-row title="心理困扰" description="12月3日 14:20" tag="处理中" tag-tone="info" unread="{{2}}"
 *           arrow data-id="{{item.id}}" bind:click="onOpen" />
 *
 * A row that only shows information has no arrow and no `click` (so it does not look tappable).
 * For choosing one of several options use TDesign's t-radio-group, not rows.
 */
Component({
  options: { styleIsolation: 'isolated', multipleSlots: true },
  properties: {
    title: { type: String, value: '' },
    description: { type: String, value: '' },
    tag: { type: String, value: '' },
    tagTone: { type: String, value: 'neutral' },
    /** Unread count; shown as a red badge with 条新回复 when > 0. */
    unread: { type: Number, value: 0 },
    /** Word after the unread count (default 条新回复). */
    unreadLabel: { type: String, value: '条新回复' },
    /** The row opens something: an arrow, a press effect, and `click`. */
    arrow: { type: Boolean, value: false },
  },
  methods: {
    onClick() {
      if (this.data.arrow) this.triggerEvent('click');
    },
  },
});
