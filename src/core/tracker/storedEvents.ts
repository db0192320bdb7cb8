import { isPlainObject } from '../isPlainObject';
import { isString } from '../isString';
import { utf8ByteLength } from '../utf8ByteLength';
import type { QueuedEvent } from './types';
import { VISITOR_ID } from './createVisitorId';

/** The server's per-event limit: larger events are refused at `trace()` and dropped at load. */
export const MAX_EVENT_BYTES = 32768;

/** A queued event, with its JSON once made (`''` until then) and that JSON's UTF-8 bytes. */
export interface StoredEntry {
  event: QueuedEvent;
  text: string;
  bytes: number;
}

/** What a stored event of this version must look like; older or damaged ones are dropped. */
const isQueuedEvent = (e: unknown): e is QueuedEvent =>
  isPlainObject(e) &&
  isString(e.id) &&
  isString(e.session) &&
  typeof e.seq === 'number' &&
  (e.type === 'product' || e.type === 'order') &&
  typeof e.at === 'number' &&
  isPlainObject(e.data);

/** A platform failure's message: `errMsg` (wx, Taro), `errorMessage` (Alipay). */
export const errorText = (error: unknown): string => {
  const e = error as { errMsg?: string; errorMessage?: string } | undefined;
  return String((e && (e.errMsg || e.errorMessage)) || '');
};

/** Bytes of an event as stored and sent. */
export const eventBytes = (event: QueuedEvent) => utf8ByteLength(JSON.stringify(event));

/**
 * More than an event's JSON bytes can be, without serialising it: 6 per UTF-16 unit of a string
 * (a `\u` escape is the longest form) and 32 per other value. trace() serialises only an event
 * this bound puts near the per-event limit.
 */
export const sizeBound = (value: unknown): number => {
  if (isString(value)) return 6 * value.length + 32;
  if (!value || typeof value !== 'object' || value instanceof Date) return 32;
  let bound = 32;
  for (const key of Object.keys(value)) bound += 6 * key.length + sizeBound((value as Record<string, unknown>)[key]);
  return bound;
};

/**
 * The visitor, its last number, and the events of a stored queue (`{ v, visitor, visitorSeq, events }`, as text or as an object), without those whose
 * id is in `have`: each measured, and counted out when it is not an event of this shape or is
 * over the per-event limit. `unreadable` when the whole value could not be read. Nothing stored
 * reads as an empty queue however the platform says it: Douyin answers a key never written with
 * `data: ""`, Alipay with `null`.
 */
export function parseStoredEvents(
  raw: unknown,
  have: Record<string, boolean>,
): { events: StoredEntry[]; malformed: number; unreadable: boolean; visitor?: string; visitorSeq: number } {
  let stored: unknown[] = [];
  let unreadable = false;
  let visitor: string | undefined;
  let visitorSeq = 0;
  try {
    const parsed = isString(raw) && raw ? JSON.parse(raw) : raw;
    if (parsed) stored = parsed.events;
    if (parsed && VISITOR_ID.test(parsed.visitor)) visitor = parsed.visitor;
    if (visitor && parsed.visitorSeq > 0 && parsed.visitorSeq < 9e15) visitorSeq = Math.floor(parsed.visitorSeq);
    if (!Array.isArray(stored)) throw stored;
  } catch {
    stored = [];
    unreadable = true;
  }
  const events: StoredEntry[] = [];
  let malformed = 0;
  for (const event of stored) {
    const text = isQueuedEvent(event) ? JSON.stringify(event) : '';
    const bytes = text ? utf8ByteLength(text) : Infinity;
    if (bytes > MAX_EVENT_BYTES) malformed++;
    else if (!have[(event as QueuedEvent).id]) {
      have[(event as QueuedEvent).id] = true;
      events.push({ event: event as QueuedEvent, text, bytes });
    }
  }
  return { events, malformed, unreadable, visitor, visitorSeq };
}
