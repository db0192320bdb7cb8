import { decodeCursor, encodeCursor } from '../../src/store/cursor';
import { findUnstorableText, InvalidCursorError } from '../../src/store';

test('a cursor round-trips its ingestion key, including keys past 2^53, and stays opaque', () => {
  for (const key of ['1', '42', '9007199254740993', '9223372036854775807']) {
    const cursor = encodeCursor('events', key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('events', cursor)).toBe(key);
  }
});

test('a cursor is refused when garbage, out of int8 range, zero, or of the other kind', () => {
  const encode = (text: string) => Buffer.from(text).toString('base64url');
  for (const cursor of ['', 'not a cursor', encode('e:0'), encode('e:-1'), encode('e:01'), encode('e:9223372036854775808'), encode('e:1 '), encode('v:5'), 5, null]) {
    expect(() => decodeCursor('events', cursor)).toThrow(InvalidCursorError);
  }
  expect(() => decodeCursor('events', encode('v:5'))).toThrow('after: is not a cursor of events');
});

test('findUnstorableText names the first string or field name PostgreSQL cannot hold', () => {
  expect(findUnstorableText({ a: ['ok', '😀', { '.': '中文' }] })).toBeNull();
  expect(findUnstorableText({ a: ['ok', { b: 'x\u0000y' }] })).toEqual({ path: 'event.a[1].b', rule: 'contains U+0000, which PostgreSQL cannot store' });
  expect(findUnstorableText({ list: ['\udc00'] })?.path).toBe('event.list[0]');
  expect(findUnstorableText({ ['k\ud83d']: 1 })).toEqual({ path: 'event (a field name)', rule: 'contains an unpaired UTF-16 surrogate, which PostgreSQL cannot store' });
  expect(findUnstorableText('\ud83d\ude00')).toBeNull();
});
