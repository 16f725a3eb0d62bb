import type {
  AssistanceKind,
  FamilyIncomeSource,
  GuardianshipType,
  HealthStatus,
  Parent,
  SchoolingStatus,
} from '../../../_shared/contracts/census';

/**
 * Vocabularies of the census import: what villages write in roster headers and cells, mapped to
 * canonical field names and values (docs/census-import.md lists them). Header texts are compared
 * after `headerKey()`: NFKC, no spaces, no bracketed notes, no trailing colon or asterisk.
 */

/** Canonical roster fields (keys of NormalizedCensusRow, plus `seq` for the 序号 column). */
export const CENSUS_FIELDS = [
  'seq',
  'name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'group', 'residence', 'hukouRegistered', 'hukouPlace',
  'health', 'disabilityCategory', 'disabilityGrade', 'illnessType', 'boarding', 'schooling', 'school',
  'paternalGrandfatherName', 'paternalGrandfatherBirthDate', 'paternalGrandmotherName', 'paternalGrandmotherBirthDate',
  'maternalGrandfatherName', 'maternalGrandfatherBirthDate', 'maternalGrandmotherName', 'maternalGrandmotherBirthDate',
  'fatherName', 'fatherBirthDate', 'fatherWorkPlace', 'fatherPhone', 'fatherIdNumber',
  'motherName', 'motherBirthDate', 'motherWorkPlace', 'motherPhone', 'motherIdNumber',
  'parentsBothAway', 'oneAwayOtherIncapable', 'incapableParent', 'hasEntrustedGuardian',
  'caregiverName', 'caregiverPhone', 'caregiverIdNumber', 'caregiverRelation', 'caregiverAddress',
  'guardianshipType', 'familyIncome', 'assistance', 'remarks',
] as const;
export type CensusField = (typeof CENSUS_FIELDS)[number];

/** Headers naming a field of the child or of the row as a whole (not of a relative). */
export const FIELD_HEADERS: Record<string, CensusField> = {};
/** Attribute headers of a person (father, mother, caregiver, grandparents). */
const PERSON_ATTRIBUTE_HEADERS: Record<string, PersonAttribute> = {};
/** Person prefixes of a header (`父亲电话`) and top-row group labels (`父亲` over `电话`). */
const PERSON_WORDS: Record<string, Person> = {};
/** Top-row group labels that are not a person. */
const GROUP_WORDS: Record<string, HeaderGroup> = {};

export type Person =
  | 'father' | 'mother' | 'caregiver'
  | 'paternalGrandfather' | 'paternalGrandmother' | 'maternalGrandfather' | 'maternalGrandmother';
type PersonAttribute = 'Name' | 'IdNumber' | 'Phone' | 'WorkPlace' | 'BirthDate' | 'Relation' | 'Address';
export type HeaderGroup = Person | 'child' | 'guardianship' | 'family';

function define<T>(table: Record<string, T>, value: T, words: string[]): void {
  for (const w of words) table[w] = value;
}

