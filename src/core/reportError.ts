import type { UdeskError } from './errors';

/**
 * How the library reports trouble where throwing would break the host app (a page's render or
 * lifecycle, a background flush): to the integrator's `onError`, and as a development warning.
 * A throwing `onError` is contained too.
 */
export function reportError(error: UdeskError, onError?: (error: UdeskError) => void): void {
  // Written out at each site, as React does, so that any bundler's define and minifier drop
  // development-only code and text from production builds (a shared constant is not folded).
  if (process.env.NODE_ENV !== 'production') console.warn('[taro-udesk] ' + error.message);
  try {
    if (onError) onError(error);
  } catch (e) {
    if (process.env.NODE_ENV !== 'production') console.warn('[taro-udesk] onError threw', e);
  }
}
