/**
 * Mini-program subscribe-message templates (catalogue).
 *
 * Source: `shared/domain/notifications.md` (keys, placeholder ids, fields) and
 * `shared/reference/wechat-official-account-and-messages.md` §6.1 (keyword types and limits).
 * Template ids here are placeholders: production maps each key to the id chosen in the
 * mini-program admin console (功能 → 订阅消息) through configuration (see `resolveTemplateId`).
 * The local WeChat stand-in registers these placeholder ids as its templates.
 */

/** Keyword value types of subscribe messages (contract §6.1). */
export type SubscribeFieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase'
  | 'enum';

/** One keyword of a template, e.g. `thing1`. */
export interface TemplateField {
  /** The keyword as WeChat names it: `<type><n>`, e.g. `thing1`, `time3`. */
  key: string;
  type: SubscribeFieldType;
  /** What the keyword shows (Chinese, as in the console). */
  label: string;
  /** A typical value, for docs and the stand-in page. */
  example: string;
}

/** One subscribe-message template. */
export interface SubscribeTemplate {
  /** Catalogue key used by our code. */
  key: string;
  /** Template title (Chinese). */
  title: string;
  /** Placeholder id; the real id comes from configuration. */
  placeholderId: string;
  /** Who receives it (documentation only). */
  to: string;
  fields: readonly TemplateField[];
}

/**
 * Length limits per keyword type, in characters (Unicode code points), contract §6.1.
 * `name` is 10 when the value has any Chinese character, otherwise 20 (letters/symbols).
 * `time`, `date`, `amount`, `enum` have format rules rather than a plain length.
 */
export const FIELD_LIMITS: Readonly<Partial<Record<SubscribeFieldType, number>>> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  name: 10,
  phrase: 5,
};

/** `name` limit when the value has no Chinese character (contract §6.1). */
export const NAME_LATIN_LIMIT = 20;

const f = (key: string, label: string, example: string): TemplateField => ({
  key,
  type: fieldTypeOf(key),
  label,
  example,
});

/** The catalogue (notifications.md). */
export const SUBSCRIBE_TEMPLATES = {
  signatureRequested: {
    key: 'signatureRequested',
    title: '签名请求',
    placeholderId: 'TPL_SIGN_REQ',
    to: '确认书的签署方',
    fields: [
      f('thing1', '儿童姓名', '王*明'),
      f('thing2', '文书名称', '监护责任确认书'),
      f('time3', '发起时间', '2025年3月1日 09:30'),
      f('thing4', '发起方', '村委会'),
    ],
  },
  confirmationExpiring: {
    key: 'confirmationExpiring',
    title: '确认书即将到期',
    placeholderId: 'TPL_CONF_EXPIRE',
    to: '监护人、村儿童主任',
    fields: [
      f('thing1', '儿童姓名', '王*明'),
      f('time2', '到期时间', '2025年3月31日 00:00'),
      f('thing3', '办理事项', '请联系村儿童主任续签'),
    ],
  },
  visitRecorded: {
    key: 'visitRecorded',
    title: '新走访记录',
    placeholderId: 'TPL_VISIT_NEW',
    to: '父母',
    fields: [
      f('thing1', '儿童姓名', '王*明'),
      f('time2', '走访日期', '2025年3月1日 15:00'),
      f('thing3', '走访人', '村儿童主任'),
      f('thing4', '走访摘要', '孩子身体健康，学习正常'),
    ],
  },
  visitDue: {
    key: 'visitDue',
    title: '走访到期提醒',
    placeholderId: 'TPL_VISIT_DUE',
    to: '村儿童主任、结对帮扶人',
    fields: [
      f('thing1', '儿童姓名', '王*明'),
      f('time2', '截止日期', '2025年3月15日 00:00'),
      f('phrase3', '关爱等级', '重点'),
    ],
  },
  reportToHandle: {
    key: 'reportToHandle',
    title: '报告待处理',
    placeholderId: 'TPL_REPORT',
    to: '乡镇工作人员、派出所、县民政',
    fields: [
      f('phrase1', '报告类型', '独居'),
      f('thing2', '地点', '尧渡镇某某村'),
      f('time3', '报告时间', '2025年3月1日 20:15'),
      f('thing4', '确认时限', '1小时内确认'),
    ],
  },
  guardianshipOrder: {
    key: 'guardianshipOrder',
    title: '监护责令',
    placeholderId: 'TPL_ORDER',
    to: '父母、乡镇工作人员',
    fields: [
      f('thing1', '儿童姓名', '王*明'),
      f('time2', '截止时间', '2025年3月10日 00:00'),
      f('thing3', '责令事项', '返回或确定受委托监护人'),
    ],
  },
  checkInReminder: {
    key: 'checkInReminder',
    title: '亲情连线提醒',
    placeholderId: 'TPL_CHECKIN',
    to: '父母',
    fields: [f('thing1', '儿童姓名', '王*明'), f('thing2', '提醒内容', '已有14天未联系孩子')],
  },
  helplineReply: {
    key: 'helplineReply',
    title: '求助回复',
    placeholderId: 'TPL_HELP_REPLY',
    to: '求助人',
    fields: [
      f('character_string1', '求助编号', 'HL20250301-0012'),
      f('thing2', '处理状态', '已回复'),
      f('time3', '回复时间', '2025年3月1日 10:05'),
    ],
  },
} as const satisfies Record<string, SubscribeTemplate>;

/** Catalogue key of a template, e.g. `visitRecorded`. */
export type TemplateKey = keyof typeof SUBSCRIBE_TEMPLATES;

/** All catalogue keys. */
export const TEMPLATE_KEYS = Object.keys(SUBSCRIBE_TEMPLATES) as TemplateKey[];

/** Real template ids by catalogue key (from configuration); missing keys use placeholders. */
export type TemplateIdMap = Partial<Record<TemplateKey, string>>;

/**
 * The type of a keyword from its name (`thing1` → `thing`, `character_string12` →
 * `character_string`), as WeChat names keywords `<type><n>` (contract §6.1).
 * @throws Error when the prefix is not a known type
 */
export function fieldTypeOf(key: string): SubscribeFieldType {
  const prefix = key.replace(/\d+$/, '');
  const known: SubscribeFieldType[] = [
    'thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'amount',
    'phone_number', 'car_number', 'name', 'phrase', 'enum',
  ];
  if (!(known as string[]).includes(prefix)) throw new Error(`unknown subscribe keyword type: ${key}`);
  return prefix as SubscribeFieldType;
}

/**
 * The template id to send for a catalogue key.
 * @param key catalogue key
 * @param ids configured real ids (e.g. parsed from the function's environment); when a key is
 *   absent the placeholder id is used (what the local stand-in knows)
 */
export function resolveTemplateId(key: TemplateKey, ids: TemplateIdMap = {}): string {
  return ids[key] ?? SUBSCRIBE_TEMPLATES[key].placeholderId;
}

/**
 * Reads configured template ids from a JSON object string such as the environment variable
 * `SUBSCRIBE_TEMPLATE_IDS='{"visitRecorded":"AbC…"}'`. Unknown keys are ignored; bad JSON gives `{}`.
 */
export function parseTemplateIds(json: string | undefined): TemplateIdMap {
  if (!json) return {};
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    const out: TemplateIdMap = {};
    for (const key of TEMPLATE_KEYS) {
      const v = raw[key];
      if (typeof v === 'string' && v) out[key] = v;
    }
    return out;
  } catch {
    return {};
  }
}
