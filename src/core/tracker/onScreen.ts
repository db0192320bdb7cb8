// What the customer has on screen, for the moment of contact: the product and the order last
// traced since the page was shown, each by the few fields an agent recognises it by.
import type { PageInfo } from './checkConfig';
import type { ContactTrace } from './types';

export interface OnScreen {
  /** Another page was shown: what the last one showed is gone. */
  clear(): void;
  /** A product or an order was traced (its normalised data). */
  traced(type: 'product' | 'order', data: Record<string, unknown>): void;
  /** The `contact` event's data for the page shown now. */
  contactData(page: PageInfo | undefined): ContactTrace;
}

const pick = (data: Record<string, unknown>, keys: string[]): Record<string, unknown> => {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (data[key] !== undefined) picked[key] = data[key];
  return picked;
};

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
    contactData(page) {
      const data: Record<string, unknown> = {};
      if (page) data.route = page.route;
      if (page && Object.keys(page.query).length) data.query = page.query;
      if (product) data.product = product;
      if (order) data.order = order;
      return data as ContactTrace;
    },
  };
}
