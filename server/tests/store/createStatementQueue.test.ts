// The queue in front of a store's connection(s): writes go before waiting reads, a read still
// goes after every few writes, no more run at once than allowed, and a failure is its caller's.
import fc from 'fast-check';
import { createStatementQueue, type StatementKind } from '../../src/store/createStatementQueue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `kinds` queued at once on a queue of `concurrency`; returns the order they started in. */
async function startOrder(kinds: StatementKind[], concurrency = 1) {
  const queue = createStatementQueue(concurrency);
  const started: string[] = [];
  let running = 0;
  let most = 0;
  await Promise.all(kinds.map((kind, index) => queue.run(kind, async () => {
    running += 1;
    most = Math.max(most, running);
    started.push(`${kind[0]}${index}`);
    await tick();
    running -= 1;
  })));
  return { started, most };
}

describe('createStatementQueue', () => {
  it('starts writes before the reads queued ahead of them', async () => {
    expect((await startOrder(['read', 'read', 'write', 'read', 'write'])).started).toEqual(['w2', 'w4', 'r0', 'r1', 'r3']);
  });

  it('lets a waiting read go after four writes in a row, so reads are never starved', async () => {
    const kinds: StatementKind[] = ['read', ...Array<StatementKind>(10).fill('write')];
    expect((await startOrder(kinds)).started).toEqual(['w1', 'w2', 'w3', 'w4', 'r0', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10']);
  });

  it('runs no more than its concurrency at once, and everything exactly once (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom<StatementKind>('read', 'write'), { maxLength: 30 }), fc.integer({ min: 1, max: 4 }),
      async (kinds, concurrency) => {
        const { started, most } = await startOrder(kinds, concurrency);
        expect(most).toBeLessThanOrEqual(concurrency);
        expect(started.length).toBe(kinds.length);
        expect(new Set(started).size).toBe(kinds.length);
      }), { numRuns: 50 });
  });

  it('rejects only the failing task’s caller and goes on with the rest', async () => {
    const queue = createStatementQueue(1);
    const failing = queue.run('write', async () => {
      throw new Error('boom');
    });
    const thrown = queue.run('read', () => {
      throw new Error('sync boom');
    });
    const fine = queue.run('read', async () => 42);
    await expect(failing).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync boom');
    await expect(fine).resolves.toBe(42);
  });
});
