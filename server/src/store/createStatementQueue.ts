/**
 * Statements waiting for a connection, writes first: a batch's group commit goes before the page
 * reads that arrived ahead of it, so readers cannot push a batch past the tracker's timeout
 * (PGlite has one connection; on PostgreSQL it bounds the connections reads may hold). So that
 * reads are never starved by a stream of writes, one waiting read goes after every few writes.
 */
export type StatementKind = 'write' | 'read';

export interface StatementQueue {
  /** Runs `task` once one of the `concurrency` places is free, writes before reads. */
  run<T>(kind: StatementKind, task: () => Promise<T>): Promise<T>;
}

/** Writes that may go in a row while a read waits. */
const WRITES_BEFORE_A_READ = 4;

export function createStatementQueue(concurrency: number): StatementQueue {
  const writes: (() => void)[] = [];
  const reads: (() => void)[] = [];
  let running = 0;
  let writesInARow = 0;
  let scheduled = false;

  const startNext = (): void => {
    scheduled = false;
    while (running < concurrency && writes.length + reads.length > 0) {
      const readsTurn = reads.length > 0 && (writes.length === 0 || writesInARow >= WRITES_BEFORE_A_READ);
      writesInARow = readsTurn || reads.length === 0 ? 0 : writesInARow + 1;
      const start = (readsTurn ? reads.shift() : writes.shift()) as () => void;
      running += 1;
      start();
    }
  };
  // The next statement is chosen on the next turn of the event loop, not at once: a group commit
  // submits its next group in the promise callbacks of the last one, and must find its place first.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startNext);
  };

  return {
    run<T>(kind: StatementKind, task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              running -= 1;
              schedule();
            });
        };
        (kind === 'write' ? writes : reads).push(start);
        schedule();
      });
    },
  };
}
