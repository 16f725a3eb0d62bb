/**
 * 亲情连线 (parents): each of my children — who cares for them, the latest visit notes, school
 * and the school's care notes (生活老师),
 * the confirmation and any order. The main action is calling the caregiver (tap-to-call; the
 * call is logged as a check-in once WeChat has handed it to the dialer); a video call or a visit
 * home is logged with one tap; a message goes to the guardian or the village officer. A parent
 * sees only their own children (the server decides).
 */
import { childOverview, logCheckIn, myChildren, sendMessage, updateMyContact, type ParentChildOverview, type ParentChildSummary } from '../../../services/guardianship';
import type { CheckInKind, MessageRecipient } from '../../../contracts/guardianship';
import { schoolCareNotes, schoolNoteRows } from '../../services/school-care';
import { uiMode } from '../../../behaviors/ui-mode';
import { errorText } from '../../../utils/error-text';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    /** The list could not be loaded (the page shows 重试). */
    loadError: '',
    errorMessage: '',
    schoolText: '',
    notice: '',
    children: [] as ParentChildSummary[],
    current: null as ParentChildOverview | null,
    message: '',
    /** 我的务工地和电话: the form is open. */
    contactEditing: false,
    contact: { workPlace: '', phone: '' },
    contactError: '',
    savingContact: false,
    /** 学校关爱: the school's care notes (life teachers), '' school name when none could be read. */
    schoolCare: { schoolName: '', rows: [] as { key: string; title: string; line: string }[], error: '' },
  },
  methods: {
    async onLoad() {
      this.setData({ loading: true, loadError: '' });
      const res = await myChildren();
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.setData({ loading: false, children: res.data.children });
      if (res.data.children.length === 1) await this.open(res.data.children[0].childId);
    },
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      await this.open((e.currentTarget.dataset as { id: string }).id);
    },
    async open(childId: string) {
      const res = await childOverview(childId);
      if (!res.ok) {
        this.setData(this.data.current ? { errorMessage: res.error.message } : { loadError: res.error.message });
        return;
      }
      const school = res.data.school ?? {};
      this.setData({ current: res.data, errorMessage: '', schoolText: [school.school, school.schooling].filter(Boolean).join(' ') });
      await this.loadSchoolCare(childId);
    },
    /** The school's care notes; a failure says so in that section only (the rest of the page stands). */
    async loadSchoolCare(childId: string) {
      const res = await schoolCareNotes(childId);
      if (!res.ok) {
        this.setData({ schoolCare: { schoolName: '', rows: [], error: '学校的关爱记录暂时打不开，请稍后再看' } });
        return;
      }
      this.setData({ schoolCare: { schoolName: res.data.schoolName ?? '', rows: schoolNoteRows(res.data), error: '' } });
    },
    /** The caregiver's number went to the dialer: that call is a check-in. */
    async onCalled() {
      await this.log('call', '已记下这次打电话，谢谢您常联系孩子');
    },
    async onLog(e: WechatMiniprogram.TouchEvent) {
      await this.log((e.currentTarget.dataset as { kind: CheckInKind }).kind, '已记录，谢谢您常联系孩子');
    },
    async log(kind: CheckInKind, notice: string) {
      const cur = this.data.current;
      if (!cur) return;
      const res = await logCheckIn(cur.childId, kind);
      if (!res.ok) {
        this.setData({ notice: '', errorMessage: `没能记下：${res.error.message}` });
        return;
      }
      this.setData({ notice, errorMessage: '' });
      await this.open(cur.childId);
    },
    onMessageInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ message: e.detail.value });
    },
    async onSend(e: WechatMiniprogram.TouchEvent) {
      const to = (e.currentTarget.dataset as { to: MessageRecipient }).to;
      const cur = this.data.current;
      const text = this.data.message.trim();
      if (!cur || !text) {
        this.setData({ notice: '', errorMessage: '请先写下要说的话' });
        return;
      }
      const res = await sendMessage(cur.childId, to, text);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      const who = to === 'villageOfficer' ? '村专干' : '照护人';
      // Say "sent" only when someone was told: nobody bound on that side yet means nobody can read it.
      const notice = res.data.delivered > 0 ? `留言已送达${who}` : `留言已保存。${who}还没有绑定小程序，绑定后就能看到`;
      this.setData({ message: '', notice, errorMessage: '' });
    },
    onEditContact() {
      const mine = this.data.current?.myContact;
      this.setData({ contactEditing: true, contactError: '', notice: '', contact: { workPlace: mine?.workPlace ?? '', phone: '' } });
    },
    onCancelContact() {
      this.setData({ contactEditing: false, contactError: '' });
    },
    onContactInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'workPlace' | 'phone' }>) {
      this.setData({ [`contact.${e.currentTarget.dataset.field}`]: e.detail.value, contactError: '' });
    },
    /** Saves what changed: the work place, and the phone only when one was typed. */
    async onSaveContact() {
      const cur = this.data.current;
      const mine = cur?.myContact;
      if (!cur || !mine || this.data.savingContact) return;
      const workPlace = this.data.contact.workPlace.trim();
      const phone = this.data.contact.phone.trim();
      const change: { workPlace?: string; phone?: string } = {};
      if (workPlace && workPlace !== (mine.workPlace ?? '')) change.workPlace = workPlace;
      if (phone) change.phone = phone;
      if (!change.workPlace && !change.phone) {
        this.setData({ contactError: '没有要修改的内容' });
        return;
      }
      this.setData({ savingContact: true, contactError: '' });
      const res = await updateMyContact(cur.childId, mine.parent, change);
      if (!res.ok) {
        this.setData({ savingContact: false, contactError: errorText(res.error, { workPlace: '务工地点', phone: '联系电话' }) });
        return;
      }
      this.setData({ savingContact: false, contactEditing: false, notice: '已更新，村专干会看到您新的务工地和电话' });
      await this.open(cur.childId);
    },
    /** 留言往来: the whole thread with the caregiver and the village officer. */
    onMessages() {
      const c = this.data.current;
      if (c) wx.navigateTo({ url: `/packageGuardianship/pages/messages/index?childId=${encodeURIComponent(c.childId)}` });
    },
    /** 孩子的信息: consent, who viewed the file, correction requests (packageAccount). */
    onChildData() {
      const c = this.data.current;
      if (c) wx.navigateTo({ url: `/packageAccount/pages/child-data/index?childId=${encodeURIComponent(c.childId)}` });
    },
    onConfirmation() {
      const c = this.data.current?.confirmation;
      if (c) wx.navigateTo({ url: `/packageGuardianship/pages/confirmation/index?id=${c.id}` });
    },
  },
});
