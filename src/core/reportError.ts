import type { UdeskError } from './errors';

declare const process: { env: { NODE_ENV?: string } } | undefined;

/** True unless the bundler says production (Taro and webpack replace `process.env.NODE_ENV`). */
export const isDevelopment = (): boolean => {
  try {
    return process!.env.NODE_ENV !== 'production';
  } catch {
    return false; // no `process` at all: a native mini program; stay quiet
  }
};

/**
 * How the library reports trouble where throwing would break the host app (a page's render or
 * lifecycle, a background flush): to the integrator's `onError`, and as a development warning.
 * A throwing `onError` is contained too.
 */
export function reportError(error: UdeskError, onError?: (error: UdeskError) => void): void {
  if (isDevelopment()) console.warn(`[taro-udesk] ${error.message}`);
  if (!onError) return;
  try {
    onError(error);
  } catch (e) {
    if (isDevelopment()) console.warn('[taro-udesk] onError threw', e);
  }
}
