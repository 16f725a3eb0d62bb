/**
 * Demo seed step: one demo person per role (invented names), bound directly (no invitation),
 * each usable from the dev gateway's persona picker (`devPersonas`) or with the request header
 * `X-Dev-Openid: <openid>`.
 *
 * Everyone sits in 尧渡镇 团结社区 of 东至县 (real division codes). Relationship roles (parent,
 * entrusted guardian, pairing member) point at `DEMO_CHILD_IDS`, child files the registry's demo
 * step creates in that village. Persona persons carry no phone or ID number.
 */
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import { DEV_PERSONAS } from './local-collections';
import { ROLE_INFO, type BoundRole, type RoleName } from '../../cloudfunctions/_shared/access/roles';
import type { Scope } from '../../cloudfunctions/_shared/access/scope';
import { seal } from '../../cloudfunctions/_shared/access/sealed';

export const DEMO_COUNTY = '341721';
export const DEMO_TOWNSHIP = '341721100'; // 尧渡镇
export const DEMO_VILLAGE = '341721100001'; // 团结社区
export const DEMO_SCHOOL_ID = 'demo-school-yaodu';
/** The county's protection centre in the directory, where the 服务机构工作人员 persona works. */
export const DEMO_SITE_ID = 'demo-site-centre';
export const DEMO_TEAM_ID = 'demo-helpline-12355';
/** Child files the relationship personas are bound to (created by the registry's demo step in DEMO_VILLAGE). */
export const DEMO_CHILD_IDS = ['demo-child-1', 'demo-child-2'] as const;

interface PersonaDef {
  key: RoleName;
  name: string;
  scope?: Scope;
  pairingKind?: 'volunteer';
  supervisor?: boolean;
  description: string;
}

const village: Scope = { kind: 'region', codes: [DEMO_VILLAGE] };
const township: Scope = { kind: 'region', codes: [DEMO_TOWNSHIP] };
const county: Scope = { kind: 'region', codes: [DEMO_COUNTY] };
const school: Scope = { kind: 'school', schoolId: DEMO_SCHOOL_ID, regionCode: DEMO_TOWNSHIP };
const team: Scope = { kind: 'team', teamId: DEMO_TEAM_ID };

/** The personas, one per role. */
export const PERSONAS: PersonaDef[] = [
  { key: 'public', name: '游客', description: '未绑定任何角色的微信用户' },
  { key: 'parent', name: '陈建国', scope: { kind: 'children', childIds: [DEMO_CHILD_IDS[0]] }, description: '在外务工的父亲（演示儿童1）' },
  { key: 'entrustedGuardian', name: '刘桂兰', scope: { kind: 'children', childIds: [...DEMO_CHILD_IDS] }, description: '受委托照护的奶奶（演示儿童1、2）' },
  { key: 'villageOfficer', name: '王晓明', scope: village, description: '团结社区留守儿童保护专干' },
  { key: 'townshipStaff', name: '李卫东', scope: township, supervisor: true, description: '尧渡镇工作人员（负责人）' },
  { key: 'police', name: '赵志强', scope: township, description: '尧渡派出所民警' },
  { key: 'teacher', name: '孙丽华', scope: school, description: '尧渡中心小学班主任' },
  { key: 'lifeTeacher', name: '周芳', scope: school, description: '尧渡中心小学生活老师' },
  { key: 'schoolStaff', name: '吴国平', scope: school, description: '尧渡中心小学德育主任' },
  { key: 'pairingMember', name: '郑小红', scope: { kind: 'children', childIds: [DEMO_CHILD_IDS[0]] }, pairingKind: 'volunteer', description: '“临时妈妈”志愿者（演示儿童1）' },
  { key: 'helplineAgent', name: '钱佳怡', scope: team, description: '12355热线接线员' },
  { key: 'helplineSupervisor', name: '冯建华', scope: team, description: '12355热线主管' },
  { key: 'publisher', name: '褚文静', scope: county, description: '县网信办公众号编辑' },
  { key: 'reviewer', name: '卫明远', scope: county, description: '县网信办审核人' },
  { key: 'countyAdmin', name: '蒋海燕', scope: county, description: '县民政局管理员' },
  { key: 'volunteer', name: '沈晓燕', scope: township, description: '尧渡镇志愿者（扫码签到、服务时长）' },
  { key: 'siteStaff', name: '韩志刚', scope: { kind: 'site', siteId: DEMO_SITE_ID, regionCode: DEMO_COUNTY }, description: '县未成年人救助保护中心工作人员（答复转介单）' },
];

