/**
 * The 关爱服务 pages (issue 18): the public directory (choose a township and village, the sites
 * nearest first, 拨打 calls the site; 长辈模式 keeps text large and the call button the 60 px main
 * action), 志愿者报名, 志愿服务 (scan to check in and out, refusals in words, the hours), the
 * organiser's 签到码, 服务站点管理 and 志愿者报名审核.
 */
import { openPage, settle, visibleText, openLoaded } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { tapTargetSize, textElements, textMetrics } from './styles';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;

const TOWNSHIPS = [
  { code: '341721100', name: '尧渡镇', villages: [{ code: '341721100001', name: '团结社区' }, { code: '341721100002', name: '东风村' }] },
  { code: '341721101', name: '东流镇', villages: [{ code: '341721101001', name: '桃园村' }] },
];
const site = (over: Record<string, unknown> = {}) => ({
  siteId: 'site-1',
  kind: 'home',
  kindLabel: '温馨家园',
  name: '团结社区温馨家园',
  region: { code: '341721100001', name: '团结社区' },
  address: '团结社区党群服务中心二楼',
  hours: '周六、周日 8:30-17:30',
  phone: '05667012345',
  capacity: 40,
  services: ['dayCare', 'tutoring'],
  serviceLabels: ['假期日间照料', '课后辅导'],
  status: 'open',
  statusLabel: '开放中',
  ...over,
});
const CENTRE = site({ siteId: 'site-2', kind: 'centre', kindLabel: '未成年人保护中心', name: '东至县未成年人保护中心', region: { code: '341721', name: '东至县（全县）' }, hours: '全天24小时', phone: '05667020000', capacity: undefined, serviceLabels: ['临时庇护'] });
const directoryFor = (input: { regionCode?: string }) => ({
  county: { code: '341721', name: '东至县（全县）' },
  townships: TOWNSHIPS,
  region: input.regionCode ? { code: input.regionCode, name: { '341721100': '尧渡镇', '341721100001': '团结社区' }[input.regionCode] ?? '' } : undefined,
  sites: input.regionCode === '341721100001' ? [site(), CENTRE] : [site(), CENTRE, site({ siteId: 'site-3', name: '桃园村温馨家园' })],
});

beforeEach(() => {
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.makePhoneCall = jest.fn(({ success }: { success?: () => void }) => success?.());
  actAs();
});

