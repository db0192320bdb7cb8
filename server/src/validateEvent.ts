// One event of a batch checked on its own (docs/protocol.md, "Per-event limits"): a bad event is
// refused by id and the rest of its batch is kept. Field names stay data: nothing here gives a
// meaning to a key the client chose beyond the few the protocol defines.
import type { IncomingEvent } from './store/TrajectoryStore';
import type { RejectedEvent } from 'taro-udesk/core';
import { isPlainObject } from './isPlainObject';
import { exceedsDepth } from './exceedsDepth';
import { findUnstorableText } from './store/storableText';
import { keepKnownFieldsAsText } from './keepKnownFieldsAsText';
import { IDENTITY_HASH, IDENTITY_HASH_RULE } from './customerIdentity';

export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_EVENT_DEPTH = 32;
/** Ids, visitors and customers are identifiers: a few hundred characters is plenty. */
export const MAX_ID_LENGTH = 256;

/** The latest time a JavaScript Date can hold, in ms since the epoch. */
const MAX_TIME = 8.64e15;
const isIdentifier = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;

/**
 * Why an event was refused, as a fixed word: /metrics counts refusals by it (the reason text may
 * hold a client's field names, so it is never a label).
 */
export type RejectionKind = 'not_object' | 'too_deep' | 'too_large' | 'unstorable_text' | 'id' | 'type' | 'at' | 'session'
  | 'visitor' | 'customer' | 'identity_hash' | 'visitor_seq';

/** A refused event as the answer names it, and the kind it is counted by. */
export interface Refusal extends RejectedEvent {
  kind: RejectionKind;
}

/** The largest `visitorSeq`: the client's numbers are whole and exact in a JavaScript number. */
const MAX_VISITOR_SEQ = Number.MAX_SAFE_INTEGER;

/** The id to name a refused event by: the client's own, when it is a usable string. */
const idOf = (event: unknown): string | null => (isPlainObject(event) && isIdentifier(event.id) ? event.id : null);

/**
 * A v2 visitor id is a capability (the agent's page opens with it alone): the client makes it from
 * at least 128 random bits, so anything shorter or outside this alphabet is not one.
 */
export const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The customer's identifiers, strongest first, and the prefix that keeps their keys apart. */
const CUSTOMER_KINDS = [['customer_token', 'token'], ['unionid', 'unionid'], ['openid', 'openid']] as const;

/**
 * The store's customer key: `token:<customer_token>`, else `unionid:…`, else `openid:…`, so an
 * openid can never be taken for another customer's token. null: anonymous; undefined: unusable.
 */
export function customerKeyOf(customer: unknown): string | null | undefined {
  if (customer === undefined || customer === null) return null;
  if (!isPlainObject(customer)) return undefined;
  for (const [field, prefix] of CUSTOMER_KINDS) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') continue;
    return isIdentifier(value) ? `${prefix}:${value}` : undefined;
  }
  // Only a nick_name: nothing to link by, the visitor stays anonymous.
  return null;
}

/** Whether an identity hash signs a customer key for the batch's app (customerIdentity.ts). */
export type IdentityCheck = (customerKey: string, hash: string) => boolean;

/**
 * The customer without its identity hash: a credential, checked here and never stored or shown.
 * fromEntries defines each key as data, `__proto__` included (an assignment would set a prototype).
 */
const withoutHash = (customer: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(customer).filter(([key]) => key !== 'identity_hash'));

/**
 * The event ready to store, or why it is refused. `version` is the batch's `v`; `checkIdentity`
 * verifies a customer's identity hash for the batch's app (none: no customer is verified).
 */
export function validateEvent(received: unknown, version: 1 | 2, checkIdentity?: IdentityCheck): IncomingEvent | Refusal {
  const refuse = (kind: RejectionKind, reason: string): Refusal => ({ id: idOf(received), reason, kind });
  if (!isPlainObject(received)) return refuse('not_object', 'an event must be a JSON object');
  // Depth first: serialising a value nested thousands deep would overflow the call stack.
  if (exceedsDepth(received, MAX_EVENT_DEPTH)) return refuse('too_deep', `too deep (> ${MAX_EVENT_DEPTH} levels)`);
  // Udesk's fields of the wrong type are kept as their JSON text (keepKnownFieldsAsText.ts).
  const event = keepKnownFieldsAsText(received);
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes > MAX_EVENT_BYTES) return refuse('too_large', `too large (${bytes} bytes > ${MAX_EVENT_BYTES})`);
  // PostgreSQL cannot keep U+0000 or a lone surrogate: failing the store would mean a 503 and a
  // resend forever, so such an event is refused here, on its own.
  const unstorable = findUnstorableText(event);
  if (unstorable) return refuse('unstorable_text', `${unstorable.path} ${unstorable.rule}`);
  if (!isIdentifier(event.id)) return refuse('id', `id must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  if (event.type !== 'product' && event.type !== 'order' && event.type !== 'contact') return refuse('type', 'type must be product, order or contact');
  if (!Number.isInteger(event.at) || (event.at as number) < 0 || (event.at as number) > MAX_TIME) {
    return refuse('at', 'at must be a whole number of ms since the epoch');
  }
  if (version === 1) {
    // v1: the session (random per launch) is the visitor, as before.
    if (!isIdentifier(event.session)) return refuse('session', `session must be a string of 1 to ${MAX_ID_LENGTH} characters`);
    return { id: event.id, visitor: event.session, customer: null, verified: false, type: event.type, at: event.at as number, event };
  }
  const visitor = event.visitor;
  if (typeof visitor !== 'string' || !VISITOR_ID.test(visitor)) return refuse('visitor', 'visitor must be 16 to 64 characters of A-Z a-z 0-9 _ -');
  // The visitor's number (docs/protocol.md, "Delivery loss"): optional, counted for delivery loss.
  const visitorSeq = event.visitorSeq;
  if (visitorSeq !== undefined && !(Number.isInteger(visitorSeq) && (visitorSeq as number) >= 1 && (visitorSeq as number) <= MAX_VISITOR_SEQ)) {
    return refuse('visitor_seq', 'visitorSeq must be a whole number from 1 to 2^53 - 1');
  }
  const numbered = visitorSeq === undefined ? {} : { visitorSeq: visitorSeq as number };
  const customer = customerKeyOf(event.customer);
  if (customer === undefined) {
    return refuse('customer', `customer must be an object whose customer_token, unionid or openid is a string of 1 to ${MAX_ID_LENGTH} characters`);
  }
  if (!isPlainObject(event.customer) || !('identity_hash' in event.customer)) {
    return { id: event.id, visitor, customer, verified: false, type: event.type, at: event.at as number, event, ...numbered };
  }
  const hash = event.customer.identity_hash;
  const given = hash !== undefined && hash !== null && hash !== '';
  if (given && (typeof hash !== 'string' || !IDENTITY_HASH.test(hash))) return refuse('identity_hash', `customer.identity_hash ${IDENTITY_HASH_RULE}`);
  // Only a customer key signed with this app's secret is verified: a claim alone links nothing.
  const verified = given && customer !== null && checkIdentity !== undefined && checkIdentity(customer, hash as string);
  const stored = { ...event, customer: withoutHash(event.customer) };
  return { id: event.id, visitor, customer, verified, type: event.type, at: event.at as number, event: stored, ...numbered };
}

export const isRejected = (result: IncomingEvent | Refusal): result is Refusal => 'reason' in result;