/** `demo-village-officer` for `villageOfficer`. */
export function personaOpenid(key: RoleName): string {
  return `demo-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Writes persons, identities, bindings and `devPersonas` for every persona, and the demo school.
 * @returns a one-line summary for the start banner
 */
export async function seedPersonas(app: CloudApp, now: Date): Promise<string> {
  const db = app.database();
  for (const p of PERSONAS) {
    const openid = personaOpenid(p.key);
    const personId = `demo-person-${p.key}`;
    if (p.scope) {
      const role = p.key as BoundRole;
      await db.collection(C.persons).add({ _id: personId, name: p.name, regionCode: DEMO_VILLAGE, createdAt: now, demo: true });
      await db.collection(C.identities).add({ _id: openid, personId, activeRole: role, createdAt: now });
      const binding: Record<string, unknown> = {
        _id: `demo-binding-${p.key}`,
        personId,
        role,
        scope: p.scope,
        scopeRegion: p.scope.kind === 'region' ? p.scope.codes[0] : p.scope.kind === 'school' || p.scope.kind === 'site' ? p.scope.regionCode : p.scope.kind === 'children' ? DEMO_VILLAGE : undefined,
        status: 'active',
        grantedAt: now,
        grantedBy: 'demo-seed',
      };
      if (p.scope.kind === 'children') binding.childRegions = p.scope.childIds.map(() => DEMO_VILLAGE);
      if (p.pairingKind) binding.pairingKind = p.pairingKind;
      if (p.supervisor) binding.supervisor = true;
      for (const k of Object.keys(binding)) if (binding[k] === undefined) delete binding[k];
      await db.collection(C.roleBindings).add(binding);
    }
    await db.collection(DEV_PERSONAS).add({
      key: p.key,
      name: p.name,
      openid,
      roles: p.scope ? [p.key] : [],
      roleLabel: ROLE_INFO[p.key].label,
      description: p.description,
    });
  }
  // The school the school personas are bound to, by name (helpline referrals pick schools by name).
  // As the schools registry stores a school (docs/schools.md): county and township for the lists.
  await db.collection('schools').add({ _id: DEMO_SCHOOL_ID, name: '尧渡中心小学', countyCode: DEMO_COUNTY, townshipCode: DEMO_TOWNSHIP, regionCode: DEMO_TOWNSHIP, boarding: true, createdAt: now, demo: true });
  // Its 留守儿童之家 (as schools.saveHome stores it), one activity and one county inspection (as
  // schools.inspectHome stores them; default checklist and thresholds: 86 points, 四星). Invented data.
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);
  await db.collection('childrenHomes').add({
    _id: DEMO_SCHOOL_ID, schoolId: DEMO_SCHOOL_ID, schoolName: '尧渡中心小学', countyCode: DEMO_COUNTY, townshipCode: DEMO_TOWNSHIP, regionCode: DEMO_TOWNSHIP,
    name: '尧渡中心小学留守儿童之家', openedOn: '2024-09-01', facilities: ['activityRoom', 'readingCorner', 'familyPhone', 'videoChat'], facilitiesNote: '心理咨询桌椅一套',
    runnerIds: ['demo-person-lifeTeacher'], hours: '周一至周五 16:30-18:00，周日 14:00-17:00', address: '教学楼一楼东侧', phone: seal('site.phone', '0566-7012345'),
    rating: { inspectionId: 'demo-home-inspection', on: day(10), score: 86, stars: 4 }, createdAt: now, updatedAt: now, updatedBy: 'demo-person-schoolStaff', demo: true,
  });
  await db.collection('homeActivities').add({
    _id: 'demo-home-activity', schoolId: DEMO_SCHOOL_ID, countyCode: DEMO_COUNTY, on: day(3), kind: 'familyCall', participants: 14, childIds: [],
    note: '周五晚上，孩子们轮流和在外务工的爸爸妈妈视频通话', photos: [], by: { personId: 'demo-person-lifeTeacher', name: '周芳', role: 'lifeTeacher' }, at: now, demo: true,
  });
  const scored = [['i1', '场地与设施', 20, 18], ['i2', '亲情联系（电话、视频）', 20, 19], ['i3', '管理制度与人员', 15, 13], ['i4', '活动开展', 20, 17], ['i5', '心理关爱', 15, 12], ['i6', '档案台账', 10, 7]] as const;
  await db.collection('homeInspections').add({
    _id: 'demo-home-inspection', schoolId: DEMO_SCHOOL_ID, countyCode: DEMO_COUNTY, townshipCode: DEMO_TOWNSHIP, on: day(10),
    departments: ['education', 'civilAffairs', 'womensFederation'], items: scored.map(([key, label, max, score]) => ({ key, label, max, score })),
    total: 86, maxTotal: 100, score: 86, stars: 4, thresholds: { star2: 60, star3: 70, star4: 80, star5: 90 },
    findings: '心理辅导室未按时开放，活动记录缺照片', rectification: '一个月内排出心理辅导室开放时间表，活动记录附照片', photos: [],
    by: { personId: 'demo-person-countyAdmin', name: '县民政局' }, at: now, told: 1, demo: true,
  });
  // The protection centre the 服务机构工作人员 persona is bound to, as community.saveSite stores a site (invented phone).
  await db.collection('communitySites').add({
    _id: DEMO_SITE_ID, countyCode: DEMO_COUNTY, regionCode: DEMO_COUNTY, kind: 'centre', name: '东至县未成年人救助保护中心',
    address: '县民政局院内', hours: '全天', phone: seal('site.phone', '0566-7000000'), services: ['shelter', 'counselling', 'referral'],
    // Placed in the county town (尧渡镇), so 离我最近 on the directory has a distance to show.
    location: { latitude: 30.0968, longitude: 117.0236 },
    status: 'open', createdAt: now, createdBy: 'demo-seed', updatedAt: now, updatedBy: 'demo-seed',
  });
  return `演示身份 ${PERSONAS.length} 个（每个角色一个，openid 形如 ${personaOpenid('villageOfficer')}）`;
}
