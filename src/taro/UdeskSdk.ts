import Taro from '@tarojs/taro';
import { createTracker } from '../core';
import type { MiniProgramApi } from '../core';

/**
 * The ready tracker, as Udesk's document uses it: `UdeskSdk.init({...})`, `UdeskSdk.trace(...)`.
 * Bound to Taro's own APIs, which share `wx`'s callback signatures on every platform.
 */
export const UdeskSdk = /*#__PURE__*/ createTracker({ platform: Taro as unknown as MiniProgramApi });
