/**
 * Demo seed step for the registry: `demo-child-1` and `demo-child-2` (siblings in 尧渡镇 团结社区,
 * the children the relationship personas are bound to), plus a few hundred invented children
 * spread over the county's towns and villages so the summary, search and dashboards have shape.
 *
 * Everyone is invented: names drawn from common surnames and given-name characters (a few rare
 * ones such as 𠮷 included), ID numbers built here with valid check digits, random mobile numbers.
 * ID numbers and phones are sealed (encrypted) like the functions store them, so the stack
 * process needs the data key (local/stack.ts sets SHOUWANG_DATA_KEY before seeding).
 */
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import type { NormalizedCensusRow } from '../../cloudfunctions/_shared/contracts/census';
import type { ChildDoc, HouseholdDoc } from '../../cloudfunctions/_shared/contracts/registry';
import { shanghaiDay, addDays } from '../../cloudfunctions/_shared/time';
import { childFromRow } from '../../cloudfunctions/registry/src/model';
import { regionDocs } from './regions';
import { DEMO_CHILD_IDS, DEMO_VILLAGE, DEMO_TOWNSHIP, DEMO_COUNTY, DEMO_SCHOOL_ID } from './personas';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '汪', '章', '方', '程'];
const GIVEN = ['子', '浩', '欣', '怡', '宇', '轩', '涵', '梓', '萱', '博', '文', '雨', '佳', '俊', '晨', '思', '一', '可', '嘉', '明', '𠮷', '䶮', '玥', '彧'];
const PLACES = ['浙江省杭州市', '浙江省宁波市', '江苏省苏州市', '上海市', '广东省深圳市', '广东省东莞市', '安徽省合肥市', '福建省厦门市'];

/** Number of invented children besides the two demo children. */
export const DEMO_CHILD_COUNT = 320;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GB 11643 check character of the first 17 digits. */
export function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, d, i) => s + Number(d) * w[i], 0);
  return '10X98765432'[sum % 11];
}

