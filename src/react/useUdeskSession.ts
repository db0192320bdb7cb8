import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { composeSessionFrom, reportError } from '../core';
import type { SessionFromInput, SessionFromResult, Tracker, TrajectoryOption, UdeskError } from '../core';
import { udeskLink } from '../taro/udeskLink';
import { contentKey } from './contentKey';

type Composed = Omit<SessionFromResult, 'errors'> & { errors: UdeskError[] };

export interface UseUdeskSessionOptions {
  /** UTF-8 byte budget, 16 to 1024; default 1000. */
  maxBytes?: number;
  /** Called with the paths of the fields left out to fit the budget, once per new value. */
  onTrim?: (trimmed: string[]) => void;
  /** Called for each invalid field (left out of the value), once per new value. */
  onError?: (error: UdeskError) => void;
  /**
   * `TextField_<n>`: the customer's custom field (a link-type text field the Udesk admin
   * created) that receives the agent's link to this visitor's trajectory, once it is known.
   */
  trajectoryField?: string;
  /**
   * Where the link comes from; default `UdeskSdk`'s (give it `trajectoryUrl` in `init`), read
   * from the link store it writes, so the button does not bundle the tracker.
   */
  tracker?: Pick<Tracker, 'trajectoryLink' | 'subscribe'> & Partial<Pick<Tracker, 'contact'>>;
}

export interface UdeskSession {
  /** The session-from value: always within budget, never throws. */
  sessionFrom: string;
  bytes: number;
  /** Fields left out to fit the budget; empty when nothing was. */
  trimmed: string[];
  /** Invalid fields, left out of `sessionFrom`. */
  errors: UdeskError[];
  /** The trajectory link put into the value, when `trajectoryField` was given and the link is known. */
  trajectoryLink?: string;
}

function compose(input: SessionFromInput, maxBytes: number | undefined, trajectory: TrajectoryOption | undefined): Composed {
  try {
    return composeSessionFrom(input, { maxBytes, trajectory });
  } catch (e) {
    // Only a bad maxBytes or trajectoryField throws: fall back to the defaults and report it.
    const result = composeSessionFrom(input);
    return { ...result, errors: [e as UdeskError, ...result.errors] };
  }
}

/**
 * The session-from value for a customer, rebuilt only when the input's content changes.
 * Never throws into the page: invalid fields are left out and reported to `onError` and as a
 * development warning.
 */
export function useUdeskSession(input: SessionFromInput, options: UseUdeskSessionOptions = {}): UdeskSession {
  const { maxBytes, trajectoryField, tracker = udeskLink } = options;
  // Re-rendered when the link becomes known (the visitor id is read) or changes (identify(null)).
  const link = useSyncExternalStore(tracker.subscribe, tracker.trajectoryLink, tracker.trajectoryLink);
  const trajectory = trajectoryField === undefined ? undefined : { field: trajectoryField, url: link };
  const key = contentKey([input, maxBytes, trajectory]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content on purpose
  const result = useMemo(() => compose(input, maxBytes, trajectory), [key]);
  const callbacks = useRef(options);
  callbacks.current = options;
  // The value last reported (swr's pattern): StrictMode runs this effect twice for one value.
  const reported = useRef<Composed>();
  useEffect(() => {
    if (reported.current === result) return;
    reported.current = result;
    const { onTrim, onError } = callbacks.current;
    if (result.trimmed.length && onTrim) onTrim(result.trimmed);
    for (const error of result.errors) reportError(error, onError);
  }, [result]);
  return useMemo(
    () => ({
      sessionFrom: result.value,
      bytes: result.bytes,
      trimmed: result.trimmed,
      errors: result.errors,
      trajectoryLink: trajectory && trajectory.url,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the link is part of `key`, hence of `result`
    [result],
  );
}
