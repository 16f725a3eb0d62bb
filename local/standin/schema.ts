/**
 * What the deploy plan sets on the stand-in besides collections: each collection's indexes and
 * security rule, and the storage rules. Held in memory: `npm start` and the test stacks apply the
 * plan on every start (scripts/deploy/), exactly as a deploy applies it to CloudBase.
 */

/** One index as CloudBase describes it: a name, ordered keys, unique or not. */
export interface StandinIndex {
  name: string;
  keys: Array<{ field: string; direction: 1 | -1 }>;
  unique: boolean;
}

/** A collection's security rule, CloudBase's custom-rule JSON (`{ read, write }`). */
export type StandinRule = Record<string, unknown>;

/** Indexes and rules per collection, and the storage rules. */
export class Schema {
  private readonly indexes = new Map<string, Map<string, StandinIndex>>();
  private readonly rules = new Map<string, StandinRule>();
  private storage: unknown = null;

  /** The indexes of a collection, in creation order. */
  indexesOf(collection: string): StandinIndex[] {
    return [...(this.indexes.get(collection)?.values() ?? [])];
  }

  /** Creates (or replaces, same name) and drops indexes of a collection. */
  updateIndexes(collection: string, create: StandinIndex[], drop: string[]): void {
    let m = this.indexes.get(collection);
    if (!m) this.indexes.set(collection, (m = new Map()));
    for (const name of drop) m.delete(name);
    for (const idx of create) m.set(idx.name, { name: idx.name, keys: idx.keys.map((k) => ({ field: k.field, direction: k.direction })), unique: idx.unique === true });
  }

  /** The security rule of a collection, or null when none was applied. */
  ruleOf(collection: string): StandinRule | null {
    return this.rules.get(collection) ?? null;
  }

  setRule(collection: string, rule: StandinRule): void {
    this.rules.set(collection, rule);
  }

  storageRules(): unknown {
    return this.storage;
  }

  setStorageRules(rules: unknown): void {
    this.storage = rules;
  }

  /** Forgets everything (admin reset: the collections are gone too). */
  reset(): void {
    this.indexes.clear();
    this.rules.clear();
    this.storage = null;
  }
}
