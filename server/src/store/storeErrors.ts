import { UdeskError, UdeskValidationError } from 'taro-udesk/core';

/**
 * An `after` value that is not a cursor this store handed out (garbage, tampered, or a visitors
 * cursor given to `events()`). The HTTP layer answers it with 400.
 */
export class InvalidCursorError extends UdeskValidationError {
  constructor(rule: string) {
    super('after', rule);
    this.name = 'InvalidCursorError';
  }
}

/**
 * The server handed the store something its own validation should have refused (a limit out of
 * 1..1000, an event without a string id, text PostgreSQL cannot keep). `path` names the field.
 */
export class InvalidStoreInputError extends UdeskValidationError {
  constructor(path: string, rule: string) {
    super(path, rule);
    this.name = 'InvalidStoreInputError';
  }
}

/** `insert` after `close()` began: the server stops accepting batches before it closes the store. */
export class StoreClosedError extends UdeskError {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

/**
 * The store cannot answer now (its engine failed and is being reopened, it did not answer in time,
 * the database is down). The HTTP layer answers 503 with Retry-After: the client keeps its events.
 */
export class StoreUnavailableError extends UdeskError {
  constructor(reason: string) {
    super(reason);
    this.name = 'StoreUnavailableError';
  }
}
