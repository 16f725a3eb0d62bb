/**
 * The 长辈版 offer, shown until the person chooses (utils/ui-mode.ts). Pages that parents and
 * guardians open first carry it (亲情连线, 签署确认书, and 我的 for family roles):
 *
 *   <sw-elder-offer />
 *
 * Choosing either way records the choice on this device and hides the offer on every page;
 * 我的 › 长辈版 changes it later.
 */
import { elderChoice, onUiModeChange, setElderMode } from '../../utils/ui-mode-store';

Component({
  options: { styleIsolation: 'isolated' },
  data: { visible: false },
  lifetimes: {
    attached() {
      const self = this as unknown as { _off?: () => void };
      this.setData({ visible: elderChoice() === undefined });
      self._off = onUiModeChange((mode) => this.setData({ visible: mode.undecided }));
    },
    detached() {
      const self = this as unknown as { _off?: () => void };
      if (self._off) self._off();
    },
  },
  methods: {
    onYes() {
      setElderMode(true);
      wx.showToast({ title: '已换成长辈版', icon: 'success', duration: 3000 });
    },
    onNo() {
      setElderMode(false);
    },
  },
});
