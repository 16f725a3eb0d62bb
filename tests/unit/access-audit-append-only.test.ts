/**
 * The audit log is append-only: no code path updates or removes its entries. Every reference to
 * the audit collection in cloud functions must be an insert (`.add(`) or a read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no code updates, replaces or removes audit entries', () => {
  const offenders: string[] = [];
  const root = join(__dirname, '..', '..', 'cloudfunctions');
  for (const f of files(root)) {
    const src = readFileSync(f, 'utf8');
    // A statement that names the audit collection (by constant or literal) and then writes.
    const re = /collection\(\s*(?:C\.auditLog|ACCESS_COLLECTIONS\.auditLog|['"]auditLog['"])\s*\)([\s\S]{0,400}?)(?:;|\n\s*\n)/g;
    for (const m of src.matchAll(re)) {
      if (/\.(update|set|remove|updateAndReturn)\s*\(/.test(m[1])) offenders.push(`${f}: ${m[0].slice(0, 120)}`);
    }
  }
  expect(offenders).toEqual([]);
});

test('the check would catch an update', () => {
  const src = "db.collection(C.auditLog).where({ a: 1 }).update({ b: 2 });";
  const re = /collection\(\s*(?:C\.auditLog|ACCESS_COLLECTIONS\.auditLog|['"]auditLog['"])\s*\)([\s\S]{0,400}?)(?:;|\n\s*\n)/g;
  const m = [...src.matchAll(re)][0];
  expect(/\.(update|set|remove|updateAndReturn)\s*\(/.test(m[1])).toBe(true);
});
