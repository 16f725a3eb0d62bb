/**
 * 签署确认书, in two steps (上一步/下一步, one main action each):
 * 1. 看确认书: a plain-language summary of what this party promises (large in 长辈模式, 朗读
 *    where speech is configured), the whole text in the page flow (no inner scroll box), and
 *    “我已看完” — the sign that it was read, without which 下一步 stays disabled;
 * 2. 手写签名: a full-width pad about half the screen high on a `<canvas type="2d">`, 确认签名.
 * The stroke is bound server-side to the signer's bound identity and to the exact text shown
 * (its SHA-256 is sent back).
 *
 * Query: `id` (confirmation), `party` (father / mother / entrusted / village), `assisted=1` for
 * assisted signing on the village officer's phone (then the guardian's name and the last four
 * characters of their ID number are asked for, and optionally a photo).
 *
 * Stroke state lives on `this` (never in `data`); the logic is services/signature-pad.ts.
 */
import { uploadIntoSlots } from '../../../services/uploads';
import { callFunction } from '../../../services/api';
import { requirePrivacyAuthorization } from '../../../services/privacy';
import { getConfirmation, signAssisted, signConfirmation } from '../../../services/guardianship';
import { plainSummary } from '../../services/sign-summary';
import {
  SignaturePad,
  drawSegment,
  exportBlocker,
  exportOptions,
  padSize,
  paintBackground,
  prepareCanvas,
  signaturePayload,
  type Ctx2D,
  type PadSize,
} from '../../services/signature-pad';
import { PARTY_LABELS, type PartyKey } from '../../../contracts/guardianship';
import { uiMode } from '../../../behaviors/ui-mode';

interface PadRuntime {
  pad: SignaturePad;
  canvas?: any;
  ctx?: Ctx2D;
  size?: PadSize;
  textSha256?: string;
}

