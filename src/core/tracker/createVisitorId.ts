import type { MiniProgramApi } from './platform';

/** 128 random bits as 32 lower-case hex digits: what a visitor id looks like. */
export const VISITOR_ID = /^[0-9a-f]{32}$/;

/** How long a platform's getRandomValues may take before this launch goes without an id. */
const PLATFORM_ANSWER_MS = 1000;

/** The id made of the first 16 bytes, or none when there are fewer. */
const idOf = (bytes?: ArrayLike<number>) => {
  if (!bytes || bytes.length < 16) return undefined;
  let text = '';
  for (let i = 0; i < 16; i++) text += (256 + (bytes[i] & 255)).toString(16).slice(1);
  return text;
};

/**
 * A new visitor id: 128 random bits, or `undefined`. The id is a capability (it opens the
 * agent's page), so the bits come from a cryptographic source or not at all:
 * `crypto.getRandomValues` (H5, Node), else the platform's own `getRandomValues` (WeChat's
 * `wx.getRandomValues`, asynchronous). Without either, or when the platform fails, throws,
 * answers fewer than 16 bytes or does not answer within a second, there is no id: never one
 * made from Math.random, which someone who sees the generator's other outputs can guess.
 */
export function createVisitorId(api: MiniProgramApi | undefined, done: (id: string | undefined) => void): void {
  if (typeof crypto !== 'undefined' && crypto && typeof crypto.getRandomValues === 'function') {
    try {
      return done(idOf(crypto.getRandomValues(new Uint8Array(16))));
    } catch {
      // some runtimes define it and throw: fall through to the platform's
    }
  }
  if (!api || typeof api.getRandomValues !== 'function') return done(undefined);
  let answered = false;
  const answer = (bytes?: ArrayLike<number>) => {
    if (answered) return;
    answered = true;
    clearTimeout(guard);
    done(idOf(bytes));
  };
  const guard = setTimeout(() => answer(), PLATFORM_ANSWER_MS);
  try {
    api.getRandomValues({
      length: 16,
      success: (result) => {
        const values = result && result.randomValues;
        // An ArrayBuffer (of this realm or another): anything else, even a number, is no bytes.
        answer(values && typeof values === 'object' ? new Uint8Array(values) : undefined);
      },
      fail: () => answer(),
    });
  } catch {
    answer();
  }
}
