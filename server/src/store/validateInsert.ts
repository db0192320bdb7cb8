import type { IncomingEvent } from './TrajectoryStore';
import { InvalidStoreInputError } from './storeErrors';
import { findUnstorableText } from './storableText';

// The server validates each event before the store sees it; this is the store's own guard, so a
// wrong call fails alone, with the field named, instead of failing a group commit shared with
// other callers.

const isText = (value: unknown): value is string => typeof value === 'string';

function checkText(value: unknown, path: string): void {
  if (!isText(value)) throw new InvalidStoreInputError(path, 'must be a string');
  const unstorable = findUnstorableText(value, path);
  if (unstorable) throw new InvalidStoreInputError(unstorable.path, unstorable.rule);
}

export function validateInsert(appId: unknown, events: unknown): asserts events is IncomingEvent[] {
  checkText(appId, 'appId');
  if ((appId as string).length === 0) throw new InvalidStoreInputError('appId', 'must not be empty');
  if (!Array.isArray(events)) throw new InvalidStoreInputError('events', 'must be an array');
  events.forEach((event: Partial<IncomingEvent> | null, index) => {
    const path = `events[${index}]`;
    if (event === null || typeof event !== 'object') throw new InvalidStoreInputError(path, 'must be an object');
    checkText(event.id, `${path}.id`);
    checkText(event.visitor, `${path}.visitor`);
    if (event.customer !== null) checkText(event.customer, `${path}.customer`);
    if (event.verified !== undefined && typeof event.verified !== 'boolean') {
      throw new InvalidStoreInputError(`${path}.verified`, 'must be a boolean');
    }
    if (event.verified === true && event.customer === null) {
      throw new InvalidStoreInputError(`${path}.verified`, 'needs a customer: only a customer is verified');
    }
    if (event.type !== 'product' && event.type !== 'order' && event.type !== 'contact') {
      throw new InvalidStoreInputError(`${path}.type`, 'must be product, order or contact');
    }
    if (!Number.isSafeInteger(event.at)) throw new InvalidStoreInputError(`${path}.at`, 'must be an integer (ms)');
    if (event.visitorSeq !== undefined && !(Number.isSafeInteger(event.visitorSeq) && (event.visitorSeq as number) >= 1)) {
      throw new InvalidStoreInputError(`${path}.visitorSeq`, 'must be a whole number from 1 to 2^53 - 1');
    }
    const body = event.event;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidStoreInputError(`${path}.event`, 'must be an object');
    }
    const unstorable = findUnstorableText(body, `${path}.event`);
    if (unstorable) throw new InvalidStoreInputError(unstorable.path, unstorable.rule);
  });
}
