/**
 * Staff and privacy pages scripts/screenshots.ts photographs (issue 12's pages for the registry,
 * accounts-privacy and guardianship actions), each with invented data and the back end answered
 * in place by the page tests' mocked back end. Names start with the capability (`registry-…`).
 */
import { openPage, settle } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

function elder(on: boolean): void {
  wx.setStorageSync('shouwang.elderMode', on ? 'on' : 'off');
}

async function shoot(name: string, route: string, query: Record<string, string> = {}): Promise<void> {
  const page = openPage(route, query);
  await settle();
  await settle();
  await capture(name, route, page);
}

const CAMPAIGN = { id: 'census-341721-2026-09-30', censusDate: '2026-09-30', name: '2026年秋季摸底排查' };
const village = (code: string, name: string, households: number, visited: number, groups: [string, boolean][], unvisited: { householdId: string; group?: string; childNames?: string[] }[] = []) => ({
  villageCode: code,
  villageName: name,
  households,
  visitedHouseholds: visited,
  unvisitedHouseholds: unvisited,
  groups: groups.map(([g, v]) => ({ name: g, visited: v })),
});

test('registry: 排查覆盖 (township, one village)', async () => {
  elder(false);
  actAs('townshipStaff');
  mockBackend({
    'registry.coverage': (i: { regionCode?: string }) =>
      i.regionCode === '341721100002'
        ? {
            campaign: CAMPAIGN,
            regionCode: '341721100002',
            villages: [
              village('341721100002', '东风村', 58, 55, [['1组', true], ['2组', true], ['3组', false], ['4组', true]], [
                { householdId: 'hh_1', group: '3组', childNames: ['陈小雨', '陈小雪'] },
                { householdId: 'hh_2', group: '3组', childNames: ['王浩然'] },
                { householdId: 'hh_3', group: '4组', childNames: ['李欣怡'] },
              ]),
            ],
            totals: { households: 58, visitedHouseholds: 55, groups: 4, visitedGroups: 3 },
          }
        : {
            campaign: CAMPAIGN,
            regionCode: '341721100',
            villages: [
              village('341721100001', '团结社区', 42, 42, [['1组', true], ['2组', true]]),
              village('341721100002', '东风村', 58, 55, [['1组', true], ['2组', true], ['3组', false], ['4组', true]]),
              village('341721100003', '胜利村', 30, 30, [['1组', true]]),
              village('341721100004', '建新村', 47, 39, [['1组', true], ['2组', false], ['5组', false]]),
            ],
            totals: { households: 177, visitedHouseholds: 166, groups: 10, visitedGroups: 7 },
          },
  });
  await shoot('registry-coverage-township', 'packageRegistry/pages/census-coverage/index');
  actAs('villageOfficer');
  await shoot('registry-coverage-village', 'packageRegistry/pages/census-coverage/index', { region: '341721100002' });
});

const AGE = ['age:0-5', 'age:6-13', 'age:14-15', 'age:unknown'];
const SUMMARY_COLUMNS = [
  ['total', '留守儿童总数'],
  ['age:0-5', '年龄·0–5周岁'],
  ['age:6-13', '年龄·6–13周岁'],
  ['age:14-15', '年龄·14–15周岁'],
  ['age:unknown', '年龄·未填'],
  ['sex:male', '性别·男'],
  ['sex:female', '性别·女'],
  ['sex:unknown', '性别·未填'],
  ['flag:dropout', '重点标记·辍学'],
  ['flag:familyDifficulty', '重点标记·家庭困难'],
].map(([key, label]) => ({ key, label }));
const summaryRow = (regionCode: string, regionName: string, level: string, n: number[]) => ({
  regionCode,
  regionName,
  level,
  cells: Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c.key, n[i] ?? 0])),
});

