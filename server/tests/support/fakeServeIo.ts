// The command's input and output captured, for tests of `runServe`: its environment, the lines it
// prints to stdout and stderr, and the stop signal it listens for (SIGINT/SIGTERM), sent by `stop`.
import type { ServeIo } from '../../src/cli/serve';

export function fakeServeIo(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (() => void) | undefined;
  const io: ServeIo = {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    onStop: (handler) => {
      stop = handler;
      return () => undefined;
    },
  };
  return { io, out, err, stop: () => stop?.() };
}