define(FIELD_HEADERS, 'seq', ['序号', '编号', '序']);
define(FIELD_HEADERS, 'name', ['姓名', '儿童姓名', '留守儿童姓名', '名字']);
define(FIELD_HEADERS, 'gender', ['性别', '儿童性别']);
define(FIELD_HEADERS, 'ethnicity', ['民族']);
define(FIELD_HEADERS, 'birthDate', ['出生日期', '出生年月日', '出生年月', '生日', '儿童出生日期']);
define(FIELD_HEADERS, 'idNumber', [
  '公民身份号码', '身份证号', '身份证号码', '身份证', '居民身份证号码', '儿童身份证号', '儿童身份证号码', '证件号码', '身份号码',
]);
define(FIELD_HEADERS, 'group', ['村民小组', '组别', '所在组', '所在村民小组', '小组', '组', '村组']);
define(FIELD_HEADERS, 'residence', ['现居住地', '现住址', '居住地', '现居住地址', '家庭住址', '住址', '家庭地址']);
define(FIELD_HEADERS, 'hukouRegistered', ['是否登记户口', '是否有户口', '是否落户', '户籍登记']);
define(FIELD_HEADERS, 'hukouPlace', ['户籍所在地', '户口所在地', '户籍地', '户口登记地']);
define(FIELD_HEADERS, 'health', ['身体状况', '健康状况', '身体健康状况']);
define(FIELD_HEADERS, 'disabilityCategory', ['残疾类别', '残疾类型']);
define(FIELD_HEADERS, 'disabilityGrade', ['残疾等级', '残疾级别']);
define(FIELD_HEADERS, 'illnessType', ['患病类型', '疾病类型', '疾病名称', '患病名称', '所患疾病']);
define(FIELD_HEADERS, 'boarding', ['是否寄宿', '寄宿', '是否住校', '是否寄宿就读']);
define(FIELD_HEADERS, 'schooling', ['就学情况', '就读情况', '在校情况', '就学状况', '受教育情况', '学习情况']);
define(FIELD_HEADERS, 'school', ['学校及年级', '就读学校', '学校', '就读学校及年级', '学校名称及年级', '所在学校及年级']);
define(FIELD_HEADERS, 'parentsBothAway', [
  '父母双方外出', '父母均外出', '父母双方外出务工', '父母双方均外出', '双方外出', '父母都外出',
]);
define(FIELD_HEADERS, 'oneAwayOtherIncapable', [
  '一方外出另一方无监护能力', '父母一方外出另一方无监护能力', '一方外出一方无监护能力', '一方外出另一方无监护能力的',
]);
define(FIELD_HEADERS, 'incapableParent', ['无监护能力一方', '无监护能力方', '无监护能力的一方', '哪方无监护能力']);
define(FIELD_HEADERS, 'hasEntrustedGuardian', ['是否委托监护', '有无委托监护人', '是否有受委托监护人', '是否有委托监护人']);
define(FIELD_HEADERS, 'guardianshipType', ['监护类型', '监护情况', '监护情况评估', '监护评估', '监护状况']);
define(FIELD_HEADERS, 'familyIncome', ['家庭经济来源', '经济来源', '家庭收入来源', '家庭主要经济来源']);
define(FIELD_HEADERS, 'assistance', ['享受救助情况', '救助情况', '获得救助情况', '享受救助', '享受政策情况']);
define(FIELD_HEADERS, 'remarks', ['备注', '说明']);
// Alone (one-row headers), a relation column is the entrusted guardian's: parents need none.
define(FIELD_HEADERS, 'caregiverRelation', ['与儿童关系', '与留守儿童关系', '与儿童的关系', '与被监护人关系']);

define(PERSON_ATTRIBUTE_HEADERS, 'Name', ['姓名', '名字']);
define(PERSON_ATTRIBUTE_HEADERS, 'IdNumber', ['公民身份号码', '身份证号', '身份证号码', '身份号码', '身份证', '证件号码']);
define(PERSON_ATTRIBUTE_HEADERS, 'Phone', ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '电话号码']);
define(PERSON_ATTRIBUTE_HEADERS, 'WorkPlace', [
  '务工地点', '外出务工地点', '务工地', '工作地点', '现工作地点', '务工地址', '外出地点', '现务工地点', '务工所在地',
]);
define(PERSON_ATTRIBUTE_HEADERS, 'BirthDate', ['出生日期', '出生年月', '出生年月日']);
define(PERSON_ATTRIBUTE_HEADERS, 'Relation', ['与儿童关系', '关系', '与留守儿童关系', '与儿童的关系', '与被监护人关系']);
define(PERSON_ATTRIBUTE_HEADERS, 'Address', ['住址', '地址', '家庭住址', '居住地址', '现住址']);

define(PERSON_WORDS, 'father', ['父亲', '父']);
define(PERSON_WORDS, 'mother', ['母亲', '母']);
define(PERSON_WORDS, 'caregiver', ['受委托监护人', '委托监护人', '代理监护人', '委托照料人', '监护人']);
define(PERSON_WORDS, 'paternalGrandfather', ['祖父', '爷爷']);
define(PERSON_WORDS, 'paternalGrandmother', ['祖母', '奶奶']);
define(PERSON_WORDS, 'maternalGrandfather', ['外祖父', '外公']);
define(PERSON_WORDS, 'maternalGrandmother', ['外祖母', '外婆']);

define(GROUP_WORDS, 'child', ['儿童基本情况', '儿童情况', '基本情况', '儿童信息', '留守儿童基本情况']);
define(GROUP_WORDS, 'guardianship', ['实际监护情况', '监护情况', '监护人情况']);
define(GROUP_WORDS, 'family', ['家庭情况', '家庭成员情况', '家庭基本情况']);

