import { InvalidCursorError } from './storeErrors';

/** What a cursor points into: the events' ingestion order, or the visitors' activity order. */
export type CursorKind = 'events' | 'visitors';

const PREFIX: Record<CursorKind, string> = { events: 'e', visitors: 'v' };
// A bigint identity: at most 19 digits; the value is compared against int8's range below.
const BODY = /^([ev]):([1-9][0-9]{0,18})$/;
const MAX_BIGINT = BigInt('9223372036854775807');

/**
 * Opaque to clients: base64url of `<kind>:<ingestion key>`. The key stays a decimal string, never
 * a JS number, so keys past 2^53 survive.
 */
export function encodeCursor(kind: CursorKind, key: string): string {
  return Buffer.from(`${PREFIX[kind]}:${key}`, 'utf8').toString('base64url');
}

/** The ingestion key inside a cursor, as a decimal string; throws InvalidCursorError otherwise. */
export function decodeCursor(kind: CursorKind, cursor: unknown): string {
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) {
    throw new InvalidCursorError('must be a cursor from an earlier page’s next');
  }
  const match = BODY.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[2]) > MAX_BIGINT) {
    throw new InvalidCursorError('must be a cursor from an earlier page’s next');
  }
  if (match[1] !== PREFIX[kind]) {
    throw new InvalidCursorError(`is not a cursor of ${kind}`);
  }
  return match[2];
}
