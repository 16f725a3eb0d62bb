/**
 * 确认书模板 (packageGuardianship/pages/template/index): the county's guardianship responsibility
 * confirmation template (`guardianship.getTemplate`). The county admin edits the title and text
 * and saves a new version (`updateTemplate`); village officers and township staff read it. Any
 * earlier version opens read-only: signed confirmations keep the version they were signed under.
 */
import { getTemplate, updateTemplate } from '../../../services/guardianship';
import type { TemplateView } from '../../../contracts/guardianship';
import { errorText } from '../../../utils/error-text';
import { formatTime } from '../../../utils/time';
import { uiMode } from '../../../behaviors/ui-mode';

/** The fill-ins an officer's confirmation takes from the child file (shown, not typed). */
const PLACEHOLDER_HELP =
  '可用的填写项（准备确认书时自动填入）：{{child.name}} 儿童姓名，{{child.birthDate}} 出生日期，{{village.name}} 村（社区），{{village.committee}} 村（居）民委员会，{{father.name}} 父亲，{{mother.name}} 母亲，{{entrusted.name}} 受委托监护人，{{entrusted.relation}} 与儿童关系，{{validityDays}} 有效天数，{{date}} 日期';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    canEdit: false,
    isCurrent: true,
    currentVersion: 0,
    viewing: '',
    sourceText: '',
    title: '',
    body: '',
    versions: [] as { version: number; text: string }[],
    placeholderHelp: PLACEHOLDER_HELP,
    saving: false,
    formError: '',
    notice: '',
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ canEdit: roles.indexOf('countyAdmin') >= 0 });
      void this.load();
    },
    async load(version?: number) {
      this.setData({ loading: true, errorMessage: '' });
      const res = await getTemplate(typeof version === 'number' ? version : undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.show(res.data);
    },
    show(t: TemplateView) {
      const isCurrent = t.version === t.currentVersion;
      this.setData({
        loading: false,
        isCurrent,
        currentVersion: t.currentVersion,
        viewing: `第${t.version}版${isCurrent ? '（现行）' : ''}`,
        sourceText: t.source === 'default' ? '默认文本' : '本县修订',
        title: t.title,
        body: t.body,
        versions: t.versions
          .slice()
          .sort((a, b) => b.version - a.version)
          .map((v) => ({ version: v.version, text: `${formatTime(v.createdAt)} · ${v.source === 'default' ? '默认文本' : '本县修订'}` })),
      });
    },
    onVersion(e: WechatMiniprogram.BaseEvent<Record<string, never>, { version: number }>) {
      this.setData({ notice: '', formError: '' });
      void this.load(Number(e.currentTarget.dataset.version));
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'title' | 'body' }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, formError: '', notice: '' });
    },
    async onSave() {
      if (this.data.saving) return;
      this.setData({ saving: true, formError: '', notice: '' });
      const res = await updateTemplate(this.data.title.trim(), this.data.body.trim());
      if (!res.ok) {
        this.setData({ saving: false, formError: errorText(res.error, { title: '标题', body: '确认书正文' }) });
        return;
      }
      this.setData({ saving: false, notice: `已保存为第${res.data.version}版，之后准备的确认书使用新版本` });
      await this.load();
      this.setData({ notice: `已保存为第${res.data.version}版，之后准备的确认书使用新版本` });
    },
  },
});
