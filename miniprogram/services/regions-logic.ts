/**
 * Pure helpers of the place picker (components/sw-region-picker): cascader choices from the
 * county's divisions, the code a choice stands for, and a code read back as names. No `wx` here
 * (unit-tested in node).
 */
import type { RegionTreeView } from '../contracts/registry';

/** A cascader option (TDesign `t-cascader`: label, value, children). */
export interface RegionChoice {
  label: string;
  value: string;
  children?: RegionChoice[];
}

/** Value of the "the whole township" choice under a township (a township-level answer in a village step). */
const WHOLE = 'whole:';

/**
 * Picker options for `level`:
 * - `township`: townships only;
 * - `village`: township → village;
 * - `any`: township → 「全镇」 or a village (a referral may go to a township or one village).
 */
export function regionChoices(tree: RegionTreeView, level: 'township' | 'village' | 'any'): RegionChoice[] {
  return tree.townships.map((t) => {
    if (level === 'township') return { label: t.name, value: t.code };
    const villages = t.villages.map((v) => ({ label: v.name, value: v.code }));
    return { label: t.name, value: t.code, children: level === 'any' ? [{ label: `全镇（${t.name}）`, value: `${WHOLE}${t.code}` }, ...villages] : villages };
  });
}

/** The division code a picked value stands for (the 「全镇」 choice is its township). */
export function pickedCode(value: string): string {
  return value.startsWith(WHOLE) ? value.slice(WHOLE.length) : value;
}

/** "尧渡镇 · 团结社区" for a village, "尧渡镇" for a township, '' when the code is not in the tree. */
export function regionPath(tree: RegionTreeView, code: string): string {
  for (const t of tree.townships) {
    if (t.code === code) return t.name;
    if (code.startsWith(t.code)) {
      const v = t.villages.find((x) => x.code === code);
      if (v) return `${t.name} · ${v.name}`;
    }
  }
  return '';
}
