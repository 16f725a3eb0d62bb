/**
 * 监护工作设置 (county admin): the county's guardianship settings — confirmation validity,
 * reminder lead, order deadline, check-in interval (days) — read with `getCountyConfig` and
 * changed with `updateCountyConfig`, which needs a reason and is audited. The form checks the
 * ranges the function accepts and says what is wrong in Chinese. (Care work's settings are not
 * exposed by this action.)
 */
import { getCountyConfig, updateCountyConfig } from '../../../services/guardianship';
import { CONFIG_FIELDS, CONFIG_KEYS, validateConfig, type ConfigKey, type GuardianshipConfig } from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';

type Form = Record<ConfigKey, string>;

function toForm(c: GuardianshipConfig): Form {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, String(c[k])])) as Form;
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    countyCode: '',
    fields: [] as { key: ConfigKey; label: string; hint: string }[],
    form: {} as Form,
    reason: '',
    formError: '',
    errorField: '',
    notice: '',
    saving: false,
  },
  methods: {
    async onLoad() {
      const res = await getCountyConfig();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const d = res.data;
      (this as unknown as { _current: GuardianshipConfig })._current = pick(d);
      this.setData({
        loading: false,
        countyCode: d.countyCode,
        form: toForm(pick(d)),
        fields: CONFIG_KEYS.map((k) => ({
          key: k,
          label: CONFIG_FIELDS[k].label,
          hint: `${CONFIG_FIELDS[k].min}–${CONFIG_FIELDS[k].max} 天，默认 ${d.defaults?.[k] ?? '—'} 天`,
        })),
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: ConfigKey }>) {
      this.setData({ [`form.${e.currentTarget.dataset.key}`]: e.detail.value, formError: '', errorField: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, formError: '' });
    },
    async onSave() {
      if (this.data.saving) return;
      const self = this as unknown as { _current: GuardianshipConfig };
      const checked = validateConfig(this.data.form, self._current, this.data.reason);
      if (!checked.ok) {
        this.setData({ formError: checked.message, errorField: checked.field ?? '', notice: '' });
        return;
      }
      this.setData({ saving: true, formError: '', notice: '' });
      const res = await updateCountyConfig(checked.input);
      if (!res.ok) {
        this.setData({ saving: false, formError: res.error.message });
        return;
      }
      self._current = pick(res.data);
      this.setData({ saving: false, form: toForm(self._current), reason: '', notice: `已保存（${checked.changed.map((k) => CONFIG_FIELDS[k].label).join('、')}）` });
    },
  },
});

function pick(d: Partial<GuardianshipConfig>): GuardianshipConfig {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, Number(d[k])])) as GuardianshipConfig;
}
