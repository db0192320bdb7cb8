import { utf8ByteLength } from '../utf8ByteLength';
import type { MiniProgramApi } from './platform';
import { errorText, MAX_EVENT_BYTES, parseStoredEvents } from './storedEvents';
import type { StoredEntry } from './storedEvents';
import type { QueuedEvent } from './types';
import { idsOf } from './idsOf';

/** `{"v":1,"visitor":"<32 hex digits>","visitorSeq":<up to 16 digits>,"events":[]}`: what a stored queue costs beside its events. */
const ENVELOPE_BYTES = 94;

export interface QueueLimits {
  /** The storage key (set by `init`, before `load`). */
  key: string;
  maxQueue: number;
  /** Of the stored JSON, in UTF-8 bytes: every write fits one storage key. */
  maxBytes: number;
}

export interface PersistentQueue {
  readonly events: () => QueuedEvent[];
  readonly size: () => number;
  /**
   * Reads the stored queue, retrying a failed read. `onReady` once: when it has been merged, or
   * after 3 s without an answer (sending may begin; writes still wait, and a late answer is merged).
   */
  load(onReady: () => void): void;
  /** Adds an event at the end; the count cap applies at once, the byte cap when the queue is next written. */
  add(event: QueuedEvent): void;
  /** Removes these events, by id (never by count). */
  remove(ids: Record<string, boolean>): void;
  /** Stores the queue, after a short quiet time unless `now`. Never over an unread stored queue. */
  write(now?: boolean): void;
  /** Applies the caps again, after `limits` changed. */
  trim(): void;
  /** How many events the caps dropped since the last call. */
  takeDropped(): number;
  /** The visitor id found in storage by `load`, if any. */
  readonly storedVisitor: () => string | undefined;
  /**
   * Stores `visitor` with the queue from now on (none: the stored one is forgotten), and gives it to
   * the queued events that have none, each with the visitor's next number (`visitorSeq`): the
   * stored visitor's numbers go on from the stored count, a new visitor's start at 1.
   */
  stamp(visitor: string | undefined): void;
  /** The visitor's next number, taken: for an event traced once the visitor is known. */
  nextSeq(): number;
  /** Writes at once when a write is waiting, so a number is stored before an event carrying it can be delivered. */
  writePending(): void;
  /** A last write; afterwards nothing is written or read. */
  close(): void;
}

/**
 * The persistent queue: one storage key, read once at load (merged before what was traced
 * since, skipping ids already here), capped by count and by bytes (oldest product views first,
 * orders last) in one pass, written asynchronously and never over a stored queue not yet read.
 */
