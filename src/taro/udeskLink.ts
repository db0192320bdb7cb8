import { createLinkStore } from '../core';

/**
 * `UdeskSdk`'s trajectory link, kept apart from it: `UdeskSdk` writes it, `useUdeskSession` (and
 * so `ContactButton`) reads it without importing the tracker.
 */
export const udeskLink = /*#__PURE__*/ createLinkStore();
