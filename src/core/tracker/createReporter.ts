import { UdeskError } from '../errors';
import { reportError } from '../reportError';

/** Errors kept before `init` gives an `onError`; past it only counted, so memory stays bounded. */
const MAX_EARLY_ERRORS = 20;

/** What was thrown, as text, whatever it was: `null`, a string, an object whose toString throws. */
export const describeThrown = (thrown: unknown): string => {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return 'an unreadable value';
  }
};

export interface Reporter {
  /** To `onError` and a development warning; an UdeskError as it is, anything else wrapped. */
  report(problem: unknown): void;
  /** `init`'s `onError`: hears the errors kept so far, then a count of those that were not. */
  attach(onError: ((error: UdeskError) => void) | undefined): void;
}

/** Reports background trouble without ever throwing; before `init`, keeps a bounded number. */
export function createReporter(): Reporter {
  let onError: ((error: UdeskError) => void) | undefined;
  let attached = false;
  const early: UdeskError[] = [];
  let uncounted = 0;
  return {
    report(problem) {
      const error = problem instanceof UdeskError ? problem : new UdeskError(describeThrown(problem));
      reportError(error, onError);
      if (attached) return;
      if (early.length < MAX_EARLY_ERRORS) early.push(error);
      else uncounted++;
    },
    attach(handler) {
      onError = handler;
      attached = true;
      const missed = uncounted ? [new UdeskError(`${uncounted} more errors before init were not kept`)] : [];
      for (const error of early.splice(0).concat(missed)) {
        try {
          if (handler) handler(error); // warned of already, when it happened
        } catch {
          // a throwing onError is contained, as reportError does
        }
      }
    },
  };
}
