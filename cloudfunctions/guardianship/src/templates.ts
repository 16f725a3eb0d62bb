/**
 * Confirmation templates: the county's versioned text of the 监护责任确认书 (policy §二(一):
 * the village committee signs with the legal guardians and the other guardians). A county starts
 * from `DEFAULT_TEMPLATE`; the county admin's edit stores the next version; a prepared
 * confirmation keeps the text (and version) it was prepared with.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, countyOf, resolveActor, type Actor } from '../../_shared/access';
import { guardianshipContract, type ConfirmationTemplateDoc } from '../../_shared/contracts/guardianship';
import { G, OFFICER_ROLES, type Db } from './common';
import { dbOf, fetchAll, getDoc, insertOnce } from '../../_shared/db';

const A = guardianshipContract.actions;

/** The built-in text (version 1 of every county until its admin edits it). */
export const DEFAULT_TEMPLATE = {
  title: '农村留守儿童监护责任确认书',
  body: [
    '儿童：{{child.name}}，出生日期：{{child.birthDate}}，住{{village.name}}。',
    '法定监护人（父亲）：{{father.name}}；法定监护人（母亲）：{{mother.name}}；受委托监护人：{{entrusted.name}}（与儿童关系：{{entrusted.relation}}）；村（居）民委员会：{{village.committee}}。',
    '依照《中华人民共和国民法典》《中华人民共和国未成年人保护法》和本县关于加强农村留守儿童关爱保护工作的实施意见，各方确认以下监护责任：',
    '一、法定监护人（父母）的责任',
    '1. 父母是儿童的法定监护人，依法履行监护职责，外出务工期间不免除监护责任；',
    '2. 委托有监护能力的亲属或其他成年人代为照护，不得让不满十六周岁的儿童脱离监护单独居住生活；',
    '3. 至少每周与儿童联系一次，了解其生活、学习和心理状况，及时回复受委托监护人、学校和村（居）民委员会；',
    '4. 务工地点、联系电话发生变化的，及时告知村（居）民委员会；',
    '5. 保障儿童接受并完成义务教育，不得使其辍学。',
    '二、受委托监护人的责任',
    '1. 负责儿童的日常生活照料、安全看护和教育引导；',
    '2. 发现儿童身体、心理、行为异常或遭受侵害的，及时告知父母、学校和村（居）民委员会，必要时报告公安机关；',
    '3. 因身体等原因无法继续照护的，及时告知父母和村（居）民委员会，以便另行确定受委托监护人。',
    '三、村（居）民委员会的责任',
    '1. 明确留守儿童保护专干，定期走访，及时掌握儿童生活情况，做到一人一档；',
    '2. 对监护人进行法治宣传、监护监督和指导，督促其履行监护责任；',
    '3. 发现儿童脱离监护单独居住生活或失踪、监护人丧失监护能力等情况的，第一时间向乡镇和公安部门报告。',
    '四、本确认书自各方签署完毕之日起生效，有效期{{validityDays}}天；监护人变更或情况发生变化的，应重新签订。',
    '各方已阅读并理解上述内容，自愿签署。',
    '确认书制作日期：{{date}}',
  ].join('\n'),
};

/**
 * The name of a village's committee as people write it: 东华村 → 东华村民委员会, 团结社区 → 团结社区居民委员会,
 * 双龙村委会 → 双龙村民委员会; a name that says neither gets 村（居）民委员会.
 */
export function committeeName(village: string): string {
  const v = village.trim();
  if (/村民委员会$|居民委员会$/.test(v)) return v;
  if (v.endsWith('村委会')) return `${v.slice(0, -3)}村民委员会`;
  if (v.endsWith('居委会')) return `${v.slice(0, -3)}居民委员会`;
  if (v.endsWith('社区')) return `${v}居民委员会`;
  if (v.endsWith('村')) return `${v}民委员会`;
  return `${v}村（居）民委员会`;
}

/** Values filled into a template. */
export interface TemplateValues {
  'child.name': string;
  'child.birthDate': string;
  'village.name': string;
  /** The village committee's own name (committeeName). */
  'village.committee': string;
  'father.name': string;
  'mother.name': string;
  'entrusted.name': string;
  'entrusted.relation': string;
  validityDays: string;
  date: string;
}

