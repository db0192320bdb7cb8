import { utf8ByteLength } from '../utf8ByteLength';
import { DEFAULT_MAX_BYTES } from './composeSessionFrom';
import { scanSessionFrom } from './parseSessionFrom';
import type { ParsedSessionFrom } from './types';
import { validateSessionInput } from './validateSessionInput';

const WECHAT_CUT = 1024;

export interface SessionFromInspection {
  bytes: number;
  maxBytes: number;
  /** Length in UTF-16 units: what WeChat cuts at 1024. */
  length: number;
  parsed: ParsedSessionFrom;
  /** Everything wrong with the value; empty when it is a valid Udesk session-from within budget. */
  warnings: string[];
}

/**
 * Explains a session-from value as WeChat delivers it: size against the budget, each segment
 * decoded, and every problem (over budget, cut off, malformed JSON, unknown or invalid fields).
 * Never throws: made for the `inspect` command and the trajectory console.
 */
export function inspectSessionFrom(value: string, maxBytes: number = DEFAULT_MAX_BYTES): SessionFromInspection {
  if (typeof value !== 'string') {
    const parsed = { nickName: '', avatar: '', extra: {} };
    return { bytes: 0, maxBytes, length: 0, parsed, warnings: [`session-from must be a string, got ${value === null ? 'null' : typeof value}`] };
  }
  const bytes = utf8ByteLength(value);
  const { parsed, problems } = scanSessionFrom(value);
  const warnings = problems.slice();
  if (bytes > maxBytes) warnings.unshift(`${bytes} bytes, over the budget of ${maxBytes} bytes`);
  if (value.length >= WECHAT_CUT) {
    warnings.unshift(
      value.length === WECHAT_CUT && problems.length
        ? `exactly ${WECHAT_CUT} characters with a broken tail: WeChat cut this value, and Udesk lost the customer`
        : `${value.length} characters: WeChat keeps only the first ${WECHAT_CUT}`,
    );
  }
  const { errors } = validateSessionInput({ customer: parsed.customer, note: parsed.note, unionid: parsed.unionid });
  for (const e of errors) warnings.push(e.message);
  return { bytes, maxBytes, length: value.length, parsed, warnings };
}
