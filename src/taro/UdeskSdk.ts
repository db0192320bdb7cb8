import { createTracker } from '../core';
import { taroPlatform } from './taroPlatform';
import { udeskLink } from './udeskLink';

/**
 * The ready tracker, as Udesk's document uses it: `UdeskSdk.init({...})`, `UdeskSdk.trace(...)`.
 * Bound to Taro's APIs, which behave as `wx`'s on every platform Taro builds for. Its trajectory
 * link goes to `udeskLink`, where the contact button reads it.
 */
export const UdeskSdk = /*#__PURE__*/ createTracker({ platform: taroPlatform, link: udeskLink });
