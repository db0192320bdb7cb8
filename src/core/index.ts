// taro-udesk/core: no React, no Taro, no platform globals. Safe to use in a Node backend.
export { UdeskError, UdeskValidationError, UdeskConfigError, UdeskOverflowError, UdeskParseError } from './errors';
export { utf8ByteLength } from './utf8ByteLength';
export { reportError } from './reportError';
export { buildWebImUrl } from './sessionFrom/buildWebImUrl';
export type { WebImCustomer } from './sessionFrom/WebImCustomer';
export { buildSessionFrom } from './sessionFrom/buildSessionFrom';
export type { BuildSessionFromOptions } from './sessionFrom/buildSessionFrom';
export { composeSessionFrom, DEFAULT_MAX_BYTES } from './sessionFrom/composeSessionFrom';
export type { ComposeOptions, SessionFromResult, TrajectoryOption } from './sessionFrom/composeSessionFrom';
export { parseSessionFrom } from './sessionFrom/parseSessionFrom';
export { inspectSessionFrom } from './sessionFrom/inspectSessionFrom';
export type { SessionFromInspection } from './sessionFrom/inspectSessionFrom';
export { validateSessionInput, CUSTOMER_KEYS, NOTE_KEYS, TRIM_ORDER } from './sessionFrom/validateSessionInput';
export type { NormalisedSession, ValidatedSession } from './sessionFrom/validateSessionInput';
export type {
  SessionFromInput,
  ParsedSessionFrom,
  UdeskCustomer,
  UdeskNote,
  UdeskPair,
  UdeskCustomFields,
} from './sessionFrom/types';
export { createTracker } from './tracker/createTracker';
export { createLinkStore } from './tracker/createLinkStore';
export type { LinkStore } from './tracker/createLinkStore';
export type {
  Tracker,
  TrackerConfig,
  EndpointDeliveryConfig,
  SdkDeliveryConfig,
  TrackerOptions,
  PageInfo,
  FlushResult,
  OfficialUdeskSdk,
  IdentifiedCustomer,
} from './tracker/createTracker';
export { classify, retryDelay, retryAfterOf } from './tracker/retryPolicy';
export type { Verdict } from './tracker/retryPolicy';
export { validateTrace } from './tracker/validateTrace';
export type { MiniProgramApi, RequestResult } from './tracker/platform';
export type {
  ProductTrace,
  ProductParam,
  OrderTrace,
  OrderCommodity,
  TraceData,
  TraceType,
  QueuedEvent,
  Batch,
  BatchResponse,
  RejectedEvent,
} from './tracker/types';
