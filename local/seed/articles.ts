/**
 * Demo seed step: policy articles, published through the same flow as any article — the demo
 * publisher (褚文静) writes each one, the demo reviewer (卫明远) approves it, the publisher
 * publishes it to the local WeChat stand-in — by invoking the `articles` function with those
 * personas' identities. The first is the county's real policy (`local/data/policy/`, a public
 * administrative document); three short invented explainers of the national laws follow, one per
 * tag.
 *
 * Needs the personas step before it and the `articles` function built; without them it skips.
 * Publishing takes about 2 s of stand-in clock on the WeChat stand-in: the step polls
 * (`pollPublishJobs`) for up to ~8 s; whatever is still publishing then is finished by the timer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvocationIdentity, InvokeResult } from '../standin/types';
import { personaOpenid } from './personas';

/** Runs a built function with an identity (the stack's invoker). */
export type SeedInvoke = (name: string, event: unknown, identity: InvocationIdentity) => Promise<InvokeResult>;

export const POLICY_FILE = join(__dirname, '..', 'data', 'policy', 'implementation-opinions.md');

interface DemoArticle {
  title: string;
  digest: string;
  tags: string[];
  markdown: string;
}

/** The county policy: title from its first heading, body without it. */
export function policyArticle(): DemoArticle {
  const text = readFileSync(POLICY_FILE, 'utf8');
  const m = /^#\s+(.+)\n+/.exec(text);
  return {
    title: m ? m[1].trim() : '关于进一步加强农村留守儿童关爱保护工作的实施意见',
    digest: '全县农村留守儿童关爱保护实施意见：强化监护责任，打造未成年人社会保护平台，加强在校关爱，建立关爱阵地和服务队伍，推动社会力量参与。',
    tags: ['本县政策'],
    markdown: m ? text.slice(m[0].length) : text,
  };
}

/** Invented short explainers (plain-language summaries written for the demo). */
export const EXPLAINERS: DemoArticle[] = [
  {
    title: '一图读懂未成年人保护法中的“六大保护”',
    digest: '家庭、学校、社会、网络、政府、司法六方面共同守护未成年人；发现侵害要及时报告。',
    tags: ['未成年人保护法'],
    markdown: [
      '修订后的《中华人民共和国未成年人保护法》自2021年6月1日起施行，从六个方面织密保护网：',
      '',
      '1. **家庭保护**：父母是第一责任人。外出务工不能完全履行监护职责的，要委托有照护能力的人代为照护，并经常与孩子联系。',
      '2. **学校保护**：学校关心爱护学生，对留守儿童等给予特别关爱。',
      '3. **社会保护**：村（居）民委员会协助做好留守儿童的信息登记和关爱工作。',
      '4. **网络保护**：防止未成年人沉迷网络。',
      '5. **政府保护**：民政部门承担临时监护、长期监护等职责。',
      '6. **司法保护**：办理涉及未成年人的案件，照顾未成年人身心特点。',
      '',
      '> 发现儿童独自居住、失踪或受到侵害，请立即向村（居）委会、乡镇或公安机关报告。',
      '',
      '法律全文见[国家法律法规数据库](https://flk.npc.gov.cn/)。',
    ].join('\n'),
  },
  {
    title: '预防未成年人犯罪，家长可以这样做',
    digest: '及早发现不良行为，家校配合、及时干预，是预防未成年人犯罪的关键。',
    tags: ['预防未成年人犯罪法'],
    markdown: [
      '《中华人民共和国预防未成年人犯罪法》同样自2021年6月1日起施行，强调**分级预防、及早干预**。',
      '',
      '## 留意这些信号',
      '',
      '- 经常旷课、夜不归宿；',
      '- 沉迷网络游戏，结交有不良行为的人；',
      '- 携带管制刀具，参与打架斗殴。',
      '',
      '## 家长能做什么',
      '',
      '监护人发现孩子有不良行为，要及时制止并加强管教；不在身边的父母，要与受委托照护人和学校保持联系，共同教育孩子。',
    ].join('\n'),
  },
  {
    title: '不在孩子身边，家庭教育责任不能缺位',
    digest: '委托他人照护孩子的父母，要与照护人、孩子保持联系，共同履行家庭教育责任。',
    tags: ['家庭教育促进法'],
    markdown: [
      '《中华人民共和国家庭教育促进法》自2022年1月1日起施行。外出务工的父母委托他人照护孩子的，仍要履行家庭教育责任：',
      '',
      '- 与照护人、孩子保持联系，定期了解孩子的学习、生活和心理状况；',
      '- 多用亲情电话、视频与孩子交流，倾听孩子的想法；',
      '- 与照护人、学校配合，共同教育孩子。',
      '',
      '县妇联、团县委等单位可为家长提供家庭教育指导服务。',
    ].join('\n'),
  },
];

const POLL_TRIES = 16;
const POLL_EVERY_MS = 500;

/**
 * Publishes the demo articles.
 * @returns the summary line for the start banner
 */
export async function seedArticles(invoke: SeedInvoke | undefined): Promise<string> {
  if (!invoke) return '政策文章：跳过（无函数调用器）';
  const publisher: InvocationIdentity = { openid: personaOpenid('publisher'), source: 'wx_client' };
  const reviewer: InvocationIdentity = { openid: personaOpenid('reviewer'), source: 'wx_client' };
  const call = async (action: string, data: unknown, who: InvocationIdentity): Promise<Record<string, unknown>> => {
    const r = await invoke('articles', { action, data }, who);
    if (!r.ok) throw Object.assign(new Error(`articles.${action}: ${r.code} ${r.message}`), { code: r.code });
    const env = r.result as { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
    if (!env.ok) throw new Error(`articles.${action}: ${env.error?.code} ${env.error?.message}`);
    return env.data ?? {};
  };

  const ids: string[] = [];
  try {
    for (const a of [policyArticle(), ...EXPLAINERS]) {
      const created = await call('createArticle', a, publisher);
      const articleId = String(created.id);
      await call('submitForReview', { articleId }, publisher);
      await call('reviewArticle', { articleId, decision: 'approve' }, reviewer);
      await call('publishArticle', { articleId }, publisher);
      ids.push(articleId);
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FUNCTION_NOT_FOUND') return '政策文章：跳过（articles 函数未构建）';
    throw err;
  }

  let published = 0;
  for (let i = 0; i < POLL_TRIES; i++) {
    await invoke('articles', { Type: 'Timer', TriggerName: 'pollPublishJobs', Time: new Date().toISOString(), Message: '' }, { source: 'scf' });
    const list = await call('listArticles', { limit: 50 }, {});
    published = ((list.articles as unknown[]) ?? []).length;
    if (published >= ids.length) break;
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
  return `政策文章：${ids.length} 篇经编辑、审核后发布到本地公众号（已发布 ${published} 篇；首篇为本县实施意见）`;
}
