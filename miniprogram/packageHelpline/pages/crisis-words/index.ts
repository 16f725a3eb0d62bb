/**
 * 危机词表 (helpline): the words that make a request a crisis (urgent, first in the queue, the
 * on-duty supervisor alerted at once). Agents read the list; supervisors edit it as text, one word
 * per line, and save it as a new version (`helpline.setCrisisWords` with the version they edited:
 * if someone saved in between, the save is refused and the page offers to reload).
 */
import { helplineApi } from '../../../services/helpline';
import { crisisWordsChange, formatTime, parseCrisisWords } from '../../../services/helpline-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    loadError: '',
    supervisor: false,
    version: 0,
    versionText: '',
    words: [] as string[],
    editing: false,
    text: '',
    change: '',
    editError: '',
    conflict: false,
    saving: false,
    notice: '',
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ supervisor: roles.indexOf('helplineSupervisor') >= 0 });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await helplineApi.crisisWords();
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      const v = res.data;
      this.setData({
        loading: false,
        version: v.version,
        versionText: v.version ? ` · 第${v.version}版${v.updatedAt ? `，${formatTime(v.updatedAt)}修改` : ''}` : ' · 系统默认',
        words: v.words,
      });
    },
    onEdit() {
      this.setData({ editing: true, text: this.data.words.join('\n'), change: '', editError: '', conflict: false, notice: '' });
    },
    onCancel() {
      this.setData({ editing: false, editError: '', conflict: false });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const text = e.detail.value;
      const parsed = parseCrisisWords(text);
      this.setData({ text, editError: '', change: 'words' in parsed ? crisisWordsChange(this.data.words, parsed.words).text : '' });
    },
    async onSave() {
      if (this.data.saving) return;
      const parsed = parseCrisisWords(this.data.text);
      if ('problem' in parsed) {
        this.setData({ editError: parsed.problem });
        return;
      }
      const change = crisisWordsChange(this.data.words, parsed.words);
      if (!change.added.length && !change.removed.length) {
        this.setData({ editing: false, notice: '词表没有改动' });
        return;
      }
      this.setData({ saving: true });
      const res = await helplineApi.setCrisisWords(parsed.words, this.data.version);
      if (!res.ok) {
        this.setData({ saving: false, editError: res.error.message, conflict: res.error.code === 'CONFLICT' });
        return;
      }
      this.setData({ saving: false, editing: false, notice: `已保存为第${res.data.version}版（${change.text}），之后提交的求助按新词表判断` });
      await this.load();
    },
    async onReload() {
      this.setData({ editing: false, conflict: false, editError: '' });
      await this.load();
    },
  },
});
