/**
 * 孩子的信息 (parents and entrusted guardians; Provisions on the Protection of Children's Personal
 * Information Online arts. 19–20, PIPL arts. 44–47): for one of my children — the consent status
 * (→ 监护人同意书 to agree or withdraw), who viewed the file (→ 谁查看过), the ID number in full
 * with a reason, and a request to correct or delete information (`accounts.requestCorrection`,
 * handled by the village officer), with my earlier requests and their answers
 * (`accounts.listCorrections`). Without `childId` the page lists my children (the scopes of my
 * parent / guardian roles, `accounts.me`) and opens the only one at once.
 * Query: `childId` (optional).
 */
import { loadMe } from '../../../services/accounts';
import { childFile, listCorrections, requestCorrection, requestId } from '../../../services/data-rights';
import { consentStatus, correctionRows, type CorrectionRow } from '../../services/data-rights-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const FAMILY = ['parent', 'entrustedGuardian'];
const FORM_LABELS = { field: '哪一项', proposedValue: '应该是', note: '说明', kind: '申请什么' };

interface Self {
  _requestId?: string;
}

const emptyForm = () => ({ kind: 'correct' as 'correct' | 'erase', field: '', proposedValue: '', note: '' });

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    loading: true,
    errorMessage: '',
    /** Several children and none chosen: the list. */
    children: [] as { id: string; name: string }[],
    name: '',
    consent: { text: '', tone: 'warning' },
    idNumber: '',
    idRevealable: false,
    requests: [] as CorrectionRow[],
    form: emptyForm(),
    busy: false,
    notice: '',
    formError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? '') });
      void this.load();
    },
    onShow() {
      // Back from the consent page: the status may have changed.
      if (this.data.childId && !this.data.loading) void this.loadChild();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      if (this.data.childId) {
        await this.loadChild();
        return;
      }
      const me = await loadMe();
      if (!me.ok) {
        this.setData({ loading: false, errorMessage: errorText(me.error) });
        return;
      }
      const ids = Array.from(new Set(me.data.roles.filter((r) => FAMILY.indexOf(r.role) >= 0 && r.scope.kind === 'children').flatMap((r) => (r.scope.kind === 'children' ? r.scope.childIds : []))));
      if (ids.length === 1) {
        this.setData({ childId: ids[0] });
        await this.loadChild();
        return;
      }
      const files = await Promise.all(ids.map((id) => childFile(id)));
      this.setData({ loading: false, children: ids.map((id, i) => ({ id, name: files[i].ok ? (files[i] as { ok: true; data: { child: { name?: string } } }).data.child.name ?? '孩子' : '孩子' })) });
    },
    async loadChild() {
      const [file, corrections] = await Promise.all([childFile(this.data.childId), listCorrections()]);
      if (!file.ok) {
        this.setData({ loading: false, errorMessage: errorText(file.error) });
        return;
      }
      const c = file.data.child as typeof file.data.child & { consent?: { status?: string } };
      this.setData({
        loading: false,
        errorMessage: '',
        name: c.name ?? '孩子',
        consent: consentStatus(c.consent),
        idNumber: typeof c.idNumber === 'string' ? c.idNumber : '',
        idRevealable: (c.revealable ?? []).indexOf('idNumber') >= 0,
        requests: corrections.ok ? correctionRows(corrections.data.corrections.filter((r) => r.childId === this.data.childId)) : [],
      });
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageAccount/pages/child-data/index?childId=${encodeURIComponent(id)}` });
    },
    onConsent() {
      wx.navigateTo({ url: `/packageAccount/pages/consent/index?childId=${encodeURIComponent(this.data.childId)}&name=${encodeURIComponent(this.data.name)}&mode=self` });
    },
    onViewers() {
      wx.navigateTo({ url: `/packageAccount/pages/viewers/index?childId=${encodeURIComponent(this.data.childId)}&name=${encodeURIComponent(this.data.name)}` });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: 'correct' | 'erase' }>) {
      this.setData({ 'form.kind': e.detail.value, formError: '' });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key);
      this.setData({ [`form.${key}`]: e.detail.value, formError: '' });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const f = this.data.form;
      if (f.kind === 'correct' && !f.field.trim()) {
        this.setData({ formError: '哪一项：请写明哪一项信息不对，如“父亲电话”' });
        return;
      }
      const self = this as unknown as Self;
      if (!self._requestId) self._requestId = requestId();
      this.setData({ busy: true, formError: '', notice: '' });
      const res = await requestCorrection({
        childId: this.data.childId,
        kind: f.kind,
        requestId: self._requestId,
        ...(f.field.trim() ? { field: f.field.trim() } : {}),
        ...(f.kind === 'correct' && f.proposedValue.trim() ? { proposedValue: f.proposedValue.trim() } : {}),
        ...(f.note.trim() ? { note: f.note.trim() } : {}),
      });
      if (!res.ok) {
        this.setData({ busy: false, formError: errorText(res.error, FORM_LABELS) });
        return;
      }
      self._requestId = undefined;
      this.setData({ busy: false, form: emptyForm(), notice: f.kind === 'erase' ? '删除申请已提交，县民政局核实后办理' : '更正申请已提交，村专干核实后办理' });
      await this.loadChild();
    },
  },
});
