/**
 * Pure presentation of a child's file (儿童档案) as the officer's page shows it: facts in words
 * (labels from the generated contract; a value without a label reads 未知, never its code), the
 * guardians with their phones (masked or in full, as the function sent them, and whether the
 * caller may see them in full with a reason), and the status tags. No `wx`, no I/O.
 */
import { LABELS, type ChildView } from '../../contracts/registry';

/** The word for a coded value: its label, 未知 for a code without one, '' when absent. */
export function word(labels: Record<string, string>, value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  return labels[value] ?? '未知';
}

const yesNo = (v: boolean | undefined): string => (v === undefined ? '' : v ? '是' : '否');

export interface Fact {
  label: string;
  value: string;
  /** A masked value the caller may see in full (sw-reveal), by its path on the file. */
  revealPath?: string;
}

/** 基本情况: every value in words. */
export function childFacts(c: Partial<ChildView>): Fact[] {
  const revealable = c.revealable ?? [];
  return [
    { label: '性别', value: word(LABELS.gender, c.gender) },
    { label: '年龄', value: c.age !== undefined && c.age >= 0 ? `${c.age}岁` : '' },
    { label: '出生日期', value: c.birthDate ?? '' },
    { label: '身份证号', value: typeof c.idNumber === 'string' ? c.idNumber : '', ...(revealable.indexOf('idNumber') >= 0 ? { revealPath: 'idNumber' } : {}) },
    { label: '村民小组', value: c.group ?? '' },
    { label: '现住址', value: c.residence ?? '' },
    { label: '就学情况', value: word(LABELS.schooling, c.schooling) },
    { label: '学校及年级', value: c.school ?? '' },
    { label: '学籍号', value: c.studentNumber ?? '' },
    { label: '是否寄宿', value: yesNo(c.boarding) },
    { label: '身体状况', value: word(LABELS.health, c.health) },
    { label: '风险等级', value: c.risk ? `${word(LABELS.risk, c.risk.level)}${c.risk.reason ? `（${c.risk.reason}）` : ''}` : '未评定' },
    { label: '重点标记', value: (c.effectiveFlags ?? []).map((f) => word(LABELS.flag, f)).join('、') || '无' },
    { label: '档案完整性', value: c.incomplete ? '待补全' : '完整' },
  ];
}

export interface Tag {
  text: string;
  tone: 'success' | 'warning' | 'danger' | 'info' | 'neutral';
}

/** The status line under the name: in the registry or not, risk level, completeness, consent. */
export function childTags(c: Partial<ChildView>): Tag[] {
  const tags: Tag[] = [];
  if (c.effectiveStatus === 'left') {
    const reason = word(LABELS.leftReason, c.leftReason ?? c.effectiveLeftReason);
    tags.push({ text: reason ? `已退出（${reason}）` : '已退出', tone: 'neutral' });
  } else tags.push({ text: '在册', tone: 'success' });
  if (c.risk) tags.push({ text: `风险${word(LABELS.risk, c.risk.level)}`, tone: c.risk.level === 'focus' ? 'danger' : c.risk.level === 'attention' ? 'warning' : 'neutral' });
  if (c.incomplete) tags.push({ text: '档案待补全', tone: 'warning' });
  if (c.needsConsent) tags.push({ text: '未登记同意书', tone: 'warning' });
  return tags;
}

export interface GuardianLine {
  key: 'father' | 'mother' | 'entrusted';
  title: string;
  /** Name, relation, work place — in words. */
  detail: string;
  phone: string;
  /** The phone's path on the file, for sw-reveal. */
  phonePath: string;
  canReveal: boolean;
  /** Whom a call reaches (拨打父亲). */
  who: string;
}

/** 家庭与监护: each guardian on the file with their phone. */
export function guardianLines(c: Partial<ChildView>): GuardianLine[] {
  const revealable = c.revealable ?? [];
  const phoneOf = (p: { phone?: unknown } | undefined) => (p && typeof p.phone === 'string' ? p.phone : '');
  const line = (key: GuardianLine['key'], title: string, who: string, detail: string, p: { phone?: unknown } | undefined): GuardianLine => ({
    key,
    title,
    detail,
    phone: phoneOf(p),
    phonePath: `${key}.phone`,
    canReveal: revealable.indexOf(`${key}.phone`) >= 0,
    who,
  });
  const e = c.entrusted;
  return [
    line('father', '父亲', '父亲', [c.father?.name, c.father?.workPlace ? `务工地：${c.father.workPlace}` : ''].filter(Boolean).join(' · '), c.father),
    line('mother', '母亲', '母亲', [c.mother?.name, c.mother?.workPlace ? `务工地：${c.mother.workPlace}` : ''].filter(Boolean).join(' · '), c.mother),
    line('entrusted', '受委托监护人', e?.relationToChild || '监护人', [e?.name, e?.relationToChild ? `（${e.relationToChild}）` : ''].join(''), e),
  ];
}

/** 监护类型 in words. */
export function guardianshipText(c: Partial<ChildView>): string {
  return word(LABELS.guardianshipType, c.guardianshipType);
}
