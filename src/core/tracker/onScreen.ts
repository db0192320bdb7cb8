// What the customer has on screen, for the moment of contact: the product and the order last
// traced since the page was shown, each by the few fields an agent recognises it by.
import type { PageInfo } from './checkConfig';
import type { ContactTrace } from './types';

export interface OnScreen {
  /** Another page was shown: what the last one showed is gone. */
  clear(): void;
  /** A product or an order was traced (its normalised data). */
  traced(type: 'product' | 'order', data: Record<string, unknown>): void;
  /**
   * The `contact` event's data: the page the tracker saw shown (`current`), with what was traced
   * on it; or, when the button says it is on another page (`from`: a page without traces, which
   * told the tracker nothing), that page alone.
   */
  contactData(current: PageInfo | undefined, from?: PageInfo): ContactTrace;
}

const pick = (data: Record<string, unknown>, keys: string[]): Record<string, unknown> => {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (data[key] !== undefined) picked[key] = data[key];
  return picked;
};

/** A route without its leading slash and query (Taro's H5 router gives `/pages/a/index?x=1`). */
const pathOf = (route: string): string => route.replace(/^\//, '').split('?')[0];

export function createOnScreen(): OnScreen {
  let product: Record<string, unknown> | undefined;
  let order: Record<string, unknown> | undefined;
  return {
    clear() {
      product = undefined;
      order = undefined;
    },
    traced(type, data) {
      if (type === 'product') product = pick(data, ['name', 'url', 'imgUrl']);
      else order = pick(data, ['order_no', 'name', 'price', 'status']);
    },
    contactData(current, from) {
      const elsewhere = !!from && (!current || pathOf(current.route) !== pathOf(from.route));
      const page = elsewhere ? from : current;
      const data: Record<string, unknown> = {};
      if (page) data.route = pathOf(page.route);
      if (page && Object.keys(page.query).length) data.query = page.query;
      if (product && !elsewhere) data.product = product;
      if (order && !elsewhere) data.order = order;
      return data as ContactTrace;
    },
  };
}
