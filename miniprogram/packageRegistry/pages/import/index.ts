/**
 * 导入花名册: pick a roster from a WeChat chat, upload it, start the import job and drive it by
 * polling `registry.advanceImport` (each call processes one chunk; the page shows rows done /
 * total), then offer the error report (xlsx, one line per rejected row, reasons in Chinese).
 * Leaving the page stops the polling; opening the same file again resumes the same job. The page
 * remembers the last job on this phone: on the next visit it shows where that job stands
 * (`registry.importStatus`) and, if it had not finished, continues it with one tap.
 */
import { advanceImport, importErrorReport, importStatus, startImport, type ImportProgress } from '../../services/registry';
import { importView } from '../../services/registry-logic';
import { pollJob } from '../../../services/job-poll';
import { openWorkbook } from '../../../utils/files';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** The last import job started on this phone: `{ jobId, fileName }`. */
const LAST_IMPORT_KEY = 'shouwang.lastImport';

Component({
  behaviors: [uiMode],
  data: {
    running: false,
    fileName: '',
    jobId: '',
    /** Showing the last job from an earlier visit (not one started now). */
    earlier: false,
    view: { percent: 0, text: '', done: false, summary: '' },
    problems: [] as { sheet?: string; message: string }[],
    rejected: 0,
    errorMessage: '',
  },
  methods: {
    onLoad() {
      void this.loadLast();
    },
    onUnload() {
      this.setData({ running: false });
    },
    /** Where the last job stands (it may have been finished by someone else's polling). */
    async loadLast() {
      const last = wx.getStorageSync(LAST_IMPORT_KEY) as { jobId?: string; fileName?: string } | '';
      if (!last || !last.jobId) return;
      this.setData({ earlier: true, jobId: last.jobId, fileName: last.fileName ?? '', view: { percent: 0, text: '正在查询上次导入…', done: false, summary: '' } });
      const res = await importStatus(last.jobId);
      if (!res.ok) {
        // A job that no longer exists (or another person's) is forgotten; the page starts clean.
        if (res.error.code === 'NOT_FOUND' || res.error.code === 'FORBIDDEN') {
          wx.removeStorageSync(LAST_IMPORT_KEY);
          this.setData({ earlier: false, jobId: '', fileName: '' });
        } else this.setData({ errorMessage: errorText(res.error), view: { percent: 0, text: '', done: false, summary: '' } });
        return;
      }
      this.show(res.data);
    },
    onChoose() {
      if (this.data.running) return;
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['xlsx', 'csv'],
        success: (res) => {
          const f = res.tempFiles[0];
          if (f) void this.run(f.path, f.name);
        },
      });
    },
    show(p: ImportProgress) {
      this.setData({ jobId: p.jobId, fileName: p.fileName || this.data.fileName, view: importView(p), problems: p.problems, rejected: p.counts.rejected });
    },
    async run(path: string, name: string) {
      this.setData({ running: true, earlier: false, fileName: name, errorMessage: '', view: { percent: 0, text: '正在上传…', done: false, summary: '' }, problems: [], rejected: 0 });
      const started = await startImport(path, name);
      if (!started.ok) {
        this.setData({ running: false, errorMessage: errorText(started.error) });
        return;
      }
      wx.setStorageSync(LAST_IMPORT_KEY, { jobId: started.data.jobId, fileName: name });
      this.show(started.data);
      await this.poll(started.data);
    },
    /** Continues the last job where it stopped. */
    async onResume() {
      if (this.data.running || !this.data.jobId) return;
      this.setData({ running: true, errorMessage: '' });
      const res = await importStatus(this.data.jobId);
      if (!res.ok) {
        this.setData({ running: false, errorMessage: errorText(res.error) });
        return;
      }
      this.show(res.data);
      await this.poll(res.data);
    },
    async poll(start: ImportProgress) {
      const r = await pollJob(start, advanceImport, (p) => this.show(p), () => this.data.running);
      this.setData({ running: false, ...(r.ok ? {} : { errorMessage: errorText(r.error) }) });
    },
    async onReport() {
      const res = await importErrorReport(this.data.jobId);
      if (!res.ok) {
        this.setData({ errorMessage: errorText(res.error) });
        return;
      }
      const problem = await openWorkbook(res.data.fileName, res.data.base64);
      if (problem) this.setData({ errorMessage: problem });
    },
  },
});
