import { UdeskOverflowError, UdeskValidationError } from '../errors';
import type { SessionFromInput } from './types';
import { composeSessionFrom, DEFAULT_MAX_BYTES } from './composeSessionFrom';
import type { TrajectoryOption } from './composeSessionFrom';

export interface BuildSessionFromOptions {
  /** UTF-8 byte budget, 16 to 1024. Default 1000, as Udesk documents. */
  maxBytes?: number;
  /** `trim` (default) leaves out whole fields in `TRIM_ORDER`; `throw` raises `UdeskOverflowError`. */
  overflow?: 'trim' | 'throw';
  /** The trajectory link and the custom field it goes in (see composeSessionFrom). */
  trajectory?: TrajectoryOption;
  /** Called with the paths of the fields left out, when any were. */
  onTrim?: (trimmed: string[]) => void;
}

/**
 * Builds `udesk|<nick>|<avatar>|customer^<json>|note^<json>|unionid^<id>` from Udesk's fields,
 * within the byte budget and safe against separator injection. Throws `UdeskValidationError`
 * for the first invalid field.
 */
export function buildSessionFrom(input: SessionFromInput, options: BuildSessionFromOptions = {}): string {
  const { overflow = 'trim', onTrim } = options;
  if (overflow !== 'trim' && overflow !== 'throw') throw new UdeskValidationError('overflow', 'must be "trim" or "throw"');
  const result = composeSessionFrom(input, options);
  if (result.errors.length) throw result.errors[0];
  if (result.trimmed.length) {
    if (overflow === 'throw') throw new UdeskOverflowError(result.fullBytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (onTrim) onTrim(result.trimmed);
  }
  return result.value;
}
