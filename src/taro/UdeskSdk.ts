import { createTracker } from '../core';
import { taroPlatform } from './taroPlatform';

/**
 * The ready tracker, as Udesk's document uses it: `UdeskSdk.init({...})`, `UdeskSdk.trace(...)`.
 * Bound to Taro's APIs, which behave as `wx`'s on every platform Taro builds for.
 */
export const UdeskSdk = /*#__PURE__*/ createTracker({ platform: taroPlatform });
