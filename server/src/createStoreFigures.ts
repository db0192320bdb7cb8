// The figures /metrics, GET /v1/delivery and the console show from the store (delivery loss per
// app, events stored, bytes): each read costs a scan of one row per visitor, so it is read at most
// once per `maxAgeMs`, one read at a time, however many scrapers and consoles ask.
import type { AppDelivery, StoreUsage, TrajectoryStore } from './store/TrajectoryStore';

/** One app's delivery: the store's figures, and the share of its events that never arrived. */
export interface DeliveryFigures extends AppDelivery {
  /** `missing / expected` of the settled visitors; 0 while none has settled. */
  lossRatio: number;
}

export interface StoreFigures {
  delivery: DeliveryFigures[];
  /** null for a store of your own that does not tell. */
  usage: StoreUsage | null;
  /** When they were read, ms since the epoch. */
  readAt: number;
}

export interface StoreFiguresOptions {
  /** A visitor whose latest numbered event is older than this (ms) has settled: its gaps count as lost. */
  settleMs: number;
  /** How long one read is served again, ms. */
  maxAgeMs: number;
  now?: () => number;
}

export interface StoreFiguresReader {
  /** The figures, at most `maxAgeMs` old; rejects when the store cannot be read (the next call tries again). */
  read(): Promise<StoreFigures>;
}

const withRatio = (row: AppDelivery): DeliveryFigures => ({ ...row, lossRatio: row.expected > 0 ? row.missing / row.expected : 0 });

export function createStoreFigures(store: () => TrajectoryStore | null, options: StoreFiguresOptions): StoreFiguresReader {
  const now = options.now ?? Date.now;
  let last: StoreFigures | null = null;
  let reading: Promise<StoreFigures> | null = null;

  async function readNow(from: TrajectoryStore): Promise<StoreFigures> {
    const readAt = now();
    const [delivery, usage] = await Promise.all([
      from.delivery ? from.delivery(readAt - options.settleMs) : Promise.resolve([]),
      from.usage ? from.usage() : Promise.resolve(null),
    ]);
    return { delivery: delivery.map(withRatio), usage, readAt };
  }

  return {
    read() {
      if (last !== null && now() - last.readAt < options.maxAgeMs) return Promise.resolve(last);
      if (reading !== null) return reading;
      const from = store();
      if (from === null) return Promise.reject(new Error('the store is not open'));
      const current = readNow(from).then((figures) => {
        last = figures;
        return figures;
      });
      reading = current;
      const done = () => {
        if (reading === current) reading = null;
      };
      current.then(done, done);
      return current;
    },
  };
}
