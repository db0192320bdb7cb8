import type { TrackerConfig } from './checkConfig';
import type { FlushResult } from './flushWaiters';
import type { MiniProgramApi } from './platform';
import type { LinkStore } from './createLinkStore';

/** One line of a product card's parameter list, as Udesk renders it. */
export interface ProductParam {
  text?: string;
  /** Hex colour such as `#ff0000`. */
  color?: string;
  /** Bold. */
  fold?: boolean;
  /** Line break after it. */
  break?: boolean;
  /** Font size; Udesk's default is 12. */
  size?: number;
}

/** `trace('product', …)`: a product the customer viewed. */
export interface ProductTrace {
  name: string;
  /** Opened when the agent clicks the card; without it the card cannot be clicked. */
  url?: string;
  imgUrl?: string;
  params?: ProductParam[];
}

export interface OrderCommodity {
  commodit_name?: string;
  commodit_no?: string;
  commodit_count?: number;
  commodit_fee?: string | number;
}

/** `trace('order', …)`: an order the customer placed. Field names are Udesk's. */
export interface OrderTrace {
  order_no: string;
  name: string;
  price: number;
  /** A Date, or a timestamp in ms. */
  order_at: Date | number;
  status: 'wait_pay' | 'paid' | 'closed';
  url?: string;
  pay_at?: Date | number;
  /** At most 1000 bytes, counted as Udesk does: 2 per Chinese character. */
  remark?: string;
  consignee_name?: string;
  consignee_phone?: string;
  consignee_address?: string;
  commodit_num?: string | number;
  commodities?: OrderCommodity[];
}

export interface TraceData {
  product: ProductTrace;
  order: OrderTrace;
}
export type TraceType = keyof TraceData;

/**
 * A `contact` event's data (`contact()`, docs/protocol.md): where the customer was when they asked
 * for help. Endpoint delivery only: Udesk's own module takes products and orders alone.
 */
export interface ContactTrace {
  /** The page shown (its route, as `pageShow` had it, without a leading slash); absent when none was. */
  route?: string;
  /** That page's query, without Taro's `$taroTimestamp`. */
  query?: Record<string, string>;
  /** The product last traced on that page. */
  product?: Pick<ProductTrace, 'name' | 'url' | 'imgUrl'>;
  /** The order last traced on that page. */
  order?: Pick<OrderTrace, 'order_no' | 'name' | 'price' | 'status'>;
}

/** A traced event as queued, persisted and sent (see docs/protocol.md). */
export interface QueuedEvent {
  /** Unique: `<session>.<seq>`. The server drops an id it already has. */
  id: string;
  /** Random per launch of the app, and new after `identify(null)`. */
  session: string;
  /** 1, 2, 3 … within the session: gaps show lost events. */
  seq: number;
  type: TraceType | 'contact';
  /** Client time of the trace, ms since the epoch. */
  at: number;
  /** Normalised data; dates as ISO 8601 strings. */
  data: Record<string, unknown>;
  /** The visitor: random, kept in storage across launches (protocol v2). Given when it is read. */
  visitor?: string;
  /**
   * 1, 2, 3 … per visitor, across launches (kept with the queue), given with `visitor`: the server
   * counts the numbers that never arrived (protocol v2, "Delivery loss").
   */
  visitorSeq?: number;
  /** Who the customer is, as `identify` last said before the trace (protocol v2). */
  customer?: IdentifiedCustomer;
}

/** `identify(customer)`: who is browsing, as the session-from names them, with your backend's signature. At least one field. */
export interface IdentifiedCustomer {
  customer_token?: string;
  /** WeChat unionid: 20 to 40 of A-Z a-z 0-9 _ -. */
  unionid?: string;
  /** WeChat openid: the same alphabet and length as a unionid. */
  openid?: string;
  nick_name?: string;
  /**
   * Your backend's signature of this customer (`signCustomerIdentity` of taro-udesk-server:
   * HMAC-SHA256 of the customer key with the app's identity secret, 64 hex digits). Only a
   * customer whose hash the trajectory server verifies links this visitor to the customer's others.
   */
  identity_hash?: string;
}

/** The body of one `POST` to the endpoint (docs/protocol.md). Declared once: the tracker
 * builds it and `taro-udesk-server` reads it. */
export interface Batch {
  /** 2: events carry `visitor`; 1 where the device has no cryptographic random source (no visitor id). The server accepts both. */
  v: 1 | 2;
  appId: string;
  companyDomain: string;
  /** Client clock when the batch left, ms since the epoch. */
  sentAt: number;
  events: QueuedEvent[];
}

/** An event of a batch that the server refused on its own; the rest of the batch is kept. */
export interface RejectedEvent {
  /** The event's id as it came (a string), or `null` when it had none usable. */
  id: string | null;
  /** Why, for a log: `too large (40213 bytes > 32768)`, `too deep (> 32 levels)`, `type must be product, order or contact` … */
  reason: string;
}

/** The body of a 200 answer to a batch. */
export interface BatchResponse {
  /** Events stored by this batch. */
  accepted: number;
  /** Events whose `(appId, id)` the server already had: counted, not stored again. */
  duplicates: number;
  /** Events refused one by one: the client drops exactly these and never resends them. */
  rejected: RejectedEvent[];
}

export interface Tracker {
  init(config: TrackerConfig): void;
  /** Validates and queues; never throws. False when the data was invalid (reported to onError). */
  trace<T extends TraceType>(type: T, data: TraceData[T]): boolean;
  /**
   * The customer asked for help now (`ContactButton` calls it on tap, with its page's `route` and
   * `query`): queues a `contact` event with the page shown and the product or order last traced
   * on it (a `route` other than the page shown: that page alone), sent at once. Endpoint delivery
   * only: with `sdk` delivery it records nothing and answers false. Never throws.
   */
  contact(route?: string, query?: Record<string, string>): boolean;
  /** Sends what is queued now; settles when it is delivered, or when an attempt failed. */
  flush(): Promise<FlushResult>;
  /** Stops timers and listeners; what is queued stays in storage for the next launch. */
  destroy(): void;
  pageShow(route: string, query?: Record<string, string>): void;
  pageHide(route: string, query?: Record<string, string>): void;
  /**
   * Who is browsing, from now on: every later event carries it. Throws UdeskValidationError on
   * bad input. `identify(null)` on logout: no customer, and a new visitor (a new id, stored).
   */
  identify(customer: IdentifiedCustomer | null): void;
  /** `<trajectoryUrl>/t/<visitor id>` once the visitor id is read and `init` gave `trajectoryUrl`; else undefined. */
  trajectoryLink(): string | undefined;
  /** Calls `listener` whenever trajectoryLink() changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export interface TrackerOptions {
  /** `wx`, `Taro`, `my`, or a fake: request, storage, app show/hide, network status. */
  platform?: MiniProgramApi;
  /** For the session id and retry jitter (never the visitor id); default Math.random. */
  random?: () => number;
  /** Where the tracker puts its trajectory link for readers that do not import it (`UdeskSdk`'s: `udeskLink`); default its own. */
  link?: LinkStore;
}
