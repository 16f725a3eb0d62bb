/**
 * One fact: its label and its value, both readable (label ≥ 4.5:1, value in the main text
 * colour). An empty value reads 未填写 (or `empty`); a phone value (`phone`) can be called.
 *
 *   <sw-field label="照护人" value="王秀英（祖母）" />
 *   <sw-field label="照护人电话" value="{{phone}}" phone who="王秀英" bind:called="onCalled" />
 *
 * Pages pass values already in words (labels, dates) — never a code; turn codes into words in
 * the page's logic, and show 未知 rather than the code when a value has no label.
 */
Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    label: { type: String, value: '' },
    value: { type: String, value: '' },
    /** Shown when value is empty. */
    empty: { type: String, value: '未填写' },
    phone: { type: Boolean, value: false },
    who: { type: String, value: '' },
    /** Label above value (long values such as notes). */
    stacked: { type: Boolean, value: false },
  },
  methods: {
    onCalled(e: WechatMiniprogram.CustomEvent<{ number: string }>) {
      this.triggerEvent('called', e.detail);
    },
  },
});