test('registry: 留守儿童汇总表 and 下钻', async () => {
  elder(false);
  actAs('countyAdmin');
  mockBackend({
    'registry.countySummary': () => ({
      regionCode: '341721',
      day: '2026-10-08',
      rows: [
        summaryRow('341721', '东至县', 'county', [1526, 301, 1002, 223, 0, 802, 724, 0, 12, 40]),
        summaryRow('341721100', '尧渡镇', 'township', [412, 80, 270, 62, 0, 214, 198, 0, 3, 11]),
        summaryRow('341721101', '东流镇', 'township', [268, 51, 176, 41, 0, 139, 129, 0, 2, 8]),
        summaryRow('341721102', '大渡口镇', 'township', [301, 60, 199, 42, 0, 160, 141, 0, 4, 9]),
      ],
      checks: [
        { regionCode: '341721', check: '留守儿童总数 = 各年龄段之和', ok: true, expected: 1526, got: 1526 },
        { regionCode: '341721100', check: '留守儿童总数 = 下级各单位之和', ok: true, expected: 412, got: 412 },
      ],
      ok: true,
      columns: SUMMARY_COLUMNS,
      partitions: { age: AGE, sex: ['sex:male', 'sex:female', 'sex:unknown'] },
    }),
    'registry.summaryCell': () => ({
      total: 3,
      hasMore: false,
      children: [
        { id: 'c1', name: '陈小雨', gender: 'female', age: 9, villageCode: '341721100002', townshipCode: '341721100', group: '3组', riskLevel: 'focus', flags: ['dropout'], incomplete: false, status: 'active' },
        { id: 'c2', name: '王浩然', gender: 'male', age: 13, villageCode: '341721100002', townshipCode: '341721100', group: '1组', riskLevel: 'attention', flags: ['dropout', 'familyDifficulty'], incomplete: true, status: 'active' },
        { id: 'c3', name: '李欣怡', gender: 'female', age: 14, villageCode: '341721100004', townshipCode: '341721100', group: '2组', riskLevel: 'regular', flags: ['dropout'], incomplete: false, status: 'active' },
      ],
    }),
  });
  await shoot('registry-summary', 'packageRegistry/pages/summary/index');
  await shoot('registry-summary-cell', 'packageRegistry/pages/summary-cell/index', { region: '341721100', column: 'flag%3Adropout', title: encodeURIComponent('尧渡镇 · 辍学'), day: '2026-10-08' });
});

