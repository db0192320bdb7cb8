// taro-udesk-server: the trajectory server (Node ≥ 18). No React, no Taro.
// The error classes it throws (the core's, bundled in): `instanceof` against these.
export { UdeskError, UdeskValidationError, UdeskConfigError } from 'taro-udesk/core';
export { createTrajectoryServer } from './createTrajectoryServer';
export type { TrajectoryServer } from './createTrajectoryServer';
export type { TrajectoryServerOptions } from './options';
export type { Logger, ServerStats } from './ServerContext';
export { createLogger } from './createLogger';
export type { LogFormat, LogOutput } from './createLogger';
export { DEFAULT_DATA_DIR } from './openStore';
export { signWebImCustomer } from './signWebImCustomer';
export type { SignWebImCustomerOptions, WebImSignatureAlgorithm } from './signWebImCustomer';
export { signCustomerIdentity } from './signCustomerIdentity';
export type { SignCustomerIdentityOptions } from './signCustomerIdentity';
export { MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from './validateEvent';
export type {
  TrajectoryStore,
  IncomingEvent,
  StoredEvent,
  InsertResult,
  EventQuery,
  EventPage,
  TrajectoryQuery,
  TrajectoryPage,
  VisitorSummary,
  VisitorPage,
} from './store/TrajectoryStore';