test('关爱服务站点 (public): choosing a village lists its 温馨家园 first, then the county-wide centre; 拨打 calls the site', async () => {
  const api = mockBackend({ 'community.directory': directoryFor });
  const page = await openLoaded('packageCommunity/pages/directory/index');
  expect(api.calls('community.directory')).toEqual([{}]);
  expect(visibleText(page.querySelector('.summary')!)).toBe('东至县的全部站点（3个）');

  page.instance.onTownship({ detail: { value: 0 } });
  await settle();
  expect(api.calls('community.directory')[1]).toEqual({ regionCode: '341721100' });
  page.instance.onVillage({ detail: { value: 1 } });
  await settle();
  expect(api.calls('community.directory')[2]).toEqual({ regionCode: '341721100001' });
  expect(visibleText(page.querySelector('.summary')!)).toBe('团结社区可以去的站点（2个）');
  const cards = page.querySelectorAll('.site').map(visibleText);
  expect(cards[0]).toContain('团结社区温馨家园');
  expect(cards[0]).toContain('开放时间：周六、周日 8:30-17:30');
  expect(cards[0]).toContain('提供：假期日间照料、课后辅导');
  expect(cards[1]).toContain('未成年人保护中心');

  page.querySelectorAll('.site-phone')[1].querySelector('.phone__call >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '05667020000' }));
});

test('关爱服务站点 opened for a village with no site says what to do next; a failure offers 重试', async () => {
  const api = mockBackend({ 'community.directory': () => ({ county: { code: '341721', name: '东至县（全县）' }, townships: TOWNSHIPS, region: { code: '341721101001', name: '桃园村' }, sites: [] }) });
  const page = await openLoaded('packageCommunity/pages/directory/index', { region: '341721101001' });
  expect(api.calls('community.directory')).toEqual([{ regionCode: '341721101001' }]);
  expect(visibleText(page.querySelector('.empty')!)).toContain('这里还没有登记的服务站点');
  api.fail('community.directory', { code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
  page.instance.retry();
  await settle();
  expect(visibleText(page.querySelector('.load-error')!)).toContain('系统繁忙，请稍后再试');
});

test('关爱服务站点 in 长辈模式: every text ≥ 18 px, the call button is the 60 px main action', async () => {
  wx.setStorageSync('shouwang.elderMode', 'on');
  mockBackend({ 'community.directory': directoryFor });
  const page = await openLoaded('packageCommunity/pages/directory/index', { region: '341721100001' });
  const problems: string[] = [];
  const texts = textElements(page.dom);
  expect(texts.length).toBeGreaterThan(10);
  for (const el of texts) {
    const m = textMetrics(el);
    if (!m.text || /^[›✓·|]+$/.test(m.text)) continue;
    if (m.fontSize < 18 || m.lineSpacing < 1.3 || m.contrast < (m.fontSize > 18 ? 3 : 4.5)) problems.push(`“${m.text.slice(0, 20)}” ${m.fontSize}px ×${m.lineSpacing} ${m.contrast}:1`);
  }
  expect(problems).toEqual([]);
  // The elder card keeps name, hours, address and the call; services move out.
  expect(visibleText(page.querySelectorAll('.site')[0])).not.toContain('提供：');
  const call = tapTargetSize(page.querySelector('.site-phone >>> .phone__call >>> .t-button')!.dom);
  expect(call.height).toBeGreaterThanOrEqual(60);
  const small = (Array.from(page.dom.querySelectorAll('wx-button')) as any[]).filter((b) => tapTargetSize(b).height < 44).map((b) => String(b.textContent).trim());
  expect(small).toEqual([]);
});

test('志愿者报名: the sign-up goes out with the chosen village; a refused field is named; then it says 待审核', async () => {
  const pending = { active: false, totalMinutes: 0, shifts: 0, sites: [], recent: [], application: { status: 'pending', statusLabel: '待审核', region: { code: '341721100001', name: '团结社区' }, appliedAt: '2026-07-04T01:00:00.000Z' } };
  const api = mockBackend({
    'community.directory': directoryFor,
    'community.myVolunteer': () => ({ active: false, totalMinutes: 0, shifts: 0, sites: [], recent: [] }),
    'community.signUp': (i) => (i.phone === '123' ? failure('VALIDATION_FAILED', '输入有误', { issues: [{ path: 'phone', label: '手机号码', message: '手机号码：电话号码格式不正确' }] }) : pending),
  });
  const page = await openLoaded('packageCommunity/pages/signup/index');
  expect(page.querySelectorAll('.status')).toHaveLength(0);
  page.instance.onSubmit();
  await settle();
  expect(visibleText(page.querySelector('.form__error')!)).toBe('请选择服务的乡镇');
  page.instance.onName({ detail: { value: '陈志远' } });
  page.instance.onPhone({ detail: { value: '123' } });
  page.instance.onNote({ detail: { value: '周末辅导作业' } });
  page.instance.onTownship({ detail: { value: 0 } });
  page.instance.onVillage({ detail: { value: 1 } });
  page.instance.onSubmit();
  await settle();
  expect(visibleText(page.querySelector('.form__error')!)).toContain('手机号码');
  page.instance.onPhone({ detail: { value: '13900001111' } });
  page.instance.onSubmit();
  await settle();
  expect(api.calls('community.signUp')[1]).toEqual({ name: '陈志远', phone: '13900001111', regionCode: '341721100001', note: '周末辅导作业' });
  expect(visibleText(page.querySelector('.status')!)).toContain('待审核');
  expect(visibleText(page.querySelector('.status')!)).toContain('报名团结社区');
  expect(page.querySelectorAll('.form')).toHaveLength(0);
});

const record = (over: Record<string, unknown> = {}) => ({
  active: true,
  totalMinutes: 150,
  shifts: 1,
  sites: [{ siteId: 'site-1', siteName: '团结社区温馨家园', minutes: 150, shifts: 1 }],
  recent: [{ shiftId: 's1', siteName: '团结社区温馨家园', checkInAt: '2026-07-04T01:00:00.000Z', checkOutAt: '2026-07-04T03:30:00.000Z', minutes: 150 }],
  application: { status: 'approved', statusLabel: '已通过', region: { code: '341721100001', name: '团结社区' }, appliedAt: '2026-07-01T01:00:00.000Z' },
  ...over,
});

test('志愿服务: 扫码签到 sends the scanned code; an expired code is refused in words; the hours show in total and per site', async () => {
  let scanned = 'SWV1.site-1.29700000.0123456789abcdef01234567';
  wx.scanCode = jest.fn(({ success }: { success: (r: { result: string }) => void }) => success({ result: scanned }));
  const api = mockBackend({
    'community.myVolunteer': () => record(),
    'community.checkIn': (i) =>
      i.code.endsWith('old') ? failure('CODE_EXPIRED', '签到码已过期，请组织者刷新签到码后重新扫码') : { shiftId: 's2', siteId: 'site-1', siteName: '团结社区温馨家园', checkInAt: '2026-07-05T01:00:00.000Z' },
  });
  const page = await openLoaded('packageCommunity/pages/volunteer/index');
  expect(visibleText(page.querySelector('.total')!)).toBe('2小时30分钟');
  expect(visibleText(page.querySelector('.site-hours')!)).toContain('2小时30分钟（1次）');
  expect(visibleText(page.querySelector('.scan')!)).toContain('扫码签到');

  scanned = 'SWV1.site-1.29699990.old';
  page.instance.onScan();
  await settle();
  expect(visibleText(page.querySelector('.scan__error')!)).toBe('签到码已过期，请组织者刷新签到码后重新扫码');

  scanned = 'SWV1.site-1.29700000.0123456789abcdef01234567';
  api.route('community.myVolunteer', () => record({ openShift: { shiftId: 's2', siteId: 'site-1', siteName: '团结社区温馨家园', checkInAt: '2026-07-05T01:00:00.000Z' } }));
  page.instance.onScan();
  await settle();
  await settle();
  expect(api.calls('community.checkIn')[1]).toEqual({ code: scanned });
  expect(visibleText(page.querySelector('.scan__notice')!)).toBe('✓ 已签到：团结社区温馨家园。结束时请再扫码签退');
  expect(visibleText(page.querySelector('.on-duty')!)).toContain('正在服务：团结社区温馨家园');
  expect(visibleText(page.querySelector('.scan')!)).toContain('扫码签退');

  api.route('community.checkOut', () => ({ shiftId: 's2', siteId: 'site-1', siteName: '团结社区温馨家园', checkInAt: '2026-07-05T01:00:00.000Z', checkOutAt: '2026-07-05T02:45:00.000Z', minutes: 105 }));
  page.instance.onScan();
  await settle();
  await settle();
  expect(api.calls('community.checkOut')).toEqual([{ code: scanned }]);
  expect(visibleText(page.querySelector('.scan__notice')!)).toBe('✓ 已签退：团结社区温馨家园，本次服务1小时45分钟');
});

test('志愿服务 before approval says the sign-up is waiting and offers no scan', async () => {
  mockBackend({ 'community.myVolunteer': () => record({ active: false, application: { status: 'pending', statusLabel: '待审核', region: { code: '341721100', name: '尧渡镇' }, appliedAt: '2026-07-01T01:00:00.000Z' } }) });
  const page = await openLoaded('packageCommunity/pages/volunteer/index');
  expect(visibleText(page.querySelector('.not-volunteer')!)).toContain('报名待审核');
  expect(page.querySelectorAll('.scan-button')).toHaveLength(0);
});

test('签到码: the organiser sees the site’s current code as a QR code, asked for again every 20 s', async () => {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  try {
    actAs('townshipStaff');
    let n = 0;
    const api = mockBackend({ 'community.siteCode': () => ({ siteId: 'site-1', siteName: '团结社区温馨家园', code: `SWV1.site-1.${29700000 + n++}.0123456789abcdef01234567`, refreshAt: '2026-07-05T01:01:00.000Z', windowSeconds: 60 }) });
    const page = openPage('packageCommunity/pages/site-code/index', { siteId: 'site-1' });
    await jest.advanceTimersByTimeAsync(10);
    expect(api.calls('community.siteCode')).toEqual([{ siteId: 'site-1' }]);
    expect(visibleText(page.querySelector('.site-name')!)).toBe('团结社区温馨家园');
    expect(page.querySelector('.qr')!.instance.data.value).toBe('SWV1.site-1.29700000.0123456789abcdef01234567');
    await jest.advanceTimersByTimeAsync(20_000);
    expect(api.calls('community.siteCode')).toHaveLength(2);
    expect(page.querySelector('.qr')!.instance.data.value).toBe('SWV1.site-1.29700001.0123456789abcdef01234567');
    page.instance.onUnload();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(api.calls('community.siteCode')).toHaveLength(2);
  } finally {
    jest.useRealTimers();
  }
});

test('服务站点管理: 新增站点 saves the form with the chosen place; 出示签到码 opens the code page', async () => {
  actAs('townshipStaff');
  let saved: any[] = [];
  const api = mockBackend({
    'community.sites': () => ({ region: { code: '341721100', name: '尧渡镇' }, sites: saved, places: [{ code: '341721100', name: '尧渡镇' }, { code: '341721100001', name: '团结社区' }] }),
    'community.saveSite': (i) => {
      saved = [site({ name: i.name })];
      return saved[0];
    },
  });
  const page = await openLoaded('packageCommunity/pages/sites/index');
  expect(visibleText(page.querySelector('.empty')!)).toContain('还没有登记服务站点');
  page.querySelector('.add >>> .t-button')!.dispatchEvent('tap');
  await settle();
  const set = (key: string, value: unknown) => page.instance.onField({ currentTarget: { dataset: { key } }, detail: { value } });
  set('name', '团结社区温馨家园');
  page.instance.onPlace({ detail: { value: 1 } });
  set('address', '团结社区党群服务中心二楼');
  set('hours', '周六、周日 8:30-17:30');
  set('phone', '0566-7012345');
  set('capacity', '40');
  set('services', ['dayCare', 'tutoring']);
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveSite')).toEqual([
    { kind: 'home', name: '团结社区温馨家园', regionCode: '341721100001', address: '团结社区党群服务中心二楼', hours: '周六、周日 8:30-17:30', phone: '0566-7012345', capacity: 40, services: ['dayCare', 'tutoring'], status: 'open' },
  ]);
  expect(visibleText(page.querySelector('.head__saved')!)).toBe('✓ 已保存：团结社区温馨家园');
  expect(page.querySelectorAll('.site')).toHaveLength(1);
  page.querySelector('.show-code >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/site-code/index?siteId=site-1' });
});

