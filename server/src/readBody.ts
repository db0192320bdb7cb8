// Reads a request body up to a byte limit and within a time limit. Past the limit it stops at
// once (the caller answers 413 without waiting for the rest); a body that trickles in is cut off
// by the timer instead of holding a connection for Node's default five minutes. A UTF-8 byte order
// mark (Windows tools, some HTTP libraries put one first) only says how the text is encoded: it is
// read past, once.
import type { IncomingMessage } from 'http';

export type BodyResult =
  | { kind: 'ok'; text: string; bytes: number }
  | { kind: 'tooLarge' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ kind: 'tooLarge' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish({ kind: 'tooLarge' });
      else chunks.push(chunk);
    };
    const onEnd = () => {
      const body = Buffer.concat(chunks, size);
      const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
      finish({ kind: 'ok', text: body.toString('utf8', start), bytes: size });
    };
    const onAbort = () => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}
