import type { UdeskError } from './errors';
import { DEV } from './isDevelopment';

/**
 * How the library reports trouble where throwing would break the host app (a page's render or
 * lifecycle, a background flush): to the integrator's `onError`, and as a development warning.
 * A throwing `onError` is contained too.
 */
export function reportError(error: UdeskError, onError?: (error: UdeskError) => void): void {
  if (DEV) console.warn('[taro-udesk] ' + error.message);
  try {
    if (onError) onError(error);
  } catch (e) {
    if (DEV) console.warn('[taro-udesk] onError threw', e);
  }
}
