/**
 * A status as a tag: the word says the status, the colour only repeats it (never colour alone).
 *
 *   <sw-tag text="待签署" tone="warning" />
 *
 * `tone`: `info` (blue) | `success` (green) | `warning` (orange) | `danger` (red) | `neutral`
 * (grey). The colours are app.wxss tokens with ≥ 4.5:1 contrast on the tag's light background.
 * Renders nothing without `text`.
 */
const THEMES: Record<string, string> = { info: 'primary', success: 'success', warning: 'warning', danger: 'danger', neutral: 'default' };

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    text: { type: String, value: '' },
    tone: { type: String, value: 'neutral' },
  },
  data: { theme: 'default' },
  observers: {
    tone(tone: string) {
      this.setData({ theme: THEMES[tone] ?? 'default' });
    },
  },
});
