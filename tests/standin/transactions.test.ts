/**
 * Transactions through node-sdk (`runTransaction`, `startTransaction`): all-or-nothing commit,
 * rollback without trace (also after a restart), reading one's own writes, write conflicts with
 * other transactions and with plain writes, retry after a conflict, and the idle timeout.
 */
import { codeOf, startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
  await t.db.createCollection('accounts');
  await t.db.createCollection('ledger');
});
afterAll(() => t.stop());

beforeEach(async () => {
  await t.db.collection('ledger').where({}).remove();
  await t.db.collection('accounts').where({}).remove();
  await t.db.collection('accounts').add([
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 0 },
  ]);
});

async function balance(id: string): Promise<number> {
  return (await t.db.collection('accounts').doc(id).get()).data[0].balance;
}

describe('commit and rollback', () => {
  test('runTransaction commits every write together', async () => {
    const out = await t.db.runTransaction(async (tx: any) => {
      const a = (await tx.collection('accounts').doc('a').get()).data;
      await tx.collection('accounts').doc('a').update({ balance: a.balance - 30 });
      await tx.collection('accounts').doc('b').update({ balance: t.db.command.inc(30) });
      await tx.collection('ledger').add({ _id: 'entry-1', from: 'a', to: 'b', amount: 30 });
      return 'done';
    });
    expect(out).toBe('done');
    expect(await balance('a')).toBe(70);
    expect(await balance('b')).toBe(30);
    expect((await t.db.collection('ledger').doc('entry-1').get()).data).toHaveLength(1);
  });

  test('writes stay invisible to others until commit; the transaction reads its own writes', async () => {
    const tx: any = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ balance: 1 });
    await tx.collection('ledger').add({ _id: 'pending', amount: 1 });
    await tx.collection('accounts').doc('b').remove();

    expect((await tx.collection('accounts').doc('a').get()).data.balance).toBe(1);
    expect((await tx.collection('ledger').doc('pending').get()).data).toMatchObject({ amount: 1 });
    expect((await tx.collection('accounts').doc('b').get()).data).toBeNull();
    const inTx = await tx.collection('accounts').where({}).get();
    expect(inTx.data.map((d: any) => [d._id, d.balance])).toEqual([['a', 1]]);

    expect(await balance('a')).toBe(100);
    expect((await t.db.collection('ledger').doc('pending').get()).data).toEqual([]);
    expect(await balance('b')).toBe(0);

    await tx.commit();
    expect(await balance('a')).toBe(1);
    expect((await t.db.collection('ledger').doc('pending').get()).data).toHaveLength(1);
    expect((await t.db.collection('accounts').doc('b').get()).data).toEqual([]);
  });

  test('a throwing callback leaves no trace', async () => {
    const err = await t.db
      .runTransaction(async (tx: any) => {
        await tx.collection('accounts').doc('a').update({ balance: 0 });
        await tx.collection('ledger').add({ _id: 'never', amount: 100 });
        throw new Error('余额不足');
      })
      .catch((e: Error) => e);
    expect((err as Error).message).toBe('余额不足');
    expect(await balance('a')).toBe(100);
    expect((await t.db.collection('ledger').count()).total).toBe(0);
  });

  test('rollback(reason) rejects with the reason and leaves no trace, also after a restart', async () => {
    const reason = await t.db
      .runTransaction(async (tx: any) => {
        await tx.collection('accounts').doc('a').update({ balance: 5 });
        await tx.collection('accounts').doc('c').set({ balance: 5 });
        await tx.rollback({ code: 'NOPE' });
      })
      .catch((e: unknown) => e);
    expect(reason).toEqual({ code: 'NOPE' });
    await t.restart();
    expect(await balance('a')).toBe(100);
    expect((await t.db.collection('accounts').doc('c').get()).data).toEqual([]);
    expect((await t.db.collection('accounts').count()).total).toBe(2);
  });

  test('a committed transaction survives a restart', async () => {
    await t.db.runTransaction(async (tx: any) => {
      await tx.collection('accounts').doc('b').update({ balance: 42 });
    });
    await t.restart();
    expect(await balance('b')).toBe(42);
  });

  test('committing an ended transaction fails with DATABASE_TRANSACTION_FAIL', async () => {
    const tx: any = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ balance: 7 });
    await tx.commit();
    expect(await codeOf(tx.commit())).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await codeOf(tx.collection('accounts').doc('a').get())).toBe('DATABASE_TRANSACTION_FAIL');
  });
});

