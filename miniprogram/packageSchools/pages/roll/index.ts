/**
 * 定期排查 (packageSchools/pages/roll/index?schoolId=…; docs/schools.md "Termly roll check"): a
 * school uploads its roll for the term, the page drives the check by polling
 * `schools.advanceRollCheck` (progress, problems) and opens the result; below, the school's
 * earlier uploads (a check left unfinished continues with one tap; a refused one lists what was
 * wrong with it right below, as the latest upload does). Without `schoolId`: the caller's own school.
 */
import { advanceRollCheck, listRollChecks, rollProgressView, startRollCheck, type RollCheckItem, type RollProgress } from '../../services/roll';
import { errorText } from '../../../utils/error-text';
import { pollJob } from '../../../services/job-poll';
import { uiMode } from '../../../behaviors/ui-mode';

interface CheckRow {
  jobId: string;
  fileName: string;
  line: string;
  tag: string;
  tone: string;
  done: boolean;
  refused: boolean;
  /** What was wrong with the file (shown under the row's name once it is opened). */
  problems: { sheet?: string; message: string }[];
}

function checkRow(c: RollCheckItem): CheckRow {
  const v = rollProgressView(c);
  return {
    jobId: c.jobId,
    fileName: c.fileName,
    line: `${c.checkedOn} 上传（${c.termLabel}）：${c.status === 'done' && c.refused ? '名单有错误，未用于排查：按下面的问题改正后重新上传' : v.text}`,
    tag: c.status !== 'done' ? '未完成' : c.refused ? '未使用' : c.current ? '本学期比对用' : '已被新名单替代',
    tone: c.status !== 'done' ? 'warning' : c.refused ? 'danger' : c.current ? 'success' : 'default',
    done: c.status === 'done',
    refused: c.refused,
    problems: c.problems ?? [],
  };
}

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    schoolName: '',
    termLabel: '',
    canUpload: false,
    loading: true,
    loadError: '',
    checks: [] as CheckRow[],
    running: false,
    jobId: '',
    fileName: '',
    refused: false,
    view: { percent: 0, text: '', done: false },
    problems: [] as { sheet?: string; message: string }[],
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent(query.schoolId ?? '') });
      void this.load();
    },
    onUnload() {
      this.setData({ running: false });
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await listRollChecks(this.data.schoolId || undefined);
      if (!res.ok) {
        this.setData({ loading: false, loadError: errorText(res.error) });
        return;
      }
      const v = res.data;
      this.setData({ loading: false, schoolId: v.school.id, schoolName: v.school.name, termLabel: v.termLabel, canUpload: v.canUpload, checks: v.checks.map(checkRow) });
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
    show(p: RollProgress) {
      this.setData({ jobId: p.jobId, fileName: p.fileName, refused: p.refused, view: rollProgressView(p), problems: p.problems });
    },
    async run(path: string, name: string) {
      this.setData({ running: true, fileName: name, errorMessage: '', jobId: '', view: { percent: 0, text: '正在上传…', done: false }, problems: [] });
      const started = await startRollCheck(path, name, this.data.schoolId);
      if (!started.ok) {
        this.setData({ running: false, errorMessage: errorText(started.error) });
        return;
      }
      this.show(started.data);
      await this.poll(started.data);
    },
    async onResume() {
      if (this.data.running || !this.data.jobId) return;
      this.setData({ running: true, errorMessage: '' });
      await this.poll({ jobId: this.data.jobId, status: 'running' } as RollProgress);
    },
    async poll(start: RollProgress) {
      const r = await pollJob(start, advanceRollCheck, (p) => this.show(p), () => this.data.running);
      this.setData({ running: false, ...(r.ok ? {} : { errorMessage: errorText(r.error) }) });
      if (r.ok && r.progress.status === 'done') void this.load();
    },
    onOpen() {
      if (this.data.jobId) wx.navigateTo({ url: `/packageSchools/pages/roll-result/index?jobId=${encodeURIComponent(this.data.jobId)}` });
    },
    /** A finished check opens its result; an unfinished one is continued here; a refused one lists its problems below itself already. */
    onOpenRow(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const row = this.data.checks.find((c) => c.jobId === id);
      if (!row || (row.done && row.refused)) return;
      if (row.done && !row.refused) {
        wx.navigateTo({ url: `/packageSchools/pages/roll-result/index?jobId=${encodeURIComponent(id)}` });
        return;
      }
      this.setData({ jobId: id, fileName: row.fileName, refused: row.refused, view: row.refused ? rollProgressView({ status: 'done', done: 0, counts: { accepted: 0, rejected: 0, skipped: 0, leftBehind: 0, registered: 0 }, refused: true }) : { percent: 0, text: row.line, done: row.done }, problems: row.problems });
      if (!row.done && this.data.canUpload) void this.onResume();
    },
  },
});
