/**
 * 导入花名册: pick a roster from a WeChat chat, upload it, start the import job and drive it by
 * polling `registry.advanceImport` (each call processes one chunk; the page shows rows done /
 * total), then offer the error report (xlsx, one line per rejected row, reasons in Chinese).
 * Leaving the page stops the polling; opening the same file again resumes the same job.
 */
import { advanceImport, importErrorReport, startImport, type ImportProgress } from '../../services/registry';
import { importView, nextPollDelay } from '../../services/registry-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

Component({
  behaviors: [uiMode],
  data: {
    running: false,
    fileName: '',
    jobId: '',
    view: { percent: 0, text: '', done: false, summary: '' },
    problems: [] as { sheet?: string; message: string }[],
    rejected: 0,
    errorMessage: '',
  },
  methods: {
    onUnload() {
      this.setData({ running: false });
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
      this.setData({ jobId: p.jobId, view: importView(p), problems: p.problems, rejected: p.counts.rejected });
    },
    async run(path: string, name: string) {
      this.setData({ running: true, fileName: name, errorMessage: '', view: { percent: 0, text: '正在上传…', done: false, summary: '' }, problems: [], rejected: 0 });
      const started = await startImport(path, name);
      if (!started.ok) {
        this.setData({ running: false, errorMessage: started.error.message });
        return;
      }
      let p = started.data;
      this.show(p);
      while (p.status !== 'done' && this.data.running) {
        const res = await advanceImport(p.jobId);
        if (!res.ok) {
          // A timed-out chunk is retried: the job resumes where it stopped.
          if (res.error.code === 'FUNCTION_FAILED') {
            await wait(1000);
            continue;
          }
          this.setData({ running: false, errorMessage: res.error.message });
          return;
        }
        p = res.data;
        this.show(p);
        const delay = nextPollDelay(p);
        if (delay) await wait(delay);
      }
      this.setData({ running: false });
    },
    async onReport() {
      const res = await importErrorReport(this.data.jobId);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      const filePath = `${wx.env.USER_DATA_PATH}/${res.data.fileName}`;
      wx.getFileSystemManager().writeFile({
        filePath,
        data: res.data.base64,
        encoding: 'base64',
        success: () => wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true }),
        fail: () => this.setData({ errorMessage: '无法保存错误报告，请重试' }),
      });
    },
  },
});
