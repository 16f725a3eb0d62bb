/**
 * 服务证明 (packageCommunity/pages/certificate/index; the volunteer, from 志愿服务): a certificate of
 * one year's volunteer service, computed by the server from the recorded check-ins — name, county,
 * period, total hours (one decimal), shifts, the sites served, trainings and activities attended,
 * the day issued — laid out like a paper certificate (plain black on white, a border, no buttons
 * inside, so a screenshot or print of it stands alone). A year picker above it.
 */
import { loadCertificate, type CertificateView } from '../../services/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** `2026-07-04` → `2026年7月4日`, as a certificate writes a date. */
function dateText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    years: [] as string[],
    yearIndex: 0,
    cert: null as null | {
      name: string;
      body: string;
      hours: string;
      shifts: number;
      sites: { key: string; name: string; text: string }[];
      trainings: { key: string; text: string }[];
      activities: { key: string; text: string }[];
      issuer: string;
      issuedOn: string;
    },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load(year?: string) {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCertificate(year);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const c = res.data as CertificateView;
      this.setData({
        loading: false,
        years: c.years.map((y) => `${y}年`),
        yearIndex: Math.max(0, c.years.indexOf(c.year)),
        cert: {
          name: c.name || '（未填姓名）',
          body: `于${dateText(c.from)}至${dateText(c.to)}在${c.county || '本县'}参加农村留守儿童关爱志愿服务，经服务站点扫码签到、签退记录，累计服务时长${c.hours}小时，共${c.shifts}次。`,
          hours: c.hours,
          shifts: c.shifts,
          sites: c.sites.map((s, i) => ({ key: String(i), name: s.siteName, text: `${s.hours}小时 · ${s.shifts}次` })),
          trainings: c.trainings.map((t, i) => ({ key: String(i), text: `${t.day} ${t.title}` })),
          activities: c.activities.map((a, i) => ({ key: String(i), text: `${a.day} ${a.kindLabel}：${a.theme}（${a.siteName}）` })),
          issuer: `${c.county || ''}农村留守儿童关爱保护工作平台`,
          issuedOn: dateText(c.issuedOn),
        },
      });
    },
    onYear(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const i = Number(e.detail.value);
      const year = this.data.years[i]?.replace('年', '');
      if (year) void this.load(year);
    },
  },
});