describe('conflicts', () => {
  test('a second transaction writing a document held by another gets DATABASE_TRANSACTION_CONFLICT', async () => {
    const t1: any = await t.db.startTransaction();
    const t2: any = await t.db.startTransaction();
    await t1.collection('accounts').doc('a').update({ balance: 1 });
    await t2.collection('accounts').doc('b').update({ balance: 2 });
    expect(await codeOf(t2.collection('accounts').doc('a').update({ balance: 3 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    // The losing transaction is aborted: its other writes are gone and b is free again.
    expect(await codeOf(t2.commit())).toBe('DATABASE_TRANSACTION_FAIL');
    await t.db.collection('accounts').doc('b').update({ balance: 9 });
    await t1.commit();
    expect(await balance('a')).toBe(1);
    expect(await balance('b')).toBe(9);
  });

  test('a plain write to a document held by an open transaction gets the conflict code', async () => {
    const tx: any = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ balance: 50 });
    expect(await codeOf(t.db.collection('accounts').doc('a').update({ balance: 0 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await codeOf(t.db.collection('accounts').where({ balance: 100 }).update({ balance: 0 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await codeOf(t.db.collection('accounts').doc('a').remove())).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await codeOf(t.db.collection('accounts').where({ _id: 'a' }).updateAndReturn({ balance: 0 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    // Documents the transaction does not hold stay writable, and plain reads see committed data.
    await t.db.collection('accounts').doc('b').update({ balance: 1 });
    expect(await balance('a')).toBe(100);
    await tx.rollback();
    await t.db.collection('accounts').doc('a').update({ balance: 0 });
    expect(await balance('a')).toBe(0);
  });

  test('a transaction writing a document changed after it read it gets a conflict', async () => {
    const tx: any = await t.db.startTransaction();
    const seen = (await tx.collection('accounts').doc('a').get()).data.balance;
    await t.db.collection('accounts').doc('a').update({ balance: t.db.command.inc(1) });
    expect(await codeOf(tx.collection('accounts').doc('a').update({ balance: seen + 10 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await balance('a')).toBe(101);
  });

  test('two conflicting read-modify-write transactions both end correct after a retry', async () => {
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => (releaseFirst = r));
    let firstWrote!: () => void;
    const firstHasWritten = new Promise<void>((r) => (firstWrote = r));
    let secondAttempts = 0;

    const first = t.db.runTransaction(async (tx: any) => {
      const a = (await tx.collection('accounts').doc('a').get()).data;
      await tx.collection('accounts').doc('a').update({ balance: a.balance + 10 });
      firstWrote();
      await firstMayCommit;
    });
    await firstHasWritten;
    const second = t.db.runTransaction(async (tx: any) => {
      secondAttempts += 1;
      if (secondAttempts > 1) await first; // the retry runs after the first committed
      const a = (await tx.collection('accounts').doc('a').get()).data;
      if (secondAttempts === 1) releaseFirst();
      await tx.collection('accounts').doc('a').update({ balance: a.balance + 1 });
    });
    await Promise.all([first, second]);
    expect(secondAttempts).toBe(2);
    expect(await balance('a')).toBe(111);
  });
});

describe('idle transactions', () => {
  test('a transaction idle for the timeout is aborted and its documents released', async () => {
    const short = await startTestStandin({ transactionIdleMs: 300 });
    try {
      await short.db.createCollection('x');
      await short.db.collection('x').add({ _id: 'd', v: 1 });
      const tx: any = await short.db.startTransaction();
      await tx.collection('x').doc('d').update({ v: 2 });
      await new Promise((r) => setTimeout(r, 700));
      await short.db.collection('x').doc('d').update({ v: 3 });
      expect(await codeOf(tx.commit())).toBe('DATABASE_TRANSACTION_FAIL');
      expect((await short.db.collection('x').doc('d').get()).data[0].v).toBe(3);
    } finally {
      await short.stop();
    }
  });

  test('moving the stand-in clock past 10 s idles a transaction out (default timeout)', async () => {
    const tx: any = await t.db.startTransaction();
    await tx.collection('accounts').doc('a').update({ balance: 1 });
    expect(await codeOf(t.db.collection('accounts').doc('a').update({ balance: 2 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    t.standin.clock.offset(11_000);
    try {
      await t.db.collection('accounts').doc('a').update({ balance: 2 });
      expect(await codeOf(tx.commit())).toBe('DATABASE_TRANSACTION_FAIL');
      expect(await balance('a')).toBe(2);
    } finally {
      t.standin.clock.reset();
    }
  });
});