/**
 * Fills `{{placeholder}}`s. Unknown placeholders stay as written; missing values become `—`.
 * @returns the document text exactly as the parties will sign it
 */
export function renderTemplate(body: string, values: Partial<TemplateValues>): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_PLACEHOLDERS, key)) return whole;
    const v = (values as Record<string, string | undefined>)[key];
    return v && v.trim() ? v : '—';
  });
}

const DEFAULT_PLACEHOLDERS: Record<keyof TemplateValues, true> = {
  'child.name': true,
  'child.birthDate': true,
  'village.name': true,
  'village.committee': true,
  'father.name': true,
  'mother.name': true,
  'entrusted.name': true,
  'entrusted.relation': true,
  validityDays: true,
  date: true,
};

/**
 * The county's current template; stores the built-in text as version 1 the first time (so every
 * prepared confirmation refers to a stored version).
 */
export async function currentTemplate(db: Db, countyCode: string, now: Date): Promise<ConfirmationTemplateDoc> {
  const rows = await db.collection(G.templates).where({ countyCode }).orderBy('version', 'desc').limit(1).get();
  const latest = ((rows.data ?? []) as ConfirmationTemplateDoc[])[0];
  if (latest) return latest;
  const doc: ConfirmationTemplateDoc = { _id: `${countyCode}-v1`, countyCode, version: 1, title: DEFAULT_TEMPLATE.title, body: DEFAULT_TEMPLATE.body, createdAt: now, source: 'default' };
  // Stored concurrently: read that one back.
  if (!(await insertOnce(db, G.templates, doc))) return (await getDoc<ConfirmationTemplateDoc>(db, G.templates, doc._id))!;
  return doc;
}

/** The caller's county (from their first region binding among `roles`). */
export function callerCounty(actor: Actor, roles: readonly string[]): string {
  for (const b of actor.bindings) {
    if (!roles.includes(b.role)) continue;
    if (b.scope.kind === 'region') return countyOf(b.scope.codes[0])!;
  }
  throw new AppError('FORBIDDEN');
}

export const getTemplate = action(A.getTemplate, {
  access: { roles: OFFICER_ROLES },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const county = callerCounty(await resolveActor(ctx), OFFICER_ROLES);
    const current = await currentTemplate(db, county, ctx.now());
    let doc = current;
    if (input.version && input.version !== current.version) {
      const got = await db.collection(G.templates).doc(`${county}-v${input.version}`).get();
      doc = ((got.data ?? []) as ConfirmationTemplateDoc[])[0];
      if (!doc) throw new AppError('NOT_FOUND', '没有该版本的模板');
    }
    const versions = await fetchAll<ConfirmationTemplateDoc>(db.collection(G.templates).where({ countyCode: county }).field({ _id: true, version: true, createdAt: true, source: true }), 500);
    return {
      countyCode: county,
      version: doc.version,
      currentVersion: current.version,
      title: doc.title,
      body: doc.body,
      source: doc.source,
      createdAt: doc.createdAt,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, source: v.source })).sort((a, b) => b.version - a.version),
    };
  },
});

export const updateTemplate = action(A.updateTemplate, {
  access: { roles: ['countyAdmin'] },
  example: (w) => ({ title: '农村留守儿童监护责任确认书', body: `${DEFAULT_TEMPLATE.body}\n（修订 ${w.unique()}）` }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const county = callerCounty(actor, ['countyAdmin']);
    const now = ctx.now();
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await currentTemplate(db, county, now);
      const doc: ConfirmationTemplateDoc = {
        _id: `${county}-v${current.version + 1}`,
        countyCode: county,
        version: current.version + 1,
        title: input.title,
        body: input.body,
        createdAt: now,
        createdBy: actor.personId,
        source: 'county',
      };
      if (!(await insertOnce(db, G.templates, doc))) continue; // someone else stored this version first: retry on top of it
      await audit(ctx, { op: 'write', target: { kind: 'confirmationTemplate', id: doc._id }, regionCode: county });
      return { version: doc.version, title: doc.title };
    }
    throw new AppError('CONFLICT');
  },
});