/** Fields each person attribute maps to; undefined where the form has no such field. */
const PERSON_FIELDS: Record<Person, Partial<Record<PersonAttribute, CensusField>>> = {
  father: { Name: 'fatherName', IdNumber: 'fatherIdNumber', Phone: 'fatherPhone', WorkPlace: 'fatherWorkPlace', BirthDate: 'fatherBirthDate' },
  mother: { Name: 'motherName', IdNumber: 'motherIdNumber', Phone: 'motherPhone', WorkPlace: 'motherWorkPlace', BirthDate: 'motherBirthDate' },
  caregiver: {
    Name: 'caregiverName', IdNumber: 'caregiverIdNumber', Phone: 'caregiverPhone',
    Relation: 'caregiverRelation', Address: 'caregiverAddress',
  },
  paternalGrandfather: { Name: 'paternalGrandfatherName', BirthDate: 'paternalGrandfatherBirthDate' },
  paternalGrandmother: { Name: 'paternalGrandmotherName', BirthDate: 'paternalGrandmotherBirthDate' },
  maternalGrandfather: { Name: 'maternalGrandfatherName', BirthDate: 'maternalGrandfatherBirthDate' },
  maternalGrandmother: { Name: 'maternalGrandmotherName', BirthDate: 'maternalGrandmotherBirthDate' },
};

/** Person words, longest first, so `外祖父` wins over `祖父` and `受委托监护人` over `监护人`. */
const PERSON_PREFIXES = Object.keys(PERSON_WORDS).sort((a, b) => b.length - a.length);

import { headerKey } from '../../../_shared/sheets/header';

export { headerKey };

/** The group a top-row label names (a person, or a section such as 儿童基本情况). */
export function headerGroup(label: string): HeaderGroup | undefined {
  const k = headerKey(label);
  const exact = PERSON_WORDS[k] ?? GROUP_WORDS[k] ?? (k.endsWith('情况') || k.endsWith('信息') ? PERSON_WORDS[k.slice(0, -2)] : undefined);
  if (exact) return exact;
  // 留守儿童基本信息, 学生情况: the child's section — unless it names someone else too (儿童父母情况).
  if (/(儿童|学生|孩子).{0,6}(情况|信息|资料)$/.test(k) && !PERSON_PREFIXES.some((p) => k.includes(p))) return 'child';
  return undefined;
}

/**
 * Maps a header to its canonical field.
 * @param leaf the lower header text of the column (or the only one)
 * @param group the group of the top-row label above it, for two-row headers (`父亲` over `电话`)
 * @returns the field, or undefined when the vocabulary does not know the header
 */
export function mapHeader(leaf: string, group?: HeaderGroup): CensusField | undefined {
  const k = headerKey(leaf);
  if (!k) return undefined;
  // A person named in the header itself: 父亲电话, 委托监护人姓名, 外祖母出生日期.
  for (const prefix of PERSON_PREFIXES) {
    if (k.length > prefix.length && k.startsWith(prefix)) {
      const rest = k.slice(prefix.length).replace(/^的/, '');
      const attr = PERSON_ATTRIBUTE_HEADERS[rest];
      const field = attr && PERSON_FIELDS[PERSON_WORDS[prefix]][attr];
      if (field) return field;
    }
  }
  const isPersonGroup = group !== undefined && group in PERSON_FIELDS;
  if (isPersonGroup) {
    const attr = PERSON_ATTRIBUTE_HEADERS[k];
    const field = attr && PERSON_FIELDS[group as Person][attr];
    if (field) return field;
  }
  const direct = FIELD_HEADERS[k];
  if (direct) return direct;
  if (group === 'guardianship') {
    const attr = PERSON_ATTRIBUTE_HEADERS[k];
    if (attr) return PERSON_FIELDS.caregiver[attr];
  }
  return undefined;
}

/** Whether a header text is a known group label, field header or person attribute (for finding header rows). */
export function isHeaderWord(text: string): boolean {
  const k = headerKey(text);
  return !!k && (headerGroup(k) !== undefined || mapHeader(k) !== undefined || PERSON_ATTRIBUTE_HEADERS[k] !== undefined);
}

/** Whether a header names an attribute of some person (姓名, 联系电话, 身份证号 …) without saying whose. */
export function isPersonAttribute(text: string): boolean {
  return PERSON_ATTRIBUTE_HEADERS[headerKey(text)] !== undefined;
}

/** Whether a group is a person (father, mother, caregiver, a grandparent) rather than a section. */
export function isPersonGroup(group: HeaderGroup | undefined): group is Person {
  return group !== undefined && group in PERSON_FIELDS;
}

// ---------------------------------------------------------------------------------------------
// Value vocabularies. Keys are compared after NFKC, without spaces.

export { YES_WORDS, NO_WORDS } from '../../../_shared/sheets/cells';

export const GENDER_WORDS: Record<string, 'male' | 'female'> = {
  男: 'male', 男性: 'male', 男孩: 'male', M: 'male', MALE: 'male',
  女: 'female', 女性: 'female', 女孩: 'female', F: 'female', FEMALE: 'female',
};

