// The store layer of taro-udesk-server: what the HTTP layer imports.
export type {
  EventPage,
  TrajectoryQuery,
  TrajectoryPage,
  EventQuery,
  IncomingEvent,
  InsertResult,
  StoredEvent,
  TrajectoryStore,
  VisitorPage,
  VisitorSummary,
} from './TrajectoryStore';
export { createPgliteStore, type PgliteStoreOptions } from './createPgliteStore';
export { createPostgresStore, type PostgresStoreOptions } from './createPostgresStore';
export { InvalidCursorError, InvalidStoreInputError, StoreClosedError } from './storeErrors';
export { findUnstorableText } from './storableText';