test('registry: 导入花名册, the last job unfinished', async () => {
  elder(false);
  actAs('villageOfficer');
  wx.setStorageSync('shouwang.lastImport', { jobId: 'imp_7f3a', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' });
  mockBackend({
    'registry.importStatus': () => ({
      jobId: 'imp_7f3a',
      status: 'running',
      fileName: '341721-尧渡镇-留守儿童花名册.xlsx',
      total: 1200,
      done: 500,
      counts: { accepted: 488, updated: 4, rejected: 8, warnings: 11, skipped: 6 },
      problems: [{ sheet: '东风村', message: '表头“监护人电话”一列重复，已按第一列读取', severity: 'warning' }],
    }),
  });
  await shoot('registry-import-resume', 'packageRegistry/pages/import/index');
  wx.removeStorageSync('shouwang.lastImport');
});

const FILE = {
  id: 'c-9',
  name: '陈小雨',
  gender: 'female',
  age: 9,
  birthDate: '2017-05-12',
  idNumber: '3417**********2021',
  group: '3组',
  residence: '东风村3组12号',
  schooling: 'primary',
  school: '尧渡中心小学三年级',
  studentNumber: 'G341721201705125022',
  version: 7,
  boarding: false,
  health: 'healthy',
  effectiveStatus: 'active',
  effectiveFlags: ['familyDifficulty'],
  risk: { level: 'attention', reason: '父母均外出务工' },
  guardianshipType: 'fair',
  father: { name: '陈建国', workPlace: '浙江省宁波市', phone: '138****5678' },
  mother: { name: '李秀兰', workPlace: '广东省东莞市', phone: '139****4321' },
  entrusted: { name: '陈桂芳', relationToChild: '祖母', phone: '135****0001' },
  needsConsent: true,
  revealable: ['idNumber', 'father.phone', 'mother.phone', 'entrusted.phone'],
};

test('privacy: the officer’s child file, 孩子的信息, 同意书, 谁查看过, requests, erasure, audit, break-glass', async () => {
  elder(false);
  actAs('villageOfficer');
  mockBackend({
    'registry.getChild': () => ({ child: FILE, siblings: [] }),
    'registry.childHistory': () => ({ entries: [{ id: 'h1', at: '2026-02-20T02:00:00.000Z', op: 'update', role: 'villageOfficer', kind: 'officer', reason: '入户走访核实', changes: [{ path: 'school', before: '尧渡中心小学二年级', after: '尧渡中心小学三年级' }] }], hasMore: false }),
    'guardianship.listConfirmations': () => ({ confirmations: [] }),
    'accounts.consentText': () => ({ version: '2025-01', text: '《儿童个人信息处理告知及监护人同意书》\n为落实农村留守儿童关爱保护工作，县民政局及乡镇、村（居）委会需要收集和使用您监护的儿童的姓名、身份证号码、出生日期、住址、就学、健康及家庭监护情况，以及监护人的姓名、身份证号码和联系电话。\n这些信息仅用于建立儿童档案、定期走访、监护责任确认、强制报告和结对帮扶，不会用于其他目的；身份证号码和电话号码加密保存，工作人员按职责查看，每次查看都有记录。\n您可以随时查看、更正这些信息，也可以撤回同意或申请删除。撤回同意不影响撤回前已进行的处理，但可能影响相关关爱服务的提供。' }),
    'accounts.listCorrections': () => ({
      corrections: [
        { correctionId: 'k3', childId: 'c-5', childName: '李欣怡', kind: 'erase', note: '已随父母迁往外省', status: 'open', requestedAt: '2026-03-02T02:00:00.000Z' },
        { correctionId: 'k1', childId: 'c-9', childName: '陈小雨', kind: 'correct', field: '父亲电话', proposedValue: '13911112222', status: 'open', requestedAt: '2026-03-01T02:00:00.000Z' },
        { correctionId: 'k2', childId: 'c-9', childName: '陈小雨', kind: 'correct', field: '学校', status: 'done', requestedAt: '2026-02-10T02:00:00.000Z', resolvedAt: '2026-02-11T02:00:00.000Z', resolution: '已更正为尧渡中心小学' },
      ],
    }),
    'accounts.whoViewedChild': () => ({
      entries: [
        { at: '2026-03-02T06:20:00.000Z', op: 'breakGlass', action: 'x', role: 'townshipStaff', roleLabel: '乡镇工作人员', name: '周明', breakGlass: true, reason: '群众来电反映孩子独自在家' },
        { at: '2026-03-01T01:05:00.000Z', op: 'reveal', action: 'x', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', name: '刘芳', breakGlass: false },
        { at: '2026-02-28T08:30:00.000Z', op: 'read', action: 'x', role: 'teacher', roleLabel: '教师', name: '张丽', breakGlass: false },
        { at: '2026-02-20T02:00:00.000Z', op: 'write', action: 'x', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', name: '刘芳', breakGlass: false },
      ],
    }),
    'accounts.queryAuditLog': () => ({
      entries: [
        { id: 'a1', _id: 'a1', at: '2026-03-02T06:20:00.000Z', action: 'x', op: 'reveal', actor: { personId: 'p-zhou' }, role: 'townshipStaff', target: { kind: 'child', id: 'c-9' }, reason: '核实监护人联系方式', fields: ['father.phone'], breakGlass: 'g1', actorName: '周明', roleLabel: '乡镇工作人员' },
        { id: 'a2', _id: 'a2', at: '2026-03-02T01:00:00.000Z', action: 'x', op: 'export', actor: { personId: 'p-liu' }, role: 'countyAdmin', count: 1526, actorName: '吴强', roleLabel: '县民政局管理员' },
        { id: 'a3', _id: 'a3', at: '2026-03-01T09:12:00.000Z', action: 'x', op: 'write', actor: { personId: 'p-l' }, role: 'villageOfficer', target: { kind: 'child', id: 'c-9' }, actorName: '刘芳', roleLabel: '村留守儿童保护专干' },
      ],
    }),
    'accounts.listBreakGlass': () => ({
      grants: [
        { grantId: 'g1', personId: 'p-zhou', personName: '周明', childName: '陈小雨', role: 'townshipStaff', childId: 'c-9', villageCode: '341721101002', reason: '群众来电反映孩子独自在家', openedAt: '2026-03-02T06:00:00.000Z', expiresAt: '2026-03-02T09:00:00.000Z', active: true, acknowledged: false },
        { grantId: 'g0', personId: 'p-wu', personName: '吴强', childName: '王浩然', role: 'countyAdmin', childId: 'c-7', villageCode: '341721100001', reason: '复核走访记录', openedAt: '2026-02-20T06:00:00.000Z', expiresAt: '2026-02-20T09:00:00.000Z', active: false, acknowledged: true },
      ],
    }),
  });
  await shoot('registry-child-file', 'packageRegistry/pages/child/index', { id: 'c-9' });
  await shoot('registry-child-edit', 'packageRegistry/pages/edit/index', { id: 'c-9' });
  await shoot('account-consent-paper', 'packageAccount/pages/consent/index', { childId: 'c-9', mode: 'paper' });
  await shoot('account-corrections', 'packageAccount/pages/corrections/index');
  actAs('parent');
  await shoot('account-child-data', 'packageAccount/pages/child-data/index', { childId: 'c-9' });
  elder(true);
  await shoot('account-consent-elder', 'packageAccount/pages/consent/index', { childId: 'c-9', mode: 'self' });
  await shoot('account-viewers-elder', 'packageAccount/pages/viewers/index', { childId: 'c-9', name: encodeURIComponent('陈小雨') });
  elder(false);
  actAs('countyAdmin');
  await shoot('account-erase', 'packageAccount/pages/erase/index', { childId: 'c-5', name: encodeURIComponent('李欣怡') });
  await shoot('account-audit', 'packageAccount/pages/audit/index');
  await shoot('account-break-glass', 'packageAccount/pages/break-glass/index');
});
