/**
 * 邀请: an officer or admin invites someone, and shows or shares the invitation card.
 * - `?childId=` (from the child file): the child's family and pairing members
 *   (`accounts.familyInviteOptions`), with the family on file to invite in one tap;
 * - no query (from 人员与邀请): staff below the caller (`accounts.inviteOptions`: roles and the
 *   places the caller holds; villages are picked township first);
 * - `?invitationId=`: the card of an open invitation the caller issued (`accounts.invitationCard`);
 * - `?role=…&place=<region code>` (队伍建设's 邀请专干): the role and that place already chosen.
 * 生成邀请 calls `accounts.createInvitation` (one request id per form: a retry never makes a
 * second invitation) and shows the card: the mini-program code of the accept page (or a QR code),
 * the code in large letters and as it is read out on the phone, 发给微信好友 (the share card
 * opens the accept page with the code), 复制邀请码.
 */
import { createInvitation, familyInviteOptions, invitationCard, inviteOptions } from '../../../services/accounts';
import { cardView, emptyInviteForm, invitationInput, optionOf, shareTitle, townsOf, visibleChoices, TTL_OPTIONS, type CardView, type InviteForm, type InviteOptions } from '../../services/invite-logic';
import { newRequestId } from '../../../services/care-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const STAFF_PAGE = '/packageAccount/pages/staff/index';

/** Fields of the page instance kept outside `data`. */
interface Fields {
  options: InviteOptions | null;
}
const own = (page: unknown) => page as Fields;

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    loadError: '',
    childId: '',
    invitationId: '',
    place: '',
    child: null as InviteOptions['child'] | null,
    roles: [] as { role: string; roleLabel: string }[],
    option: null as ReturnType<typeof optionOf> | null,
    towns: [] as { key: string; label: string }[],
    choices: [] as { key: string; label: string }[],
    ttlOptions: TTL_OPTIONS,
    form: emptyInviteForm('') as InviteForm,
    formError: '',
    submitting: false,
    card: null as CardView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const q = query || {};
      this.setData({
        childId: q.childId ? decodeURIComponent(q.childId) : '',
        invitationId: q.invitationId ? decodeURIComponent(q.invitationId) : '',
        place: q.place ? decodeURIComponent(q.place) : '',
        form: emptyInviteForm(newRequestId('inv'), q.role ? decodeURIComponent(q.role) : '', q.name ? decodeURIComponent(q.name) : ''),
      });
      wx.setNavigationBarTitle({ title: q.invitationId ? '邀请卡' : q.childId ? '邀请家人' : '邀请工作人员' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      if (this.data.invitationId) {
        const res = await invitationCard(this.data.invitationId);
        this.setData(res.ok ? { loading: false, card: cardView(res.data) } : { loading: false, loadError: res.error.message });
        return;
      }
      const res = this.data.childId ? await familyInviteOptions(this.data.childId) : await inviteOptions();
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      own(this).options = res.data;
      this.setData({ loading: false, child: res.data.child || null, roles: res.data.roles.map((r) => ({ role: r.role, roleLabel: r.roleLabel })) });
      // One role only, or the role the link asked for: chosen already.
      const role = this.data.form.role || (res.data.roles.length === 1 ? res.data.roles[0].role : '');
      if (role) this.pickRole(role);
      if (role && this.data.place) this.pickPlace(this.data.place);
    },
    /** Chooses the place a link named, when the role offers it (else the form stays open to choose). */
    pickPlace(key: string) {
      const option = this.data.option || undefined;
      const choice = option && option.choices.find((c) => c.key === key);
      if (!choice) return;
      const town = choice.group || '';
      this.setData({ 'form.town': town, 'form.choiceKeys': [key], choices: visibleChoices(option, town).map((c) => ({ key: c.key, label: c.label })) });
    },
    onRetry() {
      void this.load();
    },
    pickRole(role: string) {
      const option = optionOf(own(this).options, role) || null;
      const town = this.data.form.role === role ? this.data.form.town : '';
      this.setData({
        'form.role': role,
        'form.town': town,
        'form.choiceKeys': this.data.form.role === role ? this.data.form.choiceKeys : [],
        option,
        towns: townsOf(option || undefined),
        choices: visibleChoices(option || undefined, town).map((c) => ({ key: c.key, label: c.label })),
        formError: '',
      });
    },
    onRole(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.pickRole(e.detail.value);
    },
    onSuggestion(e: WechatMiniprogram.TouchEvent) {
      const i = Number((e.currentTarget.dataset as { index?: number }).index);
      const s = this.data.child && this.data.child.suggestions[i];
      if (!s) return;
      this.pickRole(s.role);
      this.setData({ 'form.name': s.name, formError: '' });
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const option = this.data.option || undefined;
      this.setData({ 'form.town': e.detail.value, 'form.choiceKeys': [], choices: visibleChoices(option, e.detail.value).map((c) => ({ key: c.key, label: c.label })), formError: '' });
    },
    onChoice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.choiceKeys': [e.detail.value], formError: '' });
    },
    onChoices(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.choiceKeys': e.detail.value, formError: '' });
    },
    onPairingKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.pairingKind': e.detail.value, formError: '' });
    },
    onSupervisor(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.supervisor': !!e.detail.value });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.name': e.detail.value, formError: '' });
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.phone': e.detail.value, formError: '' });
    },
    onTtl(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'form.ttlDays': Number(e.detail.value) });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const built = invitationInput(this.data.form, own(this).options);
      if (!built.ok) {
        this.setData({ formError: built.message });
        return;
      }
      this.setData({ submitting: true, formError: '' });
      const res = await createInvitation(built.input as Parameters<typeof createInvitation>[0]);
      if (!res.ok) {
        // The same request id stays: tapping again retries the same invitation.
        this.setData({ submitting: false, formError: res.error.message });
        return;
      }
      this.setData({ submitting: false, card: cardView(res.data) });
      wx.setNavigationBarTitle({ title: '邀请卡' });
    },
    onCopy() {
      if (!this.data.card) return;
      wx.setClipboardData({ data: this.data.card.code });
    },
    onAgain() {
      this.setData({ card: null, form: emptyInviteForm(newRequestId('inv')), option: null, towns: [], choices: [], formError: '' });
      wx.setNavigationBarTitle({ title: this.data.childId ? '邀请家人' : '邀请工作人员' });
    },
    onOpenStaff() {
      wx.redirectTo({ url: STAFF_PAGE });
    },
    onShareAppMessage() {
      const card = this.data.card;
      if (!card) return { title: '守望：农村留守儿童关爱保护' };
      return { title: shareTitle(card.roleLabel), path: card.sharePath };
    },
  },
});
