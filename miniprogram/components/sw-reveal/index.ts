/**
 * A masked value the person may see in full when they say why (docs/access.md "Sensitive
 * fields": `reveal`): the label, the masked value, and 查看完整号码 → a reason (≥ 4 characters) →
 * the full value, fetched with `accounts.revealChildField` (a field of a child file, `path`) or
 * `accounts.revealPersonField` (a staff member's phone, `person-id`); every reveal is in the
 * audit log. A phone in full (sent in full, or revealed) can be called (sw-phone).
 *
 *   <sw-reveal label="父亲电话" value="{{father.phone}}" child-id="{{id}}" path="father.phone" phone who="父亲" can-reveal="{{canReveal}}" bind:called="onCalled" />
 *
 * Without `can-reveal` (the role may not see it in full) the masked value is shown as is. With
 * `person-id` and no value (a staff member's phone is not sent), the row offers the reveal alone.
 * Events: `revealed` `{ value }`; `called` `{ number }` (from sw-phone).
 */
import { revealChildField, revealPersonField } from '../../services/data-rights';
import { errorText } from '../../utils/error-text';

const MIN_REASON = 4;

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    label: { type: String, value: '' },
    /** As the function sent it: masked (with `*`) or in full. */
    value: { type: String, value: '' },
    childId: { type: String, value: '' },
    /** Dotted path of the field on the child file (`father.phone`, `idNumber`). */
    path: { type: String, value: '' },
    /** A staff member instead of a child file (their phone). */
    personId: { type: String, value: '' },
    phone: { type: Boolean, value: false },
    who: { type: String, value: '' },
    canReveal: { type: Boolean, value: false },
  },
  data: {
    full: '',
    masked: false,
    asking: false,
    reason: '',
    busy: false,
    error: '',
    word: '信息',
  },
  observers: {
    'value, phone, personId'(value: string, phone: boolean, personId: string) {
      // A staff member's phone is not sent at all until revealed: nothing shown, but it can be asked for.
      this.setData({ masked: /\*/.test(value || '') || (!value && !!personId), full: '', asking: false, error: '', word: phone ? '号码' : '信息' });
    },
  },
  methods: {
    onAsk() {
      this.setData({ asking: true, error: '' });
    },
    onCancel() {
      this.setData({ asking: false, reason: '', error: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, error: '' });
    },
    async onConfirm() {
      if (this.data.busy) return;
      const reason = this.data.reason.trim();
      if (reason.length < MIN_REASON) {
        this.setData({ error: `请说明查看的理由（至少${MIN_REASON}个字）` });
        return;
      }
      this.setData({ busy: true, error: '' });
      const res = this.data.personId ? await revealPersonField(this.data.personId, reason) : await revealChildField(this.data.childId, this.data.path, reason);
      if (!res.ok) {
        this.setData({ busy: false, error: errorText(res.error, { reason: '查看理由' }) });
        return;
      }
      this.setData({ busy: false, asking: false, reason: '', full: res.data.value });
      this.triggerEvent('revealed', { value: res.data.value });
    },
    onCalled(e: WechatMiniprogram.CustomEvent<{ number: string }>) {
      this.triggerEvent('called', e.detail);
    },
  },
});
