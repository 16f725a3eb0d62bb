/**
 * Entries of 工作台 (staff only). Until the 工作台 tab page exists (docs/miniprogram.md "Adding
 * 工作台 for staff"), 我的 lists these for users with a staff role. Each domain appends its own
 * entry (its subpackage page) here; a hidden entry is not access control — the functions check.
 */
import { ISSUERS } from '../contracts/accounts';

/** Roles that may invite someone (the contract's who-can-invite-whom table). */
const INVITING_ROLES: string[] = Object.values(ISSUERS as Record<string, readonly string[]>).reduce<string[]>((all, rs) => all.concat(rs.filter((r) => all.indexOf(r) < 0)), []);

export interface WorkbenchEntry {
  /** Absolute page path, e.g. `/packageRegistry/pages/list/index`. */
  url: string;
  label: string;
  /** Roles that see the entry. */
  roles: string[];
}

export const WORKBENCH_ENTRIES: WorkbenchEntry[] = [
  { url: '/packageRegistry/pages/list/index', label: '儿童档案', roles: ['villageOfficer', 'townshipStaff', 'police', 'teacher', 'lifeTeacher', 'schoolStaff', 'countyAdmin'] },
  { url: '/packageRegistry/pages/import/index', label: '导入花名册', roles: ['villageOfficer', 'townshipStaff', 'countyAdmin'] },
  { url: '/packageRegistry/pages/census-coverage/index', label: '排查覆盖', roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  { url: '/packageRegistry/pages/summary/index', label: '留守儿童汇总表', roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  // Supervision (docs/supervision.md): the board of the caller's area; village officers see their village's.
  { url: '/packageSupervision/pages/board/index', label: '督导看板（指标、排名、下钻）', roles: ['villageOfficer', 'townshipStaff', 'countyAdmin'] },
  { url: '/packageSupervision/pages/staffing/index', label: '队伍建设（专干配备、邀请）', roles: ['townshipStaff', 'countyAdmin'] },
  // Schools (docs/schools.md, policy §二(三) 控辍保学): the schools and their dropout cases.
  { url: '/packageSchools/pages/schools/index', label: '学校与控辍保学（学校名录、辍学劝返）', roles: ['townshipStaff', 'teacher', 'lifeTeacher', 'schoolStaff', 'countyAdmin'] },
  { url: '/packageSchools/pages/cases/index', label: '辍学劝返个案', roles: ['townshipStaff', 'teacher', 'schoolStaff', 'countyAdmin'] },
  { url: '/packageSchools/pages/roll/index', label: '定期排查（上传本校学籍名单）', roles: ['teacher', 'schoolStaff'] },
  { url: '/packageSchools/pages/life-care/index', label: '生活老师关爱（寄宿生、亲情电话）', roles: ['lifeTeacher', 'teacher', 'schoolStaff'] },
  { url: '/packageSchools/pages/care-settings/index', label: '生活老师关爱设置（多少天未关爱即提醒）', roles: ['countyAdmin'] },
  // 留守儿童之家 (docs/schools.md): the school's own home; the county's and township's coverage and ratings.
  { url: '/packageSchools/pages/home/index', label: '留守儿童之家（设施、活动记录、检查星级）', roles: ['lifeTeacher', 'teacher', 'schoolStaff'] },
  { url: '/packageSchools/pages/homes/index', label: '留守儿童之家覆盖与评星（寄宿制学校）', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageSchools/pages/home-settings/index', label: '之家检查表与评星分数线', roles: ['countyAdmin'] },
  { url: '/packageArticles/pages/manage/index', label: '政策文章审核与发布', roles: ['publisher', 'reviewer'] },
  { url: '/packageHelpline/pages/workbench/index', label: '12355热线工作台', roles: ['helplineAgent', 'helplineSupervisor'] },
  { url: '/packageHelpline/pages/supervisor/index', label: '热线服务指标与值班', roles: ['helplineSupervisor'] },
  { url: '/packageHelpline/pages/referrals/index', label: '热线转介单（待答复）', roles: ['villageOfficer', 'townshipStaff', 'police', 'schoolStaff', 'countyAdmin', 'siteStaff'] },
  { url: '/packageHelpline/pages/crisis-words/index', label: '热线危机词表', roles: ['helplineSupervisor'] },
  { url: '/packageCare/pages/tasks/index', label: '今日任务（走访与报告）', roles: ['villageOfficer', 'townshipStaff', 'police', 'pairingMember', 'countyAdmin'] },
  { url: '/packageCare/pages/report/index', label: '强制报告', roles: ['villageOfficer', 'townshipStaff', 'police', 'teacher', 'lifeTeacher', 'schoolStaff', 'pairingMember', 'countyAdmin'] },
  { url: '/packageCare/pages/pairing/index', label: '我的结对', roles: ['pairingMember'] },
  { url: '/packageCare/pages/due/index', label: '走访计划（逾期与近期到期）', roles: ['villageOfficer', 'townshipStaff', 'pairingMember', 'countyAdmin'] },
  { url: '/packageCare/pages/reports/index', label: '强制报告处理', roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  { url: '/packageCare/pages/reports/index?tab=mine', label: '我报告的强制报告', roles: ['teacher', 'lifeTeacher', 'schoolStaff', 'pairingMember', 'parent', 'entrustedGuardian'] },
  { url: '/packageCare/pages/pairing-coverage/index', label: '1+1+1结对覆盖', roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  { url: '/packageCare/pages/settings/index', label: '关爱工作设置（走访周期、报告时限）', roles: ['countyAdmin'] },
  // Families (not staff): shown under 家庭服务 in 我的.
  { url: '/packageGuardianship/pages/children/index', label: '我的孩子（亲情连线）', roles: ['parent'] },
  { url: '/packageGuardianship/pages/messages/index', label: '家人留言（与家长、照护人、村专干）', roles: ['parent', 'entrustedGuardian'] },
  // Guardianship (docs/guardianship.md "Mini-program pages"): signing for families and the village officer, orders, county settings.
  { url: '/packageGuardianship/pages/tasks/index', label: '待我签署（监护责任确认书）', roles: ['parent', 'entrustedGuardian', 'villageOfficer'] },
  { url: '/packageGuardianship/pages/orders/index', label: '监护责令', roles: ['townshipStaff', 'police', 'countyAdmin'] },
  { url: '/packageGuardianship/pages/settings/index', label: '监护工作设置', roles: ['countyAdmin'] },
  { url: '/packageGuardianship/pages/template/index', label: '监护责任确认书模板', roles: ['villageOfficer', 'townshipStaff', 'countyAdmin'] },
  // Community (docs/community.md): the site directory and volunteers' sign-ups for those who keep them; the volunteer's check-in.
  { url: '/packageCommunity/pages/sites/index', label: '服务站点管理（温馨家园、签到码）', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageCommunity/pages/applications/index', label: '志愿者报名审核', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageCommunity/pages/trainings/index', label: '志愿者培训（每年至少2次、签到）', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageCommunity/pages/activities/index', label: '关爱活动（讲座、课业辅导、假期托管，到场儿童）', roles: ['townshipStaff', 'countyAdmin', 'siteStaff'] },
  { url: '/packageCommunity/pages/volunteer/index', label: '志愿服务（扫码签到、服务时长）', roles: ['volunteer'] },
  { url: '/packageCommunity/pages/orgs/index', label: '社会组织（每个乡镇至少1家、公益项目）', roles: ['townshipStaff', 'countyAdmin', 'siteStaff'] },
  { url: '/packageCommunity/pages/league/index', label: '团组织结对（每个团组织至少结对1名儿童）', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageCommunity/pages/referrals/index', label: '转介单（转到服务机构的儿童）', roles: ['villageOfficer', 'townshipStaff', 'countyAdmin', 'siteStaff'] },
  // Accounts (docs/access.md "Who can invite whom"): whoever may invite someone.
  { url: '/packageAccount/pages/staff/index', label: '人员与邀请', roles: INVITING_ROLES },
  // Personal information (docs/access.md): requests, break-glass, the audit log; families' own page.
  { url: '/packageAccount/pages/corrections/index', label: '更正与删除申请', roles: ['villageOfficer', 'townshipStaff', 'countyAdmin'] },
  { url: '/packageAccount/pages/break-glass/index', label: '破窗访问记录', roles: ['townshipStaff', 'countyAdmin'] },
  { url: '/packageAccount/pages/audit/index', label: '审计记录', roles: ['countyAdmin'] },
  { url: '/packageAccount/pages/child-data/index', label: '孩子的信息（同意书、谁看过、更正）', roles: ['parent', 'entrustedGuardian'] },
];

/** The entries any of `roles` may open, in catalogue order. */
export function workbenchEntries(roles: readonly string[], entries: readonly WorkbenchEntry[] = WORKBENCH_ENTRIES): WorkbenchEntry[] {
  return entries.filter((e) => e.roles.some((r) => roles.indexOf(r) >= 0));
}
