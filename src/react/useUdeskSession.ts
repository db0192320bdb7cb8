import { useEffect, useMemo, useRef } from 'react';
import { composeSessionFrom, reportError } from '../core';
import type { SessionFromInput, SessionFromResult, UdeskError } from '../core';
import { contentKey } from './contentKey';

type Composed = Omit<SessionFromResult, 'errors'> & { errors: UdeskError[] };

export interface UseUdeskSessionOptions {
  /** UTF-8 byte budget, 16 to 1024; default 1000. */
  maxBytes?: number;
  /** Called with the paths of the fields left out to fit the budget, once per new value. */
  onTrim?: (trimmed: string[]) => void;
  /** Called for each invalid field (left out of the value), once per new value. */
  onError?: (error: UdeskError) => void;
}

export interface UdeskSession {
  /** The session-from value: always within budget, never throws. */
  sessionFrom: string;
  bytes: number;
  /** Fields left out to fit the budget; empty when nothing was. */
  trimmed: string[];
  /** Invalid fields, left out of `sessionFrom`. */
  errors: UdeskError[];
}

function compose(input: SessionFromInput, maxBytes: number | undefined): Composed {
  try {
    return composeSessionFrom(input, { maxBytes });
  } catch (e) {
    // Only a bad maxBytes throws: fall back to the default budget and report it.
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
  const { maxBytes } = options;
  const key = contentKey([input, maxBytes]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content on purpose
  const result = useMemo(() => compose(input, maxBytes), [key]);
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
    () => ({ sessionFrom: result.value, bytes: result.bytes, trimmed: result.trimmed, errors: result.errors }),
    [result],
  );
}
