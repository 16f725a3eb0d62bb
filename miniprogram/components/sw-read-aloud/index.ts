/**
 * 朗读: a button that reads `text` aloud, shown only where the platform offers speech
 * (utils/speech.ts: the 微信同声传译 plugin, when configured); elsewhere it renders nothing.
 *
 *   <sw-read-aloud text="{{summary}}" label="朗读确认书" bind:finished="onHeard" />
 *
 * Events: `finished` after the whole text was read.
 */
import { readAloud, speechAvailable, type Reading } from '../../utils/speech';

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    text: { type: String, value: '' },
    label: { type: String, value: '朗读' },
  },
  data: { available: false, playing: false },
  lifetimes: {
    attached() {
      this.setData({ available: speechAvailable() });
    },
    detached() {
      const self = this as unknown as { _reading?: Reading };
      if (self._reading) self._reading.stop();
    },
  },
  methods: {
    onTap() {
      const self = this as unknown as { _reading?: Reading };
      if (this.data.playing) {
        if (self._reading) self._reading.stop();
        return;
      }
      const reading = readAloud(this.data.text, (finished) => {
        self._reading = undefined;
        this.setData({ playing: false });
        if (finished) this.triggerEvent('finished');
        else wx.showToast({ title: '朗读已停止', icon: 'none', duration: 3000 });
      });
      if (!reading) {
        this.setData({ available: false });
        return;
      }
      self._reading = reading;
      this.setData({ playing: true });
    },
  },
});
