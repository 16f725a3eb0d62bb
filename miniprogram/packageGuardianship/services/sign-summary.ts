/**
 * The plain-language summary shown above the 监护责任确认书 before signing: what the signing
 * party promises, in short everyday sentences (长辈模式 reads it large and, where speech is
 * configured, aloud). It restates the duties of the county's built-in text
 * (cloudfunctions/guardianship/src/templates.ts, policy §二(一)); the full text below it is what
 * is signed.
 */
import type { PartyKey } from '../../contracts/guardianship';

const PARENT = [
  '您是孩子的法定监护人，出去打工也还要照管孩子。',
  '要把孩子托付给能照顾他的大人，不满16岁的孩子不能一个人住。',
  '每个星期至少和孩子联系一次，问问他的生活、学习和心情。',
  '换了打工的地方或电话号码，要告诉村委会。',
  '要让孩子上完九年义务教育，不能让他不上学。',
];

const ENTRUSTED = [
  '孩子的父母把孩子托付给您照顾。',
  '您负责孩子每天的吃饭、穿衣、安全，还要教他学好。',
  '发现孩子身体、心情或行为不对劲，或者被人欺负、伤害，要马上告诉孩子父母、学校和村委会，必要时报警。',
  '如果您身体不好、照顾不了了，要及时告诉孩子父母和村委会。',
];

const VILLAGE = [
  '村委会有专门的留守儿童保护专干，定期上门看望孩子，给每个孩子建档。',
  '帮助和督促父母、照护人尽到责任。',
  '发现孩子一个人住、走失，或者没人能照顾时，第一时间报告乡镇和派出所。',
];

/** The summary sentences for the party about to sign. */
export function plainSummary(party: PartyKey | string): string[] {
  const duties = party === 'father' || party === 'mother' ? PARENT : party === 'entrusted' ? ENTRUSTED : party === 'village' ? VILLAGE : [];
  return [...duties, '所有人签完字，确认书就生效；有不明白的地方，可以请村专干讲给您听。'];
}
