/**
 * 监护人同意书 (consent to process a child's personal information; Provisions on the Protection
 * of Children's Personal Information Online art. 9, PIPL art. 31): the current text
 * (`accounts.consentText`) in the page, large in 长辈模式, and the file's consent status.
 * - A parent or entrusted guardian (`mode=self`) agrees with one tap, or withdraws
 *   (`accounts.recordConsent`, in the mini-program);
 * - an officer (`mode=paper`) records a paper form the guardian signed, choosing who signed it
 *   (父亲 / 母亲 / 受委托监护人).
 * Each record carries a request id, so a retry never records twice. Query: `childId`, `name`,
 * `mode` (`self` | `paper`).
 */
import { childFile, consentText, recordConsent, requestId } from '../../../services/data-rights';
import { consentStatus } from '../../services/data-rights-logic';
import { CONSENT_SIGNERS, CONSENT_SIGNER_LABELS, type ConsentSigner } from '../../../contracts/accounts';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

interface Self {
  _version?: string;
  _requestId?: string;
}

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    name: '',
    paper: false,
    loading: true,
    errorMessage: '',
    paragraphs: [] as string[],
    status: { text: '', tone: 'warning' },
    given: false,
    signers: CONSENT_SIGNERS.map((k) => ({ value: k, label: CONSENT_SIGNER_LABELS[k] })),
    signedBy: '' as '' | ConsentSigner,
    busy: false,
    notice: '',
    formError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), name: decodeURIComponent(query.name ?? ''), paper: query.mode === 'paper' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [text, child] = await Promise.all([consentText(), childFile(this.data.childId)]);
      if (!text.ok || !child.ok) {
        this.setData({ loading: false, errorMessage: errorText(!text.ok ? text.error : (child as { ok: false; error: { code: string; message: string } }).error) });
        return;
      }
      (this as unknown as Self)._version = text.data.version;
      const consent = (child.data.child as { consent?: { status?: string } }).consent;
      this.setData({
        loading: false,
        name: child.data.child.name ?? this.data.name,
        paragraphs: text.data.text.split('\n').filter(Boolean),
        status: consentStatus(consent),
        given: consent?.status === 'given',
      });
    },
    onSigner(e: WechatMiniprogram.CustomEvent<{ value: ConsentSigner }>) {
      this.setData({ signedBy: e.detail.value, formError: '' });
    },
    async record(decision: 'given' | 'withdrawn') {
      const self = this as unknown as Self;
      if (this.data.busy || !self._version) return;
      if (this.data.paper && !this.data.signedBy) {
        this.setData({ formError: '请选择是谁在纸质同意书上签的字' });
        return;
      }
      // The same id on a retry of the same decision, so a lost reply never records twice.
      if (!self._requestId) self._requestId = requestId();
      this.setData({ busy: true, formError: '', notice: '' });
      const res = await recordConsent({
        childId: this.data.childId,
        decision,
        textVersion: self._version,
        requestId: self._requestId,
        ...(this.data.paper && this.data.signedBy ? { signedBy: this.data.signedBy } : {}),
      });
      if (!res.ok) {
        this.setData({ busy: false, formError: errorText(res.error, { signedBy: '签字的监护人' }) });
        // A newer text: show it before asking again.
        if (res.error.code === 'VALIDATION_FAILED' && /版本/.test(res.error.message)) void this.load();
        return;
      }
      self._requestId = undefined;
      const notice = this.data.paper ? '已登记纸质同意书' : decision === 'given' ? '已记录您的同意，谢谢' : '已撤回同意，村专干会联系您说明影响';
      this.setData({ busy: false, notice, given: decision === 'given', status: consentStatus({ status: decision }) });
    },
    onAgree() {
      void this.record('given');
    },
    onWithdraw() {
      void this.record('withdrawn');
    },
  },
});