/** An invented 18-digit ID number of the county with a valid check digit. */
export function fakeId(birthDate: string, gender: 'male' | 'female', seq: number): string {
  const order = String((seq * 2 + (gender === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const s17 = `${DEMO_COUNTY}${birthDate.replace(/-/g, '')}${order}`;
  return s17 + checkChar(s17);
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const phone = (r: Rand) => `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
const name = (r: Rand, surname?: string) => (surname ?? pick(r, SURNAMES)) + pick(r, GIVEN) + (r() < 0.6 ? pick(r, GIVEN) : '');

function schoolingFor(age: number, r: Rand): NormalizedCensusRow['schooling'] {
  if (age < 3) return 'notInKindergarten';
  if (age < 6) return r() < 0.85 ? 'kindergarten' : 'notInKindergarten';
  if (age < 12) return r() < 0.98 ? 'primary' : 'droppedOut';
  if (age < 15) return r() < 0.96 ? 'juniorMiddle' : 'droppedOut';
  return pick(r, ['juniorMiddle', 'seniorHigh', 'vocational', 'notInSchool'] as const);
}

/**
 * Seed step: writes the demo children and their households.
 * @returns a one-line summary for the start banner
 */
export async function seedRegistry(app: CloudApp, now: Date): Promise<string> {
  const db = app.database();
  const today = shanghaiDay(now);
  const r = prng(20261130);
  const villages = regionDocs().filter((d) => d.level === 'village');
  const children: ChildDoc[] = [];
  const households: HouseholdDoc[] = [];
  let seq = 1;

  const family = (villageCode: string, kids: { id?: string; age: number }[], opts: { father?: string; mother?: string; caregiver?: string; surname?: string } = {}) => {
    const surname = opts.surname ?? pick(r, SURNAMES);
    const bothAway = r() < 0.85;
    const guardianship = pick(r, ['good', 'good', 'good', 'fair', 'fair', 'entrustedInsufficient', 'parentIncapable', 'none'] as const);
    const group = `${1 + Math.floor(r() * 8)}组`;
    const base: Partial<NormalizedCensusRow> = {
      fatherName: opts.father ?? name(r, surname),
      fatherWorkPlace: pick(r, PLACES),
      fatherPhone: phone(r),
      motherName: opts.mother ?? name(r),
      motherWorkPlace: pick(r, PLACES),
      motherPhone: phone(r),
      caregiverName: opts.caregiver ?? name(r, surname),
      caregiverPhone: phone(r),
      caregiverRelation: pick(r, ['祖母', '祖父', '外祖母', '外祖父']),
      hasEntrustedGuardian: guardianship !== 'none',
      parentsBothAway: bothAway,
      oneAwayOtherIncapable: !bothAway,
      ...(bothAway ? {} : { incapableParent: pick(r, ['father', 'mother'] as const) }),
      guardianshipType: guardianship,
      familyIncome: ['migrantWork', ...(r() < 0.4 ? (['farming'] as const) : [])],
      ...(r() < 0.15 ? { assistance: ['minimumLiving' as const] } : {}),
      villageCode,
      townshipCode: villageCode.slice(0, 9),
      group,
    };
    let hhId = '';
    for (const k of kids) {
      const birthDate = addDays(today, -Math.floor(k.age * 365.25 + 30 + r() * 300));
      const gender = r() < 0.52 ? 'male' : 'female';
      const row = {
        ...base,
        name: name(r, surname),
        idNumber: fakeId(birthDate, gender, seq),
        gender,
        birthDate,
        ethnicity: '汉族',
        health: r() < 0.94 ? 'healthy' : pick(r, ['disabled', 'seriouslyIll'] as const),
        boarding: k.age >= 10 && r() < 0.4,
        schooling: schoolingFor(k.age, r),
        residence: `${base.group}`,
      } as NormalizedCensusRow;
      const childId = k.id ?? `demo-c-${String(seq).padStart(4, '0')}`;
      hhId = hhId || `demo-hh-${String(seq).padStart(4, '0')}`;
      const child = childFromRow(row, { childId, householdId: hhId, countyCode: DEMO_COUNTY, source: { kind: 'demo' } }, now);
      if (villageCode === DEMO_VILLAGE && k.id) child.schoolId = DEMO_SCHOOL_ID;
      children.push(child);
      seq++;
    }
    households.push({ _id: hhId, countyCode: DEMO_COUNTY, townshipCode: villageCode.slice(0, 9), villageCode, group: base.group, childIds: children.slice(-kids.length).map((c) => c._id), createdAt: now });
  };

  // The personas' children: father 陈建国 (parent persona), grandmother 刘桂兰 (entrusted guardian).
  family(DEMO_VILLAGE, [{ id: DEMO_CHILD_IDS[0], age: 9 }, { id: DEMO_CHILD_IDS[1], age: 6 }], { father: '陈建国', caregiver: '刘桂兰', surname: '陈' });

  // A village officer's own village should have some shape too.
  for (let i = 0; i < 10; i++) family(DEMO_VILLAGE, Array.from({ length: 1 + (i % 3) }, () => ({ age: Math.floor(r() * 16) })));

  while (children.length < DEMO_CHILD_COUNT + 2) {
    const inDemoTown = r() < 0.25;
    const pool = inDemoTown ? villages.filter((v) => v.code.startsWith(DEMO_TOWNSHIP)) : villages;
    const village = pick(r, pool).code;
    const size = 1 + Math.floor(r() * r() * 3);
    family(village, Array.from({ length: size }, () => ({ age: Math.floor(r() * 16) })));
  }

  for (let i = 0; i < children.length; i += 100) await db.collection('children').add(children.slice(i, i + 100) as never);
  for (let i = 0; i < households.length; i += 100) await db.collection('households').add(households.slice(i, i + 100) as never);
  const townships = new Set(children.map((c) => c.townshipCode)).size;
  return `registry: ${children.length} 名演示儿童（含 ${DEMO_CHILD_IDS.join('、')}），${households.length} 户，分布在 ${townships} 个乡镇`;
}
