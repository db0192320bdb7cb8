import type { MiniProgramApi } from './platform';

/** 128 random bits as 32 lower-case hex digits: what a visitor id looks like. */
export const VISITOR_ID = /^[0-9a-f]{32}$/;

const hex = (bytes: ArrayLike<number>) => {
  let text = '';
  for (let i = 0; i < 16; i++) text += (256 + (bytes[i] & 255)).toString(16).slice(1);
  return text;
};

/**
 * A new visitor id: 128 random bits. The id is a capability (it opens the agent's page), so the
 * bits come from a cryptographic source where there is one: `crypto.getRandomValues` (H5,
 * Node), else the platform's own `getRandomValues` (WeChat's `wx.getRandomValues`, asynchronous).
 * Without either it falls back to `random` (Math.random by default), which is NOT
 * cryptographic: guessable by someone who can observe the generator's other outputs.
 */
export function createVisitorId(api: MiniProgramApi | undefined, random: () => number, done: (id: string) => void): void {
  const fallback = () => {
    const bytes: number[] = [];
    for (let i = 0; i < 16; i++) bytes.push(Math.floor(random() * 256));
    done(hex(bytes));
  };
  const webCrypto = typeof crypto !== 'undefined' ? crypto : undefined;
  if (webCrypto && typeof webCrypto.getRandomValues === 'function') {
    try {
      return done(hex(webCrypto.getRandomValues(new Uint8Array(16))));
    } catch {
      // some runtimes define it and throw: fall through to the platform's
    }
  }
  if (!api || typeof api.getRandomValues !== 'function') return fallback();
  let answered = false;
  const once = (action: () => void) => {
    if (answered) return;
    answered = true;
    action();
  };
  try {
    api.getRandomValues({
      length: 16,
      success: (result) => once(() => (result && result.randomValues ? done(hex(new Uint8Array(result.randomValues))) : fallback())),
      fail: () => once(fallback),
    });
  } catch {
    once(fallback);
  }
}
