/**
 * 就学与控辍 (packageSchools/pages/child/index?childId=…; from the child's file): township staff
 * and county admins link the child to the school it attends; the child's school (teachers,
 * school staff), the township and the county register it as dropped out or not in school, which
 * sets the file's schooling and opens a 劝返 case (then opened here).
 */
import { linkChild, loadSchools, reportDropout } from '../../services/schools';
import { CASE_ROLES, LINK_ROLES, hasAnyRole } from '../../services/schools-logic';
import { OUT_OF_SCHOOL_LABELS, type OutOfSchool } from '../../../contracts/schools';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    canLink: false,
    canReport: false,
    schoolsLoading: false,
    schoolsError: '',
    schools: [] as { id: string; name: string; place: string }[],
    schoolId: '',
    linking: false,
    linkMessage: '',
    kinds: (Object.keys(OUT_OF_SCHOOL_LABELS) as OutOfSchool[]).map((k) => ({ key: k, label: OUT_OF_SCHOOL_LABELS[k] })),
    kind: '' as OutOfSchool | '',
    reason: '',
    reporting: false,
    reportError: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      const canLink = hasAnyRole(roles, LINK_ROLES);
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), canLink, canReport: hasAnyRole(roles, CASE_ROLES) });
      if (!canLink) return;
      this.setData({ schoolsLoading: true });
      const res = await loadSchools();
      this.setData(
        res.ok
          ? { schoolsLoading: false, schools: res.data.schools.map((s) => ({ id: s.id, name: s.name, place: s.place })) }
          : { schoolsLoading: false, schoolsError: `没能读取学校名录：${errorText(res.error)}` },
      );
    },
    onSchool(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ schoolId: e.detail.value, linkMessage: '' });
    },
    async onLink() {
      if (this.data.linking) return;
      if (!this.data.schoolId) return this.setData({ linkMessage: '请先选择学校' });
      this.setData({ linking: true, linkMessage: '' });
      const res = await linkChild(this.data.childId, this.data.schoolId);
      const name = this.data.schools.find((s) => s.id === this.data.schoolId)?.name ?? '';
      this.setData({ linking: false, linkMessage: res.ok ? `已关联：${name}` : errorText(res.error) });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ kind: e.detail.value as OutOfSchool, reportError: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    async onReport() {
      if (this.data.reporting) return;
      if (!this.data.kind) return this.setData({ reportError: '请选择是辍学还是未入学' });
      this.setData({ reporting: true, reportError: '' });
      const res = await reportDropout(this.data.childId, this.data.kind, this.data.reason.trim() || undefined);
      if (!res.ok) {
        this.setData({ reporting: false, reportError: errorText(res.error) });
        return;
      }
      this.setData({ reporting: false });
      wx.redirectTo({ url: `/packageSchools/pages/case/index?caseId=${encodeURIComponent(res.data.id)}` });
    },
  },
});