/** The touch point in canvas CSS px: canvas touches carry `x`/`y`; other touches only client coordinates. */
function touchPoint(e: any): { x: number; y: number } | undefined {
  const t = (e && e.touches && e.touches[0]) || (e && e.changedTouches && e.changedTouches[0]);
  if (!t) return undefined;
  const x = typeof t.x === 'number' ? t.x : t.clientX;
  const y = typeof t.y === 'number' ? t.y : t.clientY;
  return typeof x === 'number' && typeof y === 'number' ? { x, y } : undefined;
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    loadError: '',
    errorMessage: '',
    title: '',
    text: '',
    /** 1 看确认书, 2 手写签名. */
    step: 1,
    summary: [] as string[],
    summaryText: '',
    readConfirmed: false,
    /** When 下一步 was tapped after reading (shown on step 2 as the sign it was read). */
    readAt: '',
    doneText: '',
    partyLabel: '',
    assisted: false,
    strokeCount: 0,
    submitting: false,
    done: false,
    guardianName: '',
    idLast4: '',
    photoPath: '',
  },
  methods: {
    rt(): PadRuntime {
      const self = this as unknown as { _rt?: PadRuntime };
      if (!self._rt) self._rt = { pad: new SignaturePad() };
      return self._rt;
    },
    async onLoad(query: Record<string, string | undefined>) {
      const self = this as unknown as { _id: string; _party: PartyKey };
      self._id = query.id ?? '';
      self._party = (query.party ?? '') as PartyKey;
      const summary = plainSummary(self._party);
      this.setData({ assisted: query.assisted === '1', partyLabel: PARTY_LABELS[self._party] ?? '', summary, summaryText: summary.join('') });
      await this.loadConfirmation();
    },
    async loadConfirmation() {
      const self = this as unknown as { _id: string };
      this.setData({ loading: true, loadError: '' });
      const res = await getConfirmation(self._id);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.rt().textSha256 = res.data.textSha256;
      this.setData({ loading: false, title: res.data.title, text: res.data.text });
    },
    onRetry() {
      void this.loadConfirmation();
    },
    onReady() {
      if (this.data.step === 2) this.initCanvas();
    },
    onReadChange(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ readConfirmed: !!e.detail.checked });
    },
    /** Heard the summary read aloud to the end: that counts as read. */
    onHeard() {
      this.setData({ readConfirmed: true });
    },
    /** 下一步: only after “我已看完”; the pad is sized once it is on screen. */
    onNext() {
      if (!this.data.readConfirmed) return;
      const now = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      // A new canvas is drawn for this step: start with an empty pad.
      this.rt().pad.clear();
      this.setData({ step: 2, strokeCount: 0, readAt: `${pad(now.getHours())}:${pad(now.getMinutes())}`, errorMessage: '' }, () => this.initCanvas());
    },
    onPrev() {
      this.setData({ step: 1, errorMessage: '' });
    },
    /** Sizes the canvas backing store by the device pixel ratio and paints it white. */
    initCanvas() {
      const dpr = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
      wx.createSelectorQuery()
        .in(this)
        .select('#pad')
        .fields({ node: true, size: true })
        .exec((res: any[]) => {
          const info = res && res[0];
          if (!info || !info.node) return;
          const rt = this.rt();
          rt.size = padSize(info.width, info.height, dpr);
          rt.canvas = info.node;
          rt.ctx = prepareCanvas(info.node, rt.size);
        });
    },
    onTouchStart(e: any) {
      const p = touchPoint(e);
      if (p) this.rt().pad.begin(p);
    },
    onTouchMove(e: any) {
      const rt = this.rt();
      const p = touchPoint(e);
      if (!p) return;
      const seg = rt.pad.move(p);
      if (seg && rt.ctx) drawSegment(rt.ctx, seg);
    },
    onTouchEnd() {
      const rt = this.rt();
      if (rt.pad.end()) this.setData({ strokeCount: rt.pad.strokeCount });
    },
    onClear() {
      const rt = this.rt();
      rt.pad.clear();
      if (rt.ctx && rt.size) paintBackground(rt.ctx, rt.size);
      this.setData({ strokeCount: 0, errorMessage: '' });
    },
    onNameInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ guardianName: e.detail.value });
    },
    onIdInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ idLast4: e.detail.value });
    },
    /** Optional photo for assisted signing; a privacy-scoped API, so only after the user agreed. */
    async onPhoto() {
      if (!(await requirePrivacyAuthorization())) {
        wx.showToast({ title: '需同意隐私保护指引后才能拍照', icon: 'none' });
        return;
      }
      wx.chooseMedia({
        count: 1,
        mediaType: ['image'],
        sourceType: ['camera'],
        success: (r) => this.setData({ photoPath: r.tempFiles[0]?.tempFilePath ?? '' }),
      });
    },
    /** Exports the pad as PNG (only after drawing finished), uploads it and signs. */
    async onSubmit() {
      if (this.data.submitting) return;
      const rt = this.rt();
      const blocker = exportBlocker(rt.pad);
      if (blocker) {
        this.setData({ errorMessage: blocker });
        wx.showToast({ title: blocker, icon: 'none' });
        return;
      }
      if (this.data.assisted && (!this.data.guardianName.trim() || !/^\d{3}[\dXx]$/.test(this.data.idLast4.trim()))) {
        this.setData({ errorMessage: '请填写监护人姓名和身份证号后四位' });
        return;
      }
      if (!rt.canvas || !rt.size) {
        this.setData({ errorMessage: '签名板尚未就绪，请稍候再试' });
        return;
      }
      const self = this as unknown as { _id: string; _party: PartyKey };
      this.setData({ submitting: true, errorMessage: '' });
      const size = rt.size;
      const temp = await new Promise<string | undefined>((resolve) => {
        const options: WechatMiniprogram.CanvasToTempFilePathOption = {
          ...(exportOptions(rt.canvas, size) as Omit<WechatMiniprogram.CanvasToTempFilePathOption, 'success' | 'fail'>),
          success: (r: WechatMiniprogram.CanvasToTempFilePathSuccessCallbackResult) => resolve(r.tempFilePath),
          fail: () => resolve(undefined),
        };
        wx.canvasToTempFilePath(options, this);
      });
      if (!temp) {
        this.setData({ submitting: false, errorMessage: '签名图片生成失败，请重试' });
        return;
      }
      // Each upload into a slot handed out for this confirmation's line (signingSlot).
      const slot = (what: 'signature' | 'photo') => callFunction('guardianship', 'signingSlot', { confirmationId: self._id, party: self._party, what });
      const up = await uploadIntoSlots('signature', await slot('signature'), [temp]);
      if (!up.ok) {
        this.setData({ submitting: false, errorMessage: up.error.message });
        return;
      }
      const signature = signaturePayload(up.data.fileIDs[0], rt.pad, size);
      let res;
      if (this.data.assisted) {
        const party = self._party;
        if (party === 'village') {
          this.setData({ submitting: false, errorMessage: '村（居）民委员会一栏须由村专干本人签署，不能协助签署' });
          return;
        }
        let photoFileID: string | undefined;
        if (this.data.photoPath) {
          const photo = await uploadIntoSlots('signature', await slot('photo'), [this.data.photoPath]);
          if (photo.ok) photoFileID = photo.data.fileIDs[0];
        }
        res = await signAssisted(self._id, party, signature, rt.textSha256 ?? '', {
          guardianName: this.data.guardianName.trim(),
          idLast4: this.data.idLast4.trim().toUpperCase(),
          ...(photoFileID ? { photoFileID } : {}),
        });
      } else {
        res = await signConfirmation(self._id, self._party, signature, rt.textSha256 ?? '');
      }
      if (!res.ok) {
        this.setData({ submitting: false, errorMessage: res.error.message });
        return;
      }
      const inForce = res.data.status === 'inForce';
      this.setData({ submitting: false, done: true, doneText: inForce ? '各方都已签完，确认书已经生效。感谢您的配合。' : '其他签署方签完后确认书生效，到时会通知您。感谢您的配合。' });
      wx.showToast({ title: inForce ? '签署完成，确认书已生效' : '签名已提交', icon: 'success', duration: 3000 });
    },
  },
});
