/**
 * 审计记录 (county admin; docs/access.md "Audit log", `accounts.queryAuditLog`): who did what,
 * when and why across the county, newest first, 30 at a time. Filters: what was done (查看 /
 * 修改 / 查看完整号码 / 导出 / 破窗访问 / 删除 …), the time (今天, 近7天, 近30天, 全部), only break-glass
 * accesses; one child (`childId`, from the child's file) or one person (tap 只看此人 on an entry).
 * Query: `childId`, `name` (optional).
 */
import { queryAuditLog } from '../../../services/data-rights';
import { auditRows, type EntryRow } from '../../services/data-rights-logic';
import { AUDIT_OP_LABELS } from '../../../contracts/accounts';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const PAGE = 30;
/** The op filters people use most; the rest are under 全部. */
const OPS = ['', 'read', 'write', 'reveal', 'export', 'breakGlass', 'erase', 'consent', 'correction'];
const RANGES = [
  { value: 1, label: '今天' },
  { value: 7, label: '近7天' },
  { value: 30, label: '近30天' },
  { value: 0, label: '全部' },
];
const DAY = 86_400_000;

/** The first instant of the Beijing day `daysBack - 1` days before now (`0`: no bound). */
function fromInstant(now: number, days: number): string | undefined {
  if (!days) return undefined;
  const startOfToday = Math.floor((now + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  return new Date(startOfToday - (days - 1) * DAY).toISOString();
}

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    childName: '',
    personId: '',
    personName: '',
    ops: OPS.map((v) => ({ value: v, label: v ? (AUDIT_OP_LABELS as Record<string, string>)[v] : '全部' })),
    op: '',
    ranges: RANGES,
    days: 7,
    breakGlassOnly: false,
    rows: [] as (EntryRow & { personId: string; who: string })[],
    hasMore: false,
    loading: true,
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), childName: decodeURIComponent(query.name ?? '') });
      void this.load(true);
    },
    async load(reset: boolean) {
      const skip = reset ? 0 : this.data.rows.length;
      this.setData({ loading: true, errorMessage: '', ...(reset ? { rows: [] } : {}) });
      const from = fromInstant(Date.now(), this.data.days);
      const res = await queryAuditLog({
        skip,
        limit: PAGE,
        breakGlassOnly: this.data.breakGlassOnly,
        ...(this.data.op ? { op: this.data.op } : {}),
        ...(from ? { from } : {}),
        ...(this.data.childId ? { childId: this.data.childId } : {}),
        ...(this.data.personId ? { personId: this.data.personId } : {}),
      });
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const rows = auditRows(res.data.entries);
      this.setData({ loading: false, rows: reset ? rows : [...this.data.rows, ...rows], hasMore: res.data.entries.length === PAGE });
    },
    onOp(e: WechatMiniprogram.TouchEvent) {
      this.setData({ op: String((e.currentTarget.dataset as { value?: string }).value ?? '') });
      void this.load(true);
    },
    onRange(e: WechatMiniprogram.TouchEvent) {
      this.setData({ days: Number((e.currentTarget.dataset as { value?: number }).value ?? 0) });
      void this.load(true);
    },
    onBreakGlassOnly(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ breakGlassOnly: !!e.detail.value });
      void this.load(true);
    },
    /** Only this person's entries. */
    onPerson(e: WechatMiniprogram.TouchEvent) {
      const { person, who } = e.currentTarget.dataset as { person?: string; who?: string };
      if (!person) return;
      this.setData({ personId: person, personName: who ?? '' });
      void this.load(true);
    },
    onClearChild() {
      this.setData({ childId: '', childName: '' });
      void this.load(true);
    },
    onClearPerson() {
      this.setData({ personId: '', personName: '' });
      void this.load(true);
    },
    onMore() {
      if (!this.data.loading) void this.load(false);
    },
    onRetry() {
      void this.load(this.data.rows.length === 0);
    },
  },
});
