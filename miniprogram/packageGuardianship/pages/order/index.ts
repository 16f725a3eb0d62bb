/**
 * 监护责令: an order's deadline, contacts and result. Query: `id`.
 * Village officers, township staff and police also log a contact with the parents here (电话 /
 * 视频 / 上门 / 留言 + what was said, whether a parent was reached, a promised day) through
 * `logOrderContact`; staff can open the child's file. Parents see the order without staff notes
 * (the function masks them). Officers re-check the order against the latest file and
 * confirmations (`recheckOrder`) once the family has arranged care, without waiting for the sweep.
 */
import { getOrder, logOrderContact, recheckOrder, type OrderView } from '../../../services/guardianship';
import { CONTACT_METHODS, CONTACT_METHOD_LABELS, ORDER_RESOLUTION_LABELS } from '../../../contracts/guardianship';

/** Who may re-check an order against the file now (guardianship.recheckOrder). */
const RECHECKERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
import {
  CONTACT_LOGGERS,
  ORDER_STAFF,
  emptyContactForm,
  hasAnyRole,
  validateContact,
} from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';

function view(o: OrderView): OrderView {
  return { ...o, contacts: o.contacts.map((c) => ({ ...c, at: String(c.at).slice(0, 10) })) };
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    order: null as OrderView | null,
    canLog: false,
    isStaff: false,
    methods: CONTACT_METHODS.map((k) => ({ key: k, label: CONTACT_METHOD_LABELS[k] })),
    form: emptyContactForm(),
    formError: '',
    notice: '',
    saving: false,
    canRecheck: false,
    rechecking: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ isStaff: hasAnyRole(roles, ORDER_STAFF), canLog: hasAnyRole(roles, CONTACT_LOGGERS), canRecheck: hasAnyRole(roles, RECHECKERS) });
      const res = await getOrder(decodeURIComponent(query.id ?? ''));
      this.setData(res.ok ? { loading: false, order: view(res.data) } : { loading: false, errorMessage: res.error.message });
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.method': (e.currentTarget.dataset as { key: string }).key, formError: '' });
    },
    onReached(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.reached': (e.currentTarget.dataset as { value: string }).value === 'yes', formError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.note': e.detail.value });
    },
    onPromised(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.promisedOn': e.detail.value });
    },
    async onSaveContact() {
      const order = this.data.order;
      if (!order || this.data.saving) return;
      const checked = validateContact(this.data.form);
      if (!checked.ok) {
        this.setData({ formError: checked.message });
        return;
      }
      this.setData({ saving: true, formError: '', notice: '' });
      const res = await logOrderContact(order.id, checked.input);
      if (!res.ok) {
        this.setData({ saving: false, formError: res.error.message });
        return;
      }
      this.setData({ saving: false, order: view(res.data), form: emptyContactForm(), notice: '联系记录已保存' });
    },
    /** Re-checks against the file now: closes the order when a guardian is arranged, says so otherwise. */
    async onRecheck() {
      const order = this.data.order;
      if (!order || this.data.rechecking) return;
      this.setData({ rechecking: true, notice: '', formError: '' });
      const res = await recheckOrder(order.childId);
      if (!res.ok) {
        this.setData({ rechecking: false, formError: res.error.message });
        return;
      }
      const fresh = await getOrder(order.id);
      const notice =
        res.data.action === 'closed'
          ? `责令已办结：${res.data.resolution ? ORDER_RESOLUTION_LABELS[res.data.resolution] : '已落实监护'}`
          : '档案和确认书仍显示无人有效监护，责令继续。请先更新儿童档案或签好确认书';
      this.setData({ rechecking: false, notice, ...(fresh.ok ? { order: view(fresh.data) } : {}) });
    },
    onOpenChild() {
      const o = this.data.order;
      if (o) wx.navigateTo({ url: `/packageRegistry/pages/child/index?id=${encodeURIComponent(o.childId)}` });
    },
  },
});
