/**
 * 一期督导通报 (packageSupervision/pages/circular/index?id=…; opened from 督导通报 and from 消息):
 * its title and period, the headline figures, the township ranking (each opening that
 * township's board) and the workbook's sheets; 下载 Excel (or 下载 PDF: the printable summary) gets a temporary link
 * (`circularFile`), downloads it (wx.downloadFile) and opens it (wx.openDocument), where it can
 * be shared or saved. Roles: county admin, township staff of the county.
 */
import { circularFile, loadCircular, openLinkedFile } from '../../services/supervision';
import { rankingLines, summaryLines } from '../../services/circular-logic';
import { errorText } from '../../../utils/error-text';
import { formatTime } from '../../../utils/time';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    title: '',
    line: '',
    lines: [] as string[],
    ranking: [] as { code: string; title: string; description: string }[],
    sheets: '',
    downloading: '',
    downloadError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
      void this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, errorMessage: '没有指明哪一期通报，请从“督导通报”列表打开' });
        return;
      }
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCircular(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      this.setData({
        loading: false,
        title: v.title,
        line: `统计期 ${v.period.from} 至 ${v.period.to}${v.final ? '' : '（本月未结束）'} · ${formatTime(v.generatedAt)} 生成 · 已通知 ${v.announcedTo} 人`,
        lines: summaryLines(v.summary),
        ranking: rankingLines(v.ranking),
        sheets: v.sheets.join('、'),
      });
    },
    /** 下载 Excel / 下载 PDF: a temporary link, downloaded and opened in the system viewer. */
    async onDownload(e: WechatMiniprogram.TouchEvent) {
      if (this.data.downloading) return;
      const format = (e.currentTarget.dataset as { format?: string }).format === 'pdf' ? 'pdf' : 'xlsx';
      this.setData({ downloading: format, downloadError: '' });
      const res = await circularFile(this.data.id, format);
      const failed = !res.ok ? errorText(res.error) : await openLinkedFile(res.data.url, format);
      this.setData({ downloading: '', downloadError: failed ?? '' });
    },
    /** A ranked township: its board. */
    onTownship(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      if (code) wx.navigateTo({ url: `/packageSupervision/pages/board/index?region=${code}` });
    },
  },
});