export const HEALTH_WORDS: Record<string, HealthStatus> = {
  健康: 'healthy', 良好: 'healthy', 正常: 'healthy', 身体健康: 'healthy',
  残疾: 'disabled', 残障: 'disabled', 有残疾: 'disabled', 残疾儿童: 'disabled',
  患病: 'seriouslyIll', 重病: 'seriouslyIll', 患重病: 'seriouslyIll', 大病: 'seriouslyIll', 患大病: 'seriouslyIll',
  重大疾病: 'seriouslyIll', 严重疾病: 'seriouslyIll', 疾病: 'seriouslyIll', 患有重病: 'seriouslyIll',
};

/** 就学情况: exact words first, then the first keyword rule that matches (order matters). */
export const SCHOOLING_WORDS: Record<string, SchoolingStatus> = {
  幼儿园: 'kindergarten', 在园: 'kindergarten', 学前班: 'kindergarten', 入园: 'kindergarten', 学前教育: 'kindergarten',
  未入园: 'notInKindergarten', 未上幼儿园: 'notInKindergarten', 散居: 'notInKindergarten', 未入学: 'notInKindergarten',
  小学: 'primary', 初中: 'juniorMiddle', 高中: 'seniorHigh', 普高: 'seniorHigh',
  中职: 'vocational', 职高: 'vocational', 中专: 'vocational', 技校: 'vocational', 职业学校: 'vocational',
  辍学: 'droppedOut', 义务教育阶段辍学: 'droppedOut', 失学: 'droppedOut',
  未在校: 'notInSchool', '14-16周岁未在校': 'notInSchool', 不在校: 'notInSchool', '14至16周岁未在校': 'notInSchool',
};
export const SCHOOLING_RULES: Array<[RegExp, SchoolingStatus]> = [
  [/辍学|失学/, 'droppedOut'],
  [/未入园|未上幼儿园/, 'notInKindergarten'],
  [/未在校|不在校|未就学/, 'notInSchool'],
  [/幼儿园|学前/, 'kindergarten'],
  [/小学/, 'primary'],
  [/初中|初级中学/, 'juniorMiddle'],
  [/中职|职高|中专|技校|职业/, 'vocational'],
  [/高中|高级中学/, 'seniorHigh'],
];

export const GUARDIANSHIP_WORDS: Record<string, GuardianshipType> = {
  无人监护: 'none',
  父母一方无监护能力: 'parentIncapable', 一方无监护能力: 'parentIncapable', 在家一方无监护能力: 'parentIncapable',
  受委托监护人监护能力不足: 'entrustedInsufficient', 委托监护人监护能力不足: 'entrustedInsufficient',
  受委托监护人能力不足: 'entrustedInsufficient', 监护能力不足: 'entrustedInsufficient',
  监护情况一般: 'fair', 一般: 'fair',
  监护情况较好: 'good', 较好: 'good', 良好: 'good', 好: 'good', 监护情况良好: 'good',
};
export const GUARDIANSHIP_RULES: Array<[RegExp, GuardianshipType]> = [
  [/无人监护/, 'none'],
  [/无监护能力/, 'parentIncapable'],
  [/能力不足/, 'entrustedInsufficient'],
  [/一般/, 'fair'],
  [/较好|良好/, 'good'],
];

export const INCOME_WORDS: Record<string, FamilyIncomeSource> = {
  打工收入: 'migrantWork', 务工收入: 'migrantWork', 外出务工: 'migrantWork', 打工: 'migrantWork', 务工: 'migrantWork',
  种养殖业: 'farming', 种养殖: 'farming', 种植业: 'farming', 养殖业: 'farming', 种植: 'farming', 养殖: 'farming', 务农: 'farming', 农业: 'farming',
  政府救助: 'governmentAssistance', 政府补助: 'governmentAssistance', 低保: 'governmentAssistance', 救助: 'governmentAssistance',
  亲朋接济: 'relativesHelp', 亲友接济: 'relativesHelp', 亲戚接济: 'relativesHelp', 亲友资助: 'relativesHelp',
  其他: 'other', 其它: 'other',
};

export const ASSISTANCE_WORDS: Record<string, AssistanceKind> = {
  低保: 'minimumLiving', 最低生活保障: 'minimumLiving', 城乡低保: 'minimumLiving',
  临时救助: 'temporary', 医疗救助: 'medical', 住房救助: 'housing', 危房改造: 'housing', 其他: 'other', 其它: 'other',
};

export const PARENT_WORDS: Record<string, Parent> = { 父亲: 'father', 父: 'father', 母亲: 'mother', 母: 'mother' };
