/**
 * Group commit: submissions that arrive while a transaction runs wait, then go together into the
 * next one (up to `maxGroupWeight` events), so one commit carries many callers' batches. Each
 * caller still gets its own result, and only after the commit that holds its batch.
 */
export interface GroupCommitOptions<Item, Result> {
  /** Commits a group in one transaction; returns one result per item, in order. */
  commitGroup: (items: Item[]) => Promise<Result[]>;
  /** How much an item weighs (its event count), to cap a group's size. */
  weightOf: (item: Item) => number;
  /** Groups cut past this weight (a single heavier item still goes alone). */
  maxGroupWeight: number;
  /** Transactions running at once: 1 for a single connection (PGlite). */
  maxInFlight: number;
}

export interface GroupCommitter<Item, Result> {
  submit(item: Item): Promise<Result>;
  /** Resolves once every submission made so far has settled. */
  drain(): Promise<void>;
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommitter<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommitter<Item, Result> {
  const waiting: Pending<Item, Result>[] = [];
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];

  const takeGroup = (): Pending<Item, Result>[] => {
    const group: Pending<Item, Result>[] = [];
    let weight = 0;
    while (waiting.length > 0) {
      const nextWeight = options.weightOf(waiting[0].item);
      if (group.length > 0 && weight + nextWeight > options.maxGroupWeight) break;
      weight += nextWeight;
      group.push(waiting.shift() as Pending<Item, Result>);
    }
    return group;
  };

  // A group that fails is retried one submission at a time, so one bad batch fails only its caller.
  const commitEach = async (group: Pending<Item, Result>[]): Promise<void> => {
    for (const pending of group) {
      try {
        const [result] = await options.commitGroup([pending.item]);
        pending.resolve(result);
      } catch (error) {
        pending.reject(error);
      }
    }
  };

  const run = async (group: Pending<Item, Result>[]): Promise<void> => {
    try {
      const results = await options.commitGroup(group.map((pending) => pending.item));
      group.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      if (group.length === 1) group[0].reject(error);
      else await commitEach(group);
    }
  };

  const pump = (): void => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const group = takeGroup();
      inFlight += 1;
      void run(group).finally(() => {
        inFlight -= 1;
        pump();
        if (inFlight === 0 && waiting.length === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          waiters.forEach((wake) => wake());
        }
      });
    }
  };

  return {
    submit(item) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        pump();
      });
    },
    drain() {
      if (inFlight === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
