// A request body read as a batch (docs/protocol.md). Only a body that is not JSON or not a batch
// at all is refused as a whole; events are then checked one by one (validateEvent).
import type { IncomingEvent } from './store/TrajectoryStore';
import type { RejectedEvent } from 'taro-udesk/core';
import { isPlainObject } from './isPlainObject';
import { unstorableStringReason } from './store/storableText';
import { isRejected, MAX_ID_LENGTH, validateEvent, type IdentityCheck, type RejectionKind } from './validateEvent';

export interface ParsedBatch {
  appId: string;
  events: IncomingEvent[];
  rejected: RejectedEvent[];
  /** The kind of each refusal, in the order of `rejected` (for /metrics; never in the answer). */
  rejectedKinds: RejectionKind[];
}

export type BatchParseResult = { ok: true; batch: ParsedBatch } | { ok: false; error: string };

/**
 * `identityCheckFor(appId)`: how the batch's customers are verified (customerIdentity.ts); none,
 * or undefined for that app: no customer of the batch is verified.
 */
export function parseBatch(text: string, identityCheckFor?: (appId: string) => IdentityCheck | undefined): BatchParseResult {
  let body: unknown;
  try {
    // V8's JSON.parse does not recurse on nesting: a 6,000-deep body parses; depth is checked
    // per event afterwards, without recursion either.
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
  if (!isPlainObject(body)) return { ok: false, error: 'the body must be a JSON object (a batch)' };
  if (body.v !== 1 && body.v !== 2) return { ok: false, error: 'v must be 1 or 2' };
  const { appId, events } = body;
  if (typeof appId !== 'string' || appId.length === 0 || appId.length > MAX_ID_LENGTH || unstorableStringReason(appId) !== null) {
    return { ok: false, error: `appId must be a string of 1 to ${MAX_ID_LENGTH} characters` };
  }
  if (!Array.isArray(events)) return { ok: false, error: 'events must be an array' };
  const batch: ParsedBatch = { appId, events: [], rejected: [], rejectedKinds: [] };
  const checkIdentity = identityCheckFor?.(appId);
  for (const event of events) {
    const result = validateEvent(event, body.v, checkIdentity);
    if (isRejected(result)) {
      batch.rejected.push({ id: result.id, reason: result.reason });
      batch.rejectedKinds.push(result.kind);
    } else batch.events.push(result);
  }
  return { ok: true, batch };
}
