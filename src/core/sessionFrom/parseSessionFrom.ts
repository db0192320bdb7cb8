import { UdeskParseError } from '../errors';
import { isPlainObject } from '../isPlainObject';
import type { ParsedSessionFrom } from './types';

const JSON_SEGMENTS = ['customer', 'note'];

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
  if (parts[0] !== 'udesk') {
    problems.push(`not a Udesk session-from: it must start with "udesk|", got "${value.slice(0, 16)}"`);
  }
  const parsed: ParsedSessionFrom = { nickName: parts[1] || '', avatar: parts[2] || '', extra: {} };
  const seen: Record<string, true> = {};
  for (let i = 3; i < parts.length; i++) {
    const part = parts[i];
    const caret = part.indexOf('^');
    if (caret <= 0) {
      problems.push(`segment ${i + 1} ("${part.slice(0, 24)}") is not key^value`);
      continue;
    }
    const key = part.slice(0, caret);
    const raw = part.slice(caret + 1);
    if (seen[key]) {
      problems.push(`segment "${key}" appears twice`);
      continue;
    }
    seen[key] = true;
    if (JSON_SEGMENTS.indexOf(key) >= 0) {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (e) {
        problems.push(`segment "${key}" is not valid JSON (${(e as Error).message})`);
        continue;
      }
      if (isPlainObject(json)) parsed[key as 'customer' | 'note'] = json;
      else problems.push(`segment "${key}" must be a JSON object`);
    } else if (key === 'unionid') parsed.unionid = raw;
    else parsed.extra[key] = raw;
  }
  return { parsed, problems };
}

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
