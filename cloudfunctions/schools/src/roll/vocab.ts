/**
 * What school rolls (学籍名单, exported from the national student information system or typed by
 * the school) call their columns, for the shared header resolution (`_shared/sheets/header.ts`).
 * Header texts are compared after `headerKey()` (NFKC, no spaces, no bracketed notes).
 */
import { headerKey, type HeaderVocab } from '../../../_shared/sheets/header';

export const ROLL_FIELDS = ['seq', 'name', 'gender', 'idNumber', 'birthDate', 'studentNumber', 'grade', 'className', 'leftBehind', 'boarding', 'remarks'] as const;
export type RollField = (typeof ROLL_FIELDS)[number];

/** Groups above the columns: the pupil's own sections, or a person (whose columns the check does not use). */
export type RollGroup = 'student' | 'school' | 'guardian';

const FIELD_HEADERS: Record<string, RollField> = {};
function define(field: RollField, words: string[]): void {
  for (const w of words) FIELD_HEADERS[w] = field;
}
define('seq', ['序号', '编号', '序']);
define('name', ['姓名', '学生姓名', '儿童姓名', '名字']);
define('gender', ['性别', '学生性别']);
define('idNumber', ['身份证号', '身份证号码', '身份证件号', '身份证件号码', '公民身份号码', '居民身份证号码', '证件号码', '学生身份证号', '学生身份证件号', '身份证']);
define('birthDate', ['出生日期', '出生年月', '出生年月日', '生日']);
define('studentNumber', ['学籍号', '全国学籍号', '学籍辅号', '个人标识码', '学生学籍号', '国网学籍号']);
define('grade', ['年级', '就读年级', '所在年级']);
define('className', ['班级', '班级名称', '所在班级', '班']);
define('leftBehind', ['是否留守儿童', '留守儿童', '是否留守', '留守儿童标识', '是否为留守儿童']);
define('boarding', ['是否寄宿', '是否住校', '寄宿生', '是否寄宿生', '住校']);
define('remarks', ['备注', '说明']);

const GROUP_WORDS: Record<string, RollGroup> = {
  学生信息: 'student', 学生基本信息: 'student', 学生情况: 'student', 基本信息: 'student', 个人信息: 'student',
  就读信息: 'school', 就读情况: 'school', 学籍信息: 'school', 在校情况: 'school', 在校信息: 'school', 其他信息: 'school',
  监护人: 'guardian', 监护人信息: 'guardian', 家长: 'guardian', 家长信息: 'guardian', 父亲: 'guardian', 母亲: 'guardian', 家庭成员: 'guardian', 联系人: 'guardian',
};

/** Attributes any person has: under a guardian group they are the guardian's, not the pupil's. */
const PERSON_ATTRIBUTES = new Set(['姓名', '联系电话', '电话', '手机', '手机号', '手机号码', '身份证号', '身份证号码', '证件号码', '工作单位', '关系', '与学生关系']);

function groupOf(text: string): RollGroup | undefined {
  return GROUP_WORDS[headerKey(text)];
}

function fieldOf(text: string, group?: RollGroup): RollField | undefined {
  const k = headerKey(text);
  if (!k || group === 'guardian') return undefined;
  return FIELD_HEADERS[k];
}

/** The school roll's header vocabulary. */
export const ROLL_HEADER_VOCAB: HeaderVocab<RollField, RollGroup> = {
  key: headerKey,
  field: fieldOf,
  group: groupOf,
  isHeaderWord: (t) => {
    const k = headerKey(t);
    return !!k && (groupOf(k) !== undefined || FIELD_HEADERS[k] !== undefined || PERSON_ATTRIBUTES.has(k));
  },
  isPersonAttribute: (t) => PERSON_ATTRIBUTES.has(headerKey(t)),
  isPerson: (g) => g === 'guardian',
  anchor: ['name', 'idNumber'],
  whoseHint: '应写明学生信息或监护人',
  documentName: '名单',
};

/** Column names of the fields, as a message names them. */
export const ROLL_FIELD_LABELS: Record<RollField, string> = {
  seq: '序号',
  name: '姓名',
  gender: '性别',
  idNumber: '身份证号',
  birthDate: '出生日期',
  studentNumber: '学籍号',
  grade: '年级',
  className: '班级',
  leftBehind: '是否留守儿童',
  boarding: '是否寄宿',
  remarks: '备注',
};
