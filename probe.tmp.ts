import { readdirSync } from 'node:fs';
import { labelAt } from './cloudfunctions/_shared/issues';
const out: string[] = [];
function walk(schema: any, path: (string|number)[], root: any, name: string, depth = 0) {
  if (depth > 8) return;
  const d = schema?._zod?.def; if (!d) return;
  if (d.type === 'object') { for (const [k, v] of Object.entries(d.shape)) { const p = [...path, k]; const l = labelAt(root, p); if (!l) out.push(`${name} ${p.join('.')}`); walk(v, p, root, name, depth+1); } return; }
  if (['optional','default','nullable','prefault','readonly','catch'].includes(d.type)) return walk(d.innerType, path, root, name, depth+1);
  if (d.type === 'pipe') return walk(d.in, path, root, name, depth+1);
  if (d.type === 'array') return walk(d.element, [...path, 0], root, name, depth+1);
}
for (const f of readdirSync('cloudfunctions/_shared/contracts')) {
  const m = require('./cloudfunctions/_shared/contracts/' + f);
  for (const v of Object.values(m) as any[]) if (v && v.actions && v.fn) for (const [a, spec] of Object.entries(v.actions) as any[]) if (spec.input) walk(spec.input, [], spec.input, `${v.fn}.${a}`);
}
console.log(out.length); const byFn: Record<string, number> = {}; for (const o of out) { const fn = o.split('.')[0]; byFn[fn] = (byFn[fn] ?? 0) + 1; } console.log(byFn);
console.log(out.filter(o=>/^(helpline|articles|accounts|guardianship)/.test(o)).join('\n'));
