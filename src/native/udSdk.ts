// The native drop-in: one ES5 file for a mini program written without Taro, used as Udesk's
// document uses its ud-sdk: put it in utils/, `import UdeskSdk from './utils/ud-sdk'`,
// `UdeskSdk.init({...})`, `UdeskSdk.trace(type, data)`. The platform is `wx`.
import { buildSessionFrom, createTracker } from '../core';
import type { MiniProgramApi } from '../core';

declare const wx: MiniProgramApi | undefined;

const tracker = createTracker({ platform: typeof wx !== 'undefined' ? wx : undefined });

const UdeskSdk: Record<string, unknown> = {
  init: tracker.init,
  trace: tracker.trace,
  flush: tracker.flush,
  destroy: tracker.destroy,
  /** Call from a page's onShow / onHide: `UdeskSdk.pageShow(this.route, this.options)`. */
  pageShow: tracker.pageShow,
  pageHide: tracker.pageHide,
  /**
   * On login `UdeskSdk.identify({ customer_token, unionid, openid, nick_name, identity_hash })`, the
   * hash from your backend (signCustomerIdentity); on logout `identify(null)`.
   */
  identify: tracker.identify,
  /**
   * The customer asked for help: call from the contact button's bindtap (`UdeskSdk.contact()`);
   * the page shown and the product or order last traced on it go to your endpoint.
   */
  contact: tracker.contact,
  /** `<trajectoryUrl>/t/<visitor id>` for the button's session-from, once known; `subscribe` hears when it is. */
  trajectoryLink: tracker.trajectoryLink,
  subscribe: tracker.subscribe,
  /** For `session-from` in a page's JS: `this.setData({ sessionFrom: UdeskSdk.buildSessionFrom({...}) })`. */
  buildSessionFrom,
};

// CommonJS, so that `require('./utils/ud-sdk')`, `import UdeskSdk from` (through the
// developer tools' interop) and `import { buildSessionFrom } from` all work.
UdeskSdk.default = UdeskSdk;
module.exports = UdeskSdk;
