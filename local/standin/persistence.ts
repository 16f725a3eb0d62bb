/**
 * Write-through persistence of the stand-in database in one SQLite file (WAL mode) under the
 * data folder. The in-memory collections are authoritative while running; every acknowledged
 * write is committed here first, so it survives `kill -9` and a restart. One row per document,
 * its body as canonical EJSON, plus a global insertion sequence that restores natural order.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** SQLite value of a document id: strings and numbers as themselves, other ids as EJSON text. */
export type SqlId = string | number;

/** One row change inside a batch. `body: null` deletes the row. */
export interface RowChange {
  coll: string;
  id: SqlId;
  seq: number;
  body: string | null;
}

/** A stored row as loaded at start-up. */
export interface StoredRow {
  coll: string;
  seq: number;
  body: string;
}

const SCHEMA_VERSION = '1';

/** Owns the SQLite connection and its prepared statements. */
export class Persistence {
  private readonly db: Database.Database;
  private readonly stmts: {
    upsert: Database.Statement;
    del: Database.Statement;
    addColl: Database.Statement;
    dropCollDocs: Database.Statement;
    dropColl: Database.Statement;
  };
  private readonly batch: (changes: RowChange[]) => void;

  /**
   * Opens (creating if needed) `<dataDir>/standin.sqlite`.
   *
   * @param dataDir folder for the data file; created if missing
   * @param synchronous SQLite `synchronous` level: `NORMAL` (default) is durable against a
   *   process crash or `kill -9` in WAL mode; `FULL` also against power loss
   * @throws when the file cannot be opened or is not a stand-in database
   */
  constructor(dataDir: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL') {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'standin.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('foreign_keys = OFF');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS docs (
        coll TEXT NOT NULL,
        id NOT NULL, -- no declared type: no affinity, so the string '1' and the number 1 stay distinct
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (coll, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS docs_by_seq ON docs (coll, seq);
    `);
    const version = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema') as string | undefined;
    if (version === undefined) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', SCHEMA_VERSION);
    } else if (version !== SCHEMA_VERSION) {
      throw new Error(`数据文件版本不兼容：${version}`);
    }
    this.stmts = {
      upsert: this.db.prepare(
        'INSERT INTO docs (coll, id, seq, body) VALUES (?, ?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET seq = excluded.seq, body = excluded.body',
      ),
      del: this.db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?'),
      addColl: this.db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)'),
      dropCollDocs: this.db.prepare('DELETE FROM docs WHERE coll = ?'),
      dropColl: this.db.prepare('DELETE FROM collections WHERE name = ?'),
    };
    this.batch = this.db.transaction((changes: RowChange[]) => {
      for (const c of changes) {
        if (c.body === null) this.stmts.del.run(c.coll, c.id);
        else this.stmts.upsert.run(c.coll, c.id, c.seq, c.body);
      }
    });
  }

  /** Collections in creation order, as `{ name, createdAt }` (ms since epoch). */
  loadCollections(): Array<{ name: string; createdAt: number }> {
    return (this.db.prepare('SELECT name, created_at AS createdAt FROM collections ORDER BY created_at, name').all() as Array<{
      name: string;
      createdAt: number;
    }>);
  }

  /** Iterates all document rows, per collection in insertion order. */
  iterateDocs(): IterableIterator<StoredRow> {
    return this.db.prepare('SELECT coll, seq, body FROM docs ORDER BY coll, seq').iterate() as IterableIterator<StoredRow>;
  }

  /** Highest insertion sequence stored (0 when empty). */
  maxSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM docs').pluck().get() as number) ?? 0;
  }

  /** Records a new collection. @throws on a duplicate name (callers check first). */
  addCollection(name: string, createdAt: number): void {
    this.stmts.addColl.run(name, createdAt);
  }

  /** Applies row changes atomically in one SQLite transaction. */
  apply(changes: RowChange[]): void {
    if (changes.length === 0) return;
    this.batch(changes);
  }

  /**
   * Runs `fn` inside one SQLite transaction, e.g. to create collections and rows together.
   * @returns what `fn` returns; rolls back if it throws
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Removes one collection and its documents. */
  dropCollection(name: string): void {
    this.db.transaction(() => {
      this.stmts.dropCollDocs.run(name);
      this.stmts.dropColl.run(name);
    })();
  }

  /** Removes every collection and document. */
  dropAll(): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM docs; DELETE FROM collections;');
    })();
  }

  /** `PRAGMA integrity_check` result: `'ok'` when the file is sound. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Closes the connection (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