test('志愿者报名审核: 通过 decides the sign-up; 不通过 without a reason is refused in words', async () => {
  actAs('townshipStaff');
  const item = { volunteerId: 'p-9', name: '陈志远', phone: '139****1111', region: { code: '341721100001', name: '团结社区' }, note: '周末辅导作业', status: 'pending', statusLabel: '待审核', appliedAt: '2026-07-04T01:00:00.000Z' };
  let items = [item];
  const api = mockBackend({
    'community.applications': () => ({ items }),
    'community.decide': (i) => {
      if (i.decision === 'reject' && !i.note) return failure('VALIDATION_FAILED', '输入有误', { issues: [{ path: 'note', message: '不通过时请填写审核意见' }] });
      items = [];
      return { ...item, status: 'approved', statusLabel: '已通过' };
    },
  });
  const page = await openLoaded('packageCommunity/pages/applications/index');
  expect(api.calls('community.applications')).toEqual([{ status: 'pending' }]);
  const card = visibleText(page.querySelector('.application')!);
  expect(card).toContain('陈志远');
  expect(card).toContain('手机 139****1111');
  expect(card).toContain('特长与可服务时间：周末辅导作业');
  page.querySelector('.reject >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page.querySelector('.action-error')!)).toContain('不通过时请填写审核意见');
  page.querySelector('.approve >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('community.decide')[1]).toEqual({ volunteerId: 'p-9', decision: 'approve', note: '' });
  expect(visibleText(page.querySelector('.done')!)).toBe('✓ 陈志远：已通过');
  expect(visibleText(page.querySelector('.empty')!)).toContain('没有待审核的报名');
});

test('志愿者培训: each township against two a year; 登记培训 saves it; 出示签到码 opens the code page for the training', async () => {
  actAs('townshipStaff');
  let list: any[] = [];
  const api = mockBackend({
    'community.trainings': () => ({
      region: { code: '341721100', name: '尧渡镇' },
      year: '2026',
      required: 2,
      townships: [{ township: { code: '341721100', name: '尧渡镇' }, held: list.length }],
      trainings: list,
      places: [{ code: '341721100', name: '尧渡镇' }],
    }),
    'community.saveTraining': (i) => {
      list = [{ trainingId: 'tr-1', title: i.title, day: i.day, place: i.place, township: { code: '341721100', name: '尧渡镇' }, attendees: 0 }];
      return list[0];
    },
  });
  const page = await openLoaded('packageCommunity/pages/trainings/index');
  expect(visibleText(page.querySelector('.township')!)).toContain('已办0次 / 每年至少2次');
  page.querySelector('.add >>> .t-button')!.dispatchEvent('tap');
  await settle();
  const set = (key: string, value: string) => page.instance.onField({ currentTarget: { dataset: { key } }, detail: { value } });
  set('title', '留守儿童心理关爱技能培训');
  set('day', '2026-07-04');
  set('place', '尧渡镇政府三楼会议室');
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveTraining')).toEqual([{ title: '留守儿童心理关爱技能培训', day: '2026-07-04', place: '尧渡镇政府三楼会议室', townshipCode: '341721100' }]);
  expect(visibleText(page.querySelector('.township')!)).toContain('已办1次');
  expect(visibleText(page.querySelector('.training')!)).toContain('0人签到');
  page.querySelector('.show-code >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/site-code/index?trainingId=tr-1' });
});

test('志愿服务: scanning a training’s code records attendance (not a check-in); the 签到码 page shows a training’s code', async () => {
  wx.scanCode = jest.fn(({ success }: { success: (r: { result: string }) => void }) => success({ result: 'SWT1.tr-1.29700000.0123456789abcdef01234567' }));
  const api = mockBackend({
    'community.myVolunteer': () => record(),
    'community.attendTraining': () => ({ trainingId: 'tr-1', title: '留守儿童心理关爱技能培训', day: '2026-07-04', alreadyRecorded: false }),
    'community.trainingCode': () => ({ trainingId: 'tr-1', title: '留守儿童心理关爱技能培训', code: 'SWT1.tr-1.29700000.0123456789abcdef01234567', refreshAt: '2026-07-05T01:01:00.000Z', windowSeconds: 60 }),
  });
  const page = await openLoaded('packageCommunity/pages/volunteer/index');
  page.instance.onScan();
  await settle();
  expect(api.calls('community.attendTraining')).toEqual([{ code: 'SWT1.tr-1.29700000.0123456789abcdef01234567' }]);
  expect(api.calls('community.checkIn')).toEqual([]);
  expect(visibleText(page.querySelector('.scan__notice')!)).toBe('✓ 已签到培训：留守儿童心理关爱技能培训');

  actAs('townshipStaff');
  const codePage = await openLoaded('packageCommunity/pages/site-code/index', { trainingId: 'tr-1' });
  expect(api.calls('community.trainingCode')).toEqual([{ trainingId: 'tr-1' }]);
  expect(visibleText(codePage.querySelector('.site-name')!)).toBe('留守儿童心理关爱技能培训');
  expect(codePage.querySelector('.qr')!.instance.data.value).toBe('SWT1.tr-1.29700000.0123456789abcdef01234567');
  codePage.instance.onUnload();
});
