import { createGroupCommitter } from '../../src/store/groupCommit';

/** A commit that waits until the test releases it, recording each group it was given. */
function controlledCommit() {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const commitGroup = (items: number[]): Promise<string[]> => {
    groups.push(items);
    return new Promise((resolve, reject) => {
      releases.push(() => (items.includes(-1) ? reject(new Error('bad item')) : resolve(items.map((item) => `done ${item}`))));
    });
  };
  const releaseNext = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, commitGroup, releaseNext };
}

test('submissions arriving during a commit go together into the next one, each resolved after its commit', async () => {
  const commit = controlledCommit();
  const committer = createGroupCommitter<number, string>({ ...commit, weightOf: () => 1, maxGroupWeight: 100, maxInFlight: 1 });
  const settled: string[] = [];
  const results = [1, 2, 3, 4].map((item) => committer.submit(item).then((result) => settled.push(result)));
  await new Promise((resolve) => setImmediate(resolve));
  expect(commit.groups).toEqual([[1]]);
  expect(settled).toEqual([]);
  await commit.releaseNext();
  expect(settled).toEqual(['done 1']);
  expect(commit.groups).toEqual([[1], [2, 3, 4]]);
  await commit.releaseNext();
  await Promise.all(results);
  expect(settled).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
});

test('maxInFlight commits run at once, and a group is cut at maxGroupWeight', async () => {
  const commit = controlledCommit();
  const committer = createGroupCommitter<number, string>({ ...commit, weightOf: (item) => item, maxGroupWeight: 10, maxInFlight: 2 });
  const all = [1, 2, 6, 3, 9, 20].map((item) => committer.submit(item));
  await new Promise((resolve) => setImmediate(resolve));
  expect(commit.groups).toEqual([[1], [2]]);
  for (let round = 0; round < 5; round += 1) await commit.releaseNext();
  await Promise.all(all);
  expect(commit.groups).toEqual([[1], [2], [6, 3], [9], [20]]);
});

test('a failing group is committed again one submission at a time, so only the bad one fails', async () => {
  const commit = controlledCommit();
  const committer = createGroupCommitter<number, string>({ ...commit, weightOf: () => 1, maxGroupWeight: 100, maxInFlight: 1 });
  const outcomes = Promise.allSettled([0, 5, -1, 7].map((item) => committer.submit(item)));
  for (let round = 0; round < 5; round += 1) await commit.releaseNext();
  expect((await outcomes).map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : outcome.reason.message))).toEqual([
    'done 0',
    'done 5',
    'bad item',
    'done 7',
  ]);
  expect(commit.groups).toEqual([[0], [5, -1, 7], [5], [-1], [7]]);
});

test('drain resolves once every submission so far has settled', async () => {
  const commit = controlledCommit();
  const committer = createGroupCommitter<number, string>({ ...commit, weightOf: () => 1, maxGroupWeight: 100, maxInFlight: 1 });
  await committer.drain();
  const results = [1, 2].map((item) => committer.submit(item));
  let drained = false;
  const draining = committer.drain().then(() => (drained = true));
  await commit.releaseNext();
  expect(drained).toBe(false);
  await commit.releaseNext();
  await draining;
  await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2']);
});
