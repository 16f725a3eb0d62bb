/**
 * 监护责令 (township staff, police, county admin; policy §二(一)): the orders in my area — child,
 * deadline, overdue and escalated marks — open ones by default, overdue first. Tap → the order
 * page, where contacts with the parents are logged. The function decides the scope.
 */
import { listOrders } from '../../../services/guardianship';
import { orderRows, type OrderRow } from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';
import { reloadOnShow } from '../../../behaviors/reload-on-show';

type Filter = 'open' | 'overdue' | 'closed';

const FILTERS: { key: Filter; label: string }[] = [
  { key: 'open', label: '未办结' },
  { key: 'overdue', label: '已逾期' },
  { key: 'closed', label: '已办结' },
];

Component({
  behaviors: [uiMode, reloadOnShow],
  data: {
    loading: true,
    errorMessage: '',
    filter: 'open' as Filter,
    filters: FILTERS,
    rows: [] as OrderRow[],
    overdueCount: 0,
  },
  methods: {
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const f = this.data.filter;
      const res = await listOrders(f === 'overdue' ? { status: 'open', overdueOnly: true } : { status: f });
      if (!res.ok) {
        this.setData({ loading: false, rows: [], errorMessage: res.error.message });
        return;
      }
      const rows = orderRows(res.data.orders);
      this.setData({ loading: false, rows, overdueCount: rows.filter((r) => r.overdue && !r.closed).length });
    },
    onFilter(e: WechatMiniprogram.TouchEvent) {
      const key = (e.currentTarget.dataset as { key?: Filter }).key;
      if (!key || key === this.data.filter) return;
      this.setData({ filter: key });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (id) wx.navigateTo({ url: `/packageGuardianship/pages/order/index?id=${encodeURIComponent(id)}` });
    },
  },
});
