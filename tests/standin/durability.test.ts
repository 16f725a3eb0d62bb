/**
 * Durability: every acknowledged write survives `kill -9` of the stand-in process and a
 * restart on the same data folder, the SQLite file stays sound, and the natural (insertion)
 * order is preserved.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sdkApp, tempDir } from './support';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'local', 'standin', 'main.ts');

interface Proc {
  child: ChildProcess;
  url: string;
}

/** Spawns `local/standin/main.ts` as its own Node process and waits for `READY <url>`. */
function spawnStandin(dataDir: string): Promise<Proc> {
  return new Promise((resolveProc, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, TENCENTCLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`stand-in did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (c) => {
      out += String(c);
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveProc({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (c) => (err += String(c)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stand-in exited early (${code}): ${err}`));
    });
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

test('1,000 acknowledged writes survive kill -9 and a restart, in insertion order', async () => {
  const dataDir = tempDir('standin-durable-');
  let proc: Proc | undefined;
  try {
    proc = await spawnStandin(dataDir);
    let app = sdkApp(`${proc.url}/admin`);
    await app.database().createCollection('reports');
    const ids: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const res = await app.database().collection('reports').add({ seq: i, text: `第${i}条报告`, at: new Date(1_700_000_000_000 + i) });
      ids.push(res.id as string);
    }
    // And an update, acknowledged just before the kill.
    await app.database().collection('reports').doc(ids[0]).update({ text: '已更新' });

    await kill9(proc.child);
    proc = undefined;
    expect(existsSync(join(dataDir, 'standin.sqlite-wal'))).toBe(true);

    // The file is sound after the crash (SQLite recovers the WAL on open).
    const raw = new Database(join(dataDir, 'standin.sqlite'));
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.prepare("SELECT COUNT(*) FROM docs WHERE coll = 'reports'").pluck().get()).toBe(1000);
    } finally {
      raw.close();
    }

    proc = await spawnStandin(dataDir);
    app = sdkApp(`${proc.url}/admin`);
    const coll = app.database().collection('reports');
    expect((await coll.count()).total).toBe(1000);
    const seen: any[] = [];
    for (let skip = 0; skip < 1000; skip += 1000) seen.push(...(await coll.skip(skip).limit(1000).get()).data);
    expect(seen.map((d) => d._id)).toEqual(ids);
    expect(seen.map((d) => d.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(seen[0].text).toBe('已更新');
    expect(seen[999].text).toBe('第999条报告');
    expect(seen[999].at).toEqual(new Date(1_700_000_000_999));
  } finally {
    if (proc) await kill9(proc.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