export function createPersistentQueue(api: MiniProgramApi | undefined, limits: QueueLimits, report: (message: string) => void): PersistentQueue {
  // `text`: the event as JSON, made when the queue is first written with it (not in trace()),
  // then reused by every write; `bytes`: its UTF-8 length, counted in `storedBytes` from then on.
  let entries: StoredEntry[] = [];
  let storedBytes = ENVELOPE_BYTES;
  let dropped = 0;
  let visitor = '';
  let storedVisitor: string | undefined;
  // The visitor's last number given, and the stored visitor's as read: a number is never given twice.
  let visitorSeq = 0;
  let storedSeq = 0;
  // Events the caps dropped before they had a number: their numbers are skipped, so the server sees the gap.
  let droppedUnnumbered = 0;
  let loaded = false;
  let closed = false;
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let readTimer: ReturnType<typeof setTimeout> | undefined;
  let loadGuard: ReturnType<typeof setTimeout> | undefined;

  const applyCaps = () => {
    let excessCount = entries.length - limits.maxQueue;
    let excessBytes = storedBytes - limits.maxBytes;
    if (excessCount <= 0 && excessBytes <= 0) return;
    const byCount = excessCount > 0;
    const gone: number[] = [];
    const goneAt: boolean[] = [];
    // First pass: product views, oldest first; second: anything, oldest first.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < entries.length && (excessCount > 0 || excessBytes > 0); i++) {
        if (goneAt[i] || (pass === 0 && entries[i].event.type !== 'product')) continue;
        goneAt[i] = true;
        gone.push(i);
        excessCount--;
        excessBytes -= entries[i].bytes + 1;
        if (entries[i].text) storedBytes -= entries[i].bytes + 1;
        if (!entries[i].event.visitorSeq) droppedUnnumbered++;
        if (!dropped++) report(`the queue is full (${byCount ? limits.maxQueue + ' events' : limits.maxBytes + ' bytes'}): dropping the oldest ${pass ? 'events' : 'product views'}`);
      }
    }
    // At a cap, each add drops one event, mostly the first: shift it; a bulk cut is one filter.
    if (gone.length > 1) entries = entries.filter((_, i) => !goneAt[i]);
    else if (gone[0]) entries.splice(gone[0], 1);
    else entries.shift();
  };


  const merge = (raw: unknown) => {
    const { events, malformed, unreadable, visitor: found, visitorSeq: foundSeq } = parseStoredEvents(raw, idsOf(queue.events()));
    storedVisitor = found;
    storedSeq = foundSeq;
    if (unreadable) report('the stored queue was unreadable' + (process.env.NODE_ENV !== 'production' ? ' and was replaced' : ''));
    if (malformed) report(`dropped ${malformed} malformed stored events` + (process.env.NODE_ENV !== 'production' ? ` (of an older shape, damaged, or over ${MAX_EVENT_BYTES} bytes)` : ''));
    for (const entry of events) storedBytes += entry.bytes + 1;
    entries = events.concat(entries);
    applyCaps();
  };


  const queue: PersistentQueue = {
    events: () => entries.map((entry) => entry.event),
    size: () => entries.length,
    load(onReady) {
      let tries = 0;
      let ready = false;
      const onLoaded = () => {
        clearTimeout(loadGuard);
        if (!ready) onReady();
        ready = true;
      };
      // Storage that never answers must not hold sending back: go on after 3 s without it.
      loadGuard = setTimeout(onLoaded, 3000);
      const read = () => {
        let answered = false;
        const settle = (found: boolean, raw?: unknown) => {
          if (answered || loaded || closed) return; // a second answer, or too late
          answered = true;
          if (!found) {
            // Unknown, not absent: never write over it; read again, 1 s, 2 s … 30 s later.
            readTimer = setTimeout(read, Math.min(30000, 1000 * Math.pow(2, tries++)));
            return;
          }
          merge(raw);
          loaded = true;
          queue.write(true);
          onLoaded();
        };
        try {
          api!.getStorage({
            key: limits.key,
            success: (res) => settle(true, res && res.data),
            fail: (error) => settle(/not found|not exist/i.test(errorText(error))),
          });
        } catch {
          settle(false);
        }
      };
      read();
    },
    add(event) {
      entries.push({ event, text: '', bytes: 0 });
      if (entries.length > limits.maxQueue) applyCaps();
    },
    remove(ids) {
      entries = entries.filter((entry) => {
        if (ids[entry.event.id] && entry.text) storedBytes -= entry.bytes + 1;
        return !ids[entry.event.id];
      });
    },
    write(now) {
      if (closed || !loaded) return;
      if (!now) {
        writeTimer = writeTimer || setTimeout(() => queue.write(true), 500);
        return;
      }
      clearTimeout(writeTimer);
      writeTimer = undefined;
      const fail = () => report('could not store the event queue' + (process.env.NODE_ENV !== 'production' ? '; it is kept in memory' : ''));
      for (const entry of entries) {
        if (entry.text) continue;
        entry.text = JSON.stringify(entry.event);
        entry.bytes = utf8ByteLength(entry.text);
        storedBytes += entry.bytes + 1;
      }
      applyCaps(); // by bytes too, now that every event is measured: every write fits
      try {
        const head = visitor ? '{"v":1,"visitor":"' + visitor + '","visitorSeq":' + visitorSeq + ',"events":[' : '{"v":1,"events":[';
        api!.setStorage({ key: limits.key, data: head + entries.map((entry) => entry.text).join(',') + ']}', fail });
      } catch {
        fail();
      }
    },
    trim: applyCaps,
    storedVisitor: () => storedVisitor,
    stamp(id) {
      visitor = id || '';
      visitorSeq = (id && id === storedVisitor ? storedSeq : 0) + (id ? droppedUnnumbered : 0);
      if (id) droppedUnnumbered = 0;
      for (const entry of entries) {
        if (!id || entry.event.visitor) continue;
        entry.event.visitor = id;
        entry.event.visitorSeq = ++visitorSeq;
        if (!entry.text) continue;
        storedBytes -= entry.bytes;
        entry.text = JSON.stringify(entry.event);
        entry.bytes = utf8ByteLength(entry.text);
        storedBytes += entry.bytes;
      }
    },
    nextSeq: () => ++visitorSeq,
    writePending() {
      if (writeTimer) queue.write(true);
    },
    takeDropped() {
      const count = dropped;
      dropped = 0;
      return count;
    },
    close() {
      queue.write(true);
      clearTimeout(writeTimer);
      clearTimeout(readTimer);
      clearTimeout(loadGuard);
      closed = true;
    },
  };
  return queue;
}
