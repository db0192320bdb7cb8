import { UdeskParseError } from '../errors';
import { isPlainObject } from '../isPlainObject';
import type { ParsedSessionFrom } from './types';

export interface ScannedSessionFrom {
  /** Everything that could be read; a segment with a problem is left out of it. */
  parsed: ParsedSessionFrom;
  /** Why the value is not a well-formed Udesk session-from, one line each. */
  problems: string[];
}

/** Reads as much of a value as it can and lists what is wrong: `parseSessionFrom` and `inspectSessionFrom` share it. */
export function scanSessionFrom(value: string): ScannedSessionFrom {
  const problems: string[] = [];
  const parts = value.split('|');
  if (parts[0] !== 'udesk') problems.push(`not a Udesk session-from: it must start with "udesk|", got "${value.slice(0, 16)}"`);
  const parsed: ParsedSessionFrom = { nickName: parts[1] || '', avatar: parts[2] || '', extra: {} };
  // Keyed by segment names from the value: no prototype, so `toString^…` is a name like any other.
  const seen: Record<string, boolean> = Object.create(null);
  parts.slice(3).forEach((part, i) => {
    const caret = part.indexOf('^');
    const key = part.slice(0, caret);
    const raw = part.slice(caret + 1);
    const json = key === 'customer' || key === 'note';
    let data: unknown = raw;
    const problem =
      caret < 1 ? `segment ${i + 4} ("${part.slice(0, 24)}") is not key^value`
      : seen[key] ? `segment "${key}" appears twice`
      : json && !isPlainObject((data = parseJson(raw))) ? `segment "${key}" ${data === parseJson ? 'is not valid JSON' : 'must be a JSON object'}`
      : '';
    if (caret > 0) seen[key] = true;
    if (problem) problems.push(problem);
    // Defined, not assigned: a segment named `__proto__` is data, not the object's prototype.
    else Object.defineProperty(json || key === 'unionid' ? parsed : parsed.extra, key, { value: data, enumerable: true, writable: true, configurable: true });
  });
  return { parsed, problems };
}

/** JSON.parse, with the function itself (never a JSON value) for text that is not JSON. */
const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return parseJson;
  }
};

/**
 * Reads a session-from value back: the inverse of `buildSessionFrom`, for a backend that
 * receives WeChat's `user_enter_tempsession` push, or for debugging. Unknown `key^value`
 * segments are kept raw in `extra`. Throws `UdeskParseError` for anything that is not a Udesk
 * session-from: another prefix, a segment without `^`, a repeated segment, malformed JSON.
 */
export function parseSessionFrom(value: string): ParsedSessionFrom {
  if (typeof value !== 'string') throw new UdeskParseError('session-from must be a string');
  const { parsed, problems } = scanSessionFrom(value);
  if (problems.length) throw new UdeskParseError(problems[0]);
  return parsed;
}
