/**
 * A phone number the person may call: the number, easy to read, and a 拨打 button
 * (`wx.makePhoneCall`). A masked number (with `*`) or an empty one shows as text without the
 * button: only numbers the server sent in full are meant to be called.
 *
 *   <sw-phone number="{{caregiver.phone}}" who="{{caregiver.name}}" bind:called="onCalled" />
 *
 * Events: `called` `{ number }` once WeChat has handed the number to the phone's dialer (the
 * person confirmed); 亲情连线 logs that as a check-in. `callfailed` `{ cancelled }` otherwise.
 */
import { formatPhone, isCallable } from '../../utils/phone';

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    number: { type: String, value: '' },
    /** Whom the number reaches, for the button label (拨打王奶奶). */
    who: { type: String, value: '' },
    /** Make the call button the page's main action (full width, large). */
    main: { type: Boolean, value: false },
  },
  data: { shown: '', callable: false },
  observers: {
    number(number: string) {
      this.setData({ shown: formatPhone(number), callable: isCallable(number) });
    },
  },
  methods: {
    onCall() {
      const phoneNumber = String(this.data.number).replace(/\s+/g, '');
      if (!this.data.callable) return;
      wx.makePhoneCall({
        phoneNumber,
        success: () => this.triggerEvent('called', { number: phoneNumber }),
        fail: (err: { errMsg?: string }) => this.triggerEvent('callfailed', { cancelled: /cancel/.test(String(err && err.errMsg)) }),
      });
    },
  },
});
