// The embedded engine replaced after a failure: calls fail at once while it reopens, the old engine
// is closed before a new one opens, reopening is retried, and a closed executor opens nothing more.
import { openRestartingExecutor, type OpenEngine } from '../../src/store/restartingExecutor';
import { StoreUnavailableError } from '../../src/store/storeErrors';
import type { SqlExecutor } from '../../src/store/sqlExecutor';

function engines(openResults: Array<'ok' | 'fail'>) {
  const log: string[] = [];
  const failures: Array<(error: Error) => void> = [];
  let opened = 0;
  const open: OpenEngine = async (onFailure) => {
    const number = opened;
    opened += 1;
    if (openResults[number] === 'fail') {
      log.push(`open ${number} failed`);
      throw new Error('disk still full');
    }
    log.push(`open ${number}`);
    failures[number] = onFailure;
    const engine: SqlExecutor = {
      query: async <Row>() => [{ engine: number }] as Row[],
      read: async <Row>() => [{ engine: number }] as Row[],
      transaction: async (work) => work(engine.query),
      close: async () => void log.push(`close ${number}`),
    };
    return engine;
  };
  return { open, log, fail: (number: number) => failures[number](new Error('No space left on device')) };
}

describe('openRestartingExecutor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('closes a failed engine, answers StoreUnavailableError meanwhile, and opens a new one, retrying', async () => {
    const { open, log, fail } = engines(['ok', 'fail', 'ok']);
    const messages: string[] = [];
    const executor = await openRestartingExecutor(open, (message) => messages.push(message));
    expect(await executor.query('SELECT 1')).toEqual([{ engine: 0 }]);
    fail(0);
    await expect(executor.query('SELECT 1')).rejects.toThrow(StoreUnavailableError);
    await jest.advanceTimersByTimeAsync(1000); // first reopen: fails
    await jest.advanceTimersByTimeAsync(2000); // second: opens
    expect(log).toEqual(['open 0', 'close 0', 'open 1 failed', 'open 2']);
    expect(await executor.query('SELECT 1')).toEqual([{ engine: 2 }]);
    expect(messages).toHaveLength(3);
    fail(0); // a late word from the old engine changes nothing
    expect(await executor.query('SELECT 1')).toEqual([{ engine: 2 }]);
    await executor.close();
    expect(log.at(-1)).toBe('close 2');
  });

  it('opens nothing more once closed', async () => {
    const { open, log, fail } = engines(['ok', 'ok']);
    const executor = await openRestartingExecutor(open, () => undefined);
    fail(0);
    await executor.close();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['open 0', 'close 0']);
  });
});
