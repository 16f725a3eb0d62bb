/**
 * Chinese labels of the input fields whose schema does not carry one itself (mostly list
 * filters, paging and counts), so a refusal always names the field as the page shows it
 * (`条数：…`), never `请检查填写的内容（…）`. `defineContract` applies them: a field without a
 * label anywhere on its way gets one here — by `<function>.<action>:<path>` first (list items as
 * `0`), else by its key. tests/structure/input-labels.test.ts fails when a field has none.
 *
 * Pure zod (the mini-program type-checks against contracts/).
 */
import { z } from 'zod';

/** Labels by field key, where the key means the same in every action. */
export const FIELD_LABELS: Record<string, string> = {
  limit: '每页条数',
  skip: '跳过条数',
  before: '更早于',
  status: '状态',
  regionCode: '地区',
  countyCode: '县',
  id: '编号',
  itemId: '抽查项',
  followUpId: '整改任务',
  siteId: '服务场所',
  trainingId: '培训',
  volunteerId: '志愿者',
  code: '码',
  role: '角色',
  from: '开始日期',
  to: '结束日期',
  date: '日期',
  kind: '类型',
  party: '签署方',
  textSha256: '确认书文本',
  width: '签名板宽度',
  height: '签名板高度',
  strokes: '笔画数',
  decision: '决定',
  by: '统计方式',
  moment: '提醒时机',
  anonymous: '匿名',
  urgent: '紧急',
  month: '月份',
  seed: '抽取种子',
  perTownship: '每个乡镇抽取数',
  result: '核实结果',
  accept: '是否通过',
  followUpDays: '整改期限（天）',
  format: '文件格式',
  key: '指标',
  latitude: '纬度',
  longitude: '经度',
  accuracy: '定位精度',
  consent: '同意定位',
  horizonDays: '提前天数',
  ttlDays: '有效天数',
  supervisor: '分管负责人',
  pairingKind: '结对类型',
  includeRevoked: '包括已撤销',
  onlyUnacknowledged: '仅未确认',
  breakGlassOnly: '仅破窗访问',
  op: '操作类型',
  endNow: '立即结束',
  signedBy: '签署人',
  textVersion: '同意书版本',
  path: '字段',
  field: '字段',
  q: '搜索词',
  tag: '标签',
  markdown: '正文',
  mode: '发布方式',
  version: '版本',
  baseVersion: '修改前的版本',
  expectVersion: '档案版本',
  overdueOnly: '仅逾期',
  minutes: '通话时长（分钟）',
  method: '联系方式',
  reached: '是否联系上',
  onDuty: '值班',
  unreadOnly: '仅未读',
  ids: '消息',
  template: '订阅消息模板',
  answer: '订阅选择',
  visited: '是否已走访',
  flags: '标记',
  idNumber: '身份证号',
  incomplete: '信息不全',
  name: '姓名',
  riskLevel: '风险等级',
  censusDate: '摸底基准日',
  chunkRows: '每批行数',
  column: '统计栏目',
  outcome: '导入结果',
  reactivate: '恢复在册',
  reason: '原因',
  level: '风险等级',
  parent: '父母',
  capacity: '可容纳人数',
  services: '服务内容',
  idLast4: '身份证号后四位',
  checkInIntervalDays: '亲情连线间隔（天）',
  confirmationExpiryDays: '确认书有效期（天）',
  confirmationReminderLeadDays: '到期前提醒（天）',
  orderDeadlineDays: '责令整改期限（天）',
  childId: '儿童',
  referralId: '转介单',
  deadlineDays: '办理期限（天）',
};

/** Labels where a key means something particular in one action (`<function>.<action>:<path>`). */
export const ACTION_FIELD_LABELS: Record<string, string> = {
  'accounts.acceptInvitation:code': '邀请码',
  'accounts.createInvitation:scope.codes.0': '地区',
  'accounts.createInvitation:scope.kind': '范围类型',
  'accounts.revealChildField:path': '要查看的字段',
  'accounts.revealPersonField:field': '要查看的字段',
  'community.attendTraining:code': '签到码',
  'community.checkIn:code': '签到码',
  'community.checkOut:code': '签退码',
  'community.saveSite:kind': '场所类型',
  'community.saveSite:status': '场所状态',
  'guardianship.logCheckIn:kind': '联系方式',
  'guardianship.sendMessage:to': '发给',
  'guardianship.prepareConfirmation:parties.0.key': '签署方',
  'registry.updateChild:leave.reason': '退出原因',
  'registry.updateChild:riskOverride.level': '风险等级',
  'supervision.drawSpotCheck:kind': '抽查对象',
  'supervision.circularFile:format': '通报格式',
  'care.updateCareSettings:reportAckMinutes.abuseNeglect': '遭受侵害或疏于照料的响应时限（分钟）',
  'care.updateCareSettings:reportAckMinutes.guardianIncapable': '监护人无监护能力的响应时限（分钟）',
  'care.updateCareSettings:reportAckMinutes.livingAlone': '独自居住的响应时限（分钟）',
  'care.updateCareSettings:reportAckMinutes.missing': '失踪的响应时限（分钟）',
  'care.updateCareSettings:reportAckMinutes.other': '其他情况的响应时限（分钟）',
  'care.updateCareSettings:visitIntervalDays.attention': '重点对象走访间隔（天）',
  'care.updateCareSettings:visitIntervalDays.focus': '特别关注对象走访间隔（天）',
  'care.updateCareSettings:visitIntervalDays.regular': '一般对象走访间隔（天）',
};

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; options?: z.ZodType[]; left?: z.ZodType; right?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const hasTitle = (s: z.ZodType): boolean => typeof (z.globalRegistry.get(s) as { title?: unknown } | undefined)?.title === 'string';

/**
 * Gives every leaf field of `input` without a label on its way a label from the tables
 * (registered on the leaf schema itself, where `labelAt` finds it). Records are left alone:
 * keyed records carry their table's labels.
 */
export function labelInputs(action: string, input: z.ZodType): void {
  const walk = (s: z.ZodType, path: (string | number)[], labelled: boolean, depth: number): void => {
    if (depth > 10) return;
    const here = labelled || hasTitle(s);
    const d = defOf(s);
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (inner) return walk(inner, path, here, depth + 1);
    if (d.type === 'object' && d.shape) for (const [k, v] of Object.entries(d.shape)) walk(v, [...path, k], false, depth + 1);
    else if (d.type === 'array' && d.element) walk(d.element, [...path, 0], here, depth + 1);
    else if (d.type === 'union' && d.options) for (const o of d.options) walk(o, path, here, depth + 1);
    else if (d.type === 'intersection' && d.left && d.right) for (const x of [d.left, d.right]) walk(x, path, here, depth + 1);
    else if (d.type !== 'record' && path.length && !here) {
      const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
      const title = ACTION_FIELD_LABELS[`${action}:${path.join('.')}`] ?? (last ? FIELD_LABELS[last] : undefined);
      if (title) z.globalRegistry.add(s, { title });
    }
  };
  walk(input, [], false, 0);
}
