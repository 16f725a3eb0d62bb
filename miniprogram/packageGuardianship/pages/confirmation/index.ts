/**
 * 确认书: status of a confirmation (who signed, when, assisted or not, until when it is in force,
 * its verification code), with the caller's own signing line, the tamper check and the PDF.
 * A village officer also gets 协助签署 for each unsigned guardian line of a pending document (a
 * guardian without a phone signs on the officer's phone; the sign page asks for the name and ID
 * last four). Query: `id`.
 */
import { getConfirmation, renderPdf, verifyConfirmation } from '../../../services/guardianship';
import { assistableParties } from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    title: '',
    statusLabel: '',
    status: '',
    expiresOn: '',
    verificationCode: '',
    parties: [] as { key: string; label: string; name: string; signed: boolean; assisted?: boolean }[],
    canSign: [] as string[],
    assistable: [] as { key: string; label: string }[],
    verifyText: '',
    pdfBusy: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      await this.refresh();
    },
    async refresh() {
      const res = await getConfirmation(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const c = res.data;
      this.setData({
        loading: false,
        title: c.title,
        status: c.status,
        statusLabel: c.statusLabel,
        expiresOn: c.expiresOn ?? '',
        verificationCode: c.verificationCode ?? '',
        parties: c.parties.map((p) => ({ key: p.key, label: p.label, name: p.name, signed: p.signed, assisted: p.assisted })),
        canSign: c.canSign,
        assistable: assistableParties(c, getApp<IAppOption>()?.globalData?.roles ?? []),
      });
    },
    onSign(e: WechatMiniprogram.TouchEvent) {
      const party = (e.currentTarget.dataset as { party?: string }).party;
      wx.navigateTo({ url: `/packageGuardianship/pages/sign/index?id=${this.data.id}&party=${party}` });
    },
    onAssist(e: WechatMiniprogram.TouchEvent) {
      const party = (e.currentTarget.dataset as { party?: string }).party;
      if (party) wx.navigateTo({ url: `/packageGuardianship/pages/sign/index?id=${this.data.id}&party=${party}&assisted=1` });
    },
    async onVerify() {
      const res = await verifyConfirmation(this.data.id);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      const r = res.data;
      const assisted = r.assisted.length ? `；其中 ${r.assisted.length} 方为协助签署` : '';
      this.setData({ verifyText: r.valid ? `核验通过：内容未被改动${assisted}` : `核验未通过：${r.problems.join('；')}` });
    },
    async onPdf() {
      if (this.data.pdfBusy) return;
      this.setData({ pdfBusy: true, errorMessage: '' });
      const res = await renderPdf(this.data.id);
      if (!res.ok || !res.data.url) {
        this.setData({ pdfBusy: false, errorMessage: res.ok ? '暂时无法下载，请稍后再试' : res.error.message });
        return;
      }
      wx.downloadFile({
        url: res.data.url,
        success: (d) => wx.openDocument({ filePath: d.tempFilePath, fileType: 'pdf', showMenu: true }),
        complete: () => this.setData({ pdfBusy: false }),
      });
    },
  },
});
