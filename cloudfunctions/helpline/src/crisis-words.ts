/**
 * The crisis word list: words that make a helpline request urgent and alert the on-duty
 * supervisor at once (self-harm, suicide, abuse, a missing child). It is a list, not logic: a
 * request is a crisis when its normalised text contains any normalised word as a plain substring.
 *
 * This committed list is the default (version 0). The county edits it through
 * `helpline.setCrisisWords` (supervisors); each edit is stored as a new version in
 * `helplineCrisisWords` and the newest version wins.
 */

/** Default words (version 0). Keep them short: each is matched as a substring. */
export const DEFAULT_CRISIS_WORDS: readonly string[] = [
  // 自伤、自杀
  '自杀',
  '轻生',
  '不想活',
  '活不下去',
  '想死',
  '去死',
  '寻死',
  '结束生命',
  '了结自己',
  '跳楼',
  '跳河',
  '割腕',
  '自残',
  '自伤',
  '安眠药',
  '喝农药',
  '遗书',
  // 侵害、虐待
  '虐待',
  '家暴',
  '殴打',
  '打得很重',
  '性侵',
  '猥亵',
  '强奸',
  '被侵犯',
  '被拐',
  '拐卖',
  // 儿童失踪、独处
  '失踪',
  '走失',
  '找不到孩子',
  '孩子不见了',
  '离家出走',
  '一个人在家好几天',
];

/**
 * Normalises text for matching: Unicode NFKC (full-width letters and digits become half-width,
 * compatibility characters fold), lower case, and no whitespace.
 */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * The words of `list` found in `text` (plain substring after normalisation of both).
 * @returns matched words as listed (deduplicated), empty when none
 */
export function findCrisisWords(text: string, list: readonly string[]): string[] {
  const hay = normaliseForMatch(text);
  const hits: string[] = [];
  for (const w of list) {
    const needle = normaliseForMatch(w);
    if (needle && hay.includes(needle) && !hits.includes(w)) hits.push(w);
  }
  return hits;
}

/** Cleans an edited list: trimmed, non-empty, deduplicated by normalised form, order kept. */
export function cleanWordList(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words) {
    const t = w.trim();
    const k = normaliseForMatch(t);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}
