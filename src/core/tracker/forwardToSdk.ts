import { describeThrown } from './createReporter';
import type { OfficialUdeskSdk } from './checkConfig';
import { retryDelay } from './retryPolicy';
import type { QueuedEvent } from './types';

type HeldEvent = Pick<QueuedEvent, 'type' | 'data'>;

export interface SdkDelivery {
  /** Hands the event to the module after every event held before it; never throws. */
  forward(type: QueuedEvent['type'], data: QueuedEvent['data']): void;
  /** Tries the held events now (unless stopped); returns how many are still held. */
  flush(): number;
  /** No more tries: what is held stays in memory until the app ends. */
  stop(): void;
}

/**
 * `sdk` delivery: Udesk's own module is initialised, then given each event traced before and
 * after, in order. An event it throws on is kept, with every later one behind it, and given
 * again on the next trace, on `flush()`, or after a wait (1 s doubling to 60 s, with jitter):
 * later events never overtake it. At most `maxQueue` wait (in memory): past it the oldest
 * product views go first, orders last. Reported once per failure, never thrown.
 */
export function startSdkDelivery(
  sdk: OfficialUdeskSdk,
  config: { appId: string; companyToken: string; companyDomain: string; maxQueue: number },
  early: HeldEvent[],
  random: () => number,
  report: (message: string) => void,
): SdkDelivery {
  const held: HeldEvent[] = early;
  let attempt = 0; // failed tries in a row
  let dropping = false; // the cap was reported in this failure
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const flush = () => {
    if (stopped) return held.length;
    clearTimeout(timer);
    timer = undefined;
    while (held.length) {
      try {
        sdk.trace(held[0].type, held[0].data);
      } catch (e) {
        if (!attempt) {
          report(`ud-sdk's trace threw: ${describeThrown(e)}` + (process.env.NODE_ENV !== 'production' ? '; the event is kept and given again, before later ones' : ''));
        }
        timer = setTimeout(flush, retryDelay(attempt++, random));
        return held.length;
      }
      held.shift();
      attempt = 0;
      dropping = false;
    }
    return 0;
  };
  try {
    sdk.init({ appId: config.appId, companyToken: config.companyToken, companyDomain: config.companyDomain });
  } catch (e) {
    report(`ud-sdk's init threw: ${describeThrown(e)}`);
  }
  flush();
  return {
    forward(type, data) {
      held.push({ type, data });
      if (held.length > config.maxQueue) {
        let oldest = 0;
        while (oldest < held.length && held[oldest].type !== 'product') oldest++;
        held.splice(oldest < held.length ? oldest : 0, 1);
        if (!dropping) report(`the queue is full (${config.maxQueue} events): dropping the oldest product views` + (process.env.NODE_ENV !== 'production' ? ', then orders, while ud-sdk fails' : ''));
        dropping = true;
      }
      flush();
    },
    flush,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
