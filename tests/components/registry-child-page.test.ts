/**
 * 儿童档案 (packageRegistry/pages/child/index): the file as the function presents it (masked
 * values shown as given), and the one-tap 强制报告 button that opens the report form for this
 * child (policy §二(一): report at once).
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  wx.navigateTo = jest.fn();
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string } }) => {
    if (name === 'registry' && data.action === 'getChild') {
      return { result: { ok: true, data: { child: { id: 'c-7', name: '王*明', gender: 'male', age: 9, idNumber: '3417**********123X', group: '3组', schooling: 'primary', health: 'healthy', effectiveStatus: 'active', effectiveFlags: [], guardianshipType: 'good' } } } };
    }
    if (name === 'registry' && data.action === 'childHistory') return { result: { ok: true, data: { entries: [] } } };
    throw { errCode: -501000, errMsg: 'no mock' };
  });
});

test('shows the masked file and opens the report form for this child with one tap', async () => {
  const page = openPage('packageRegistry/pages/child/index', { id: 'c-7' });
  await settle();
  const text = visibleText(page);
  expect(text).toContain('王*明');
  expect(text).toContain('3417**********123X');
  page.querySelector('.report >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/report/index?childId=c-7' });
});

describe('the officer’s file: readable values, phones to call, privacy, break-glass', () => {
  const FILE = {
    id: 'c-9',
    name: '陈小雨',
    gender: 'female',
    age: 9,
    birthDate: '2017-05-12',
    idNumber: '3417**********2021',
    group: '3组',
    schooling: 'primary',
    school: '尧渡中心小学三年级',
    boarding: false,
    health: 'somethingNew',
    effectiveStatus: 'active',
    effectiveFlags: ['familyDifficulty'],
    risk: { level: 'attention', reason: '父母均外出' },
    guardianshipType: 'entrustedInsufficient',
    father: { name: '陈建国', workPlace: '浙江省宁波市', phone: '138****5678' },
    mother: { name: '李秀兰', workPlace: '广东省东莞市' },
    entrusted: { name: '陈桂芳', relationToChild: '祖母', phone: '139****0001' },
    needsConsent: true,
    revealable: ['idNumber', 'father.phone', 'entrusted.phone'],
  };
  let reveals: any[];
  let grants: any[];
  let outside: boolean;

  beforeEach(() => {
    (global as any).__app.globalData.roles = ['villageOfficer'];
    reveals = [];
    grants = [];
    outside = false;
    wx.setNavigationBarTitle = jest.fn();
    wx.makePhoneCall = jest.fn((o: any) => o.success?.());
    cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: any } }) => {
      const ok = (d: unknown) => ({ result: { ok: true, data: d } });
      if (name === 'registry' && data.action === 'getChild') {
        if (outside) return { result: { ok: false, error: { code: 'FORBIDDEN', message: '该档案不在您的管辖范围内', details: { breakGlassAvailable: true } } } };
        return ok({ child: FILE, siblings: [] });
      }
      if (name === 'registry' && data.action === 'childHistory') return ok({ entries: [], hasMore: false });
      if (name === 'guardianship' && data.action === 'listConfirmations') return ok({ confirmations: [] });
      if (name === 'accounts' && data.action === 'revealChildField') {
        reveals.push(data.data);
        return ok({ path: data.data.path, value: data.data.path === 'father.phone' ? '13800005678' : '341721201705122021' });
      }
      if (name === 'accounts' && data.action === 'openBreakGlass') {
        grants.push(data.data);
        outside = false;
        return ok({ needed: true, grantId: 'g1', expiresAt: '2026-03-02T09:00:00.000Z' });
      }
      throw { errCode: -501000, errMsg: 'no mock' };
    });
  });
  afterAll(() => {
    (global as any).__app.globalData.roles = [];
  });

  test('every value reads in words; a code without a label reads 未知', async () => {
    const page = openPage('packageRegistry/pages/child/index', { id: 'c-9' });
    await settle();
    await settle();
    const text = visibleText(page);
    for (const w of ['陈小雨', '在册', '风险关注', '未登记同意书', '女', '9岁', '小学', '尧渡中心小学三年级', '否', '关注（父母均外出）', '家庭困难', '受委托监护人监护能力不足', '陈建国 · 务工地：浙江省宁波市', '陈桂芳（祖母）']) expect(text).toContain(w);
    expect(text).toContain('身体状况未知');
    expect(text).not.toMatch(/somethingNew|entrustedInsufficient|primary|familyDifficulty|attention/);
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '陈小雨的档案' });
  });

  test('a masked phone opens with a reason, is audited through revealChildField, and can then be called', async () => {
    const page = openPage('packageRegistry/pages/child/index', { id: 'c-9' });
    await settle();
    await settle();
    const father = page.querySelector('.guardian-phone--father')!;
    expect(visibleText(father)).toContain('138****5678');
    // The mother has no phone on file: nothing to reveal or call.
    expect(visibleText(page.querySelector('.guardian-phone--mother')!)).toContain('未填写');
    expect(page.querySelector('.guardian-phone--mother >>> .reveal__ask-button')).toBeUndefined();

    page.querySelector('.guardian-phone--father >>> .reveal__ask-button >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(visibleText(father)).toContain('查看完整号码会被记录');
    // Too short a reason is refused before any call.
    page.querySelector('.guardian-phone--father')!.instance.onReason({ detail: { value: '联系' } });
    page.querySelector('.guardian-phone--father >>> .reveal__confirm >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(reveals).toEqual([]);
    expect(visibleText(father)).toContain('请说明查看的理由（至少4个字）');

    page.querySelector('.guardian-phone--father')!.instance.onReason({ detail: { value: '走访前联系父亲' } });
    page.querySelector('.guardian-phone--father >>> .reveal__confirm >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(reveals).toEqual([{ childId: 'c-9', path: 'father.phone', reason: '走访前联系父亲' }]);
    expect(visibleText(father)).toContain('138 0000 5678');
    page.querySelector('.guardian-phone--father >>> .phone__call >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13800005678' }));
  });

  test('privacy: consent, who viewed, corrections for officers; audit and erasure for the county admin only', async () => {
    let page = openPage('packageRegistry/pages/child/index', { id: 'c-9' });
    await settle();
    await settle();
    expect(page.querySelector('.privacy-audit')).toBeUndefined();
    expect(page.querySelector('.privacy-erase')).toBeUndefined();
    page.querySelector('.privacy-viewers >>> .row')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAccount/pages/viewers/index?childId=c-9&name=${encodeURIComponent('陈小雨')}` });
    page.querySelector('.privacy-consent >>> .row')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAccount/pages/consent/index?childId=c-9&name=${encodeURIComponent('陈小雨')}&mode=paper` });

    (global as any).__app.globalData.roles = ['countyAdmin'];
    page = openPage('packageRegistry/pages/child/index', { id: 'c-9' });
    await settle();
    await settle();
    page.querySelector('.privacy-erase >>> .row')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packageAccount/pages/erase/index?childId=c-9&name=${encodeURIComponent('陈小雨')}` });
  });

  test('a file outside the area: break-glass with a reason opens it', async () => {
    (global as any).__app.globalData.roles = ['townshipStaff'];
    outside = true;
    const page = openPage('packageRegistry/pages/child/index', { id: 'c-9' });
    await settle();
    await settle();
    expect(visibleText(page)).toContain('这个孩子不在您的辖区');
    page.instance.onBreakGlassReason({ detail: { value: '短' } });
    page.querySelector('.break-glass-open >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(grants).toEqual([]);
    expect(visibleText(page)).toContain('请说明为什么需要查看（至少4个字）');
    page.instance.onBreakGlassReason({ detail: { value: '群众来电反映孩子独自在家' } });
    page.querySelector('.break-glass-open >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    await settle();
    expect(grants).toEqual([{ childId: 'c-9', reason: '群众来电反映孩子独自在家' }]);
    expect(visibleText(page)).toContain('陈小雨');
    expect(visibleText(page)).not.toContain('这个孩子不在您的辖区');
  });
});
