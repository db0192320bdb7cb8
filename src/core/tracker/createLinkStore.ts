/**
 * Where a tracker puts the trajectory link and a page reads it (and where the contact button
 * records the moment of contact), zustand's way: the tracker
 * writes, `useSyncExternalStore` reads, and neither imports the other. A page with only the
 * contact button then carries this store, never the tracker. Its reading half has the
 * tracker's own names, so a store and a tracker are read alike.
 */
export interface LinkStore {
  /** `<trajectoryUrl>/t/<visitor id>`, or undefined while it is not known (or never will be). */
  trajectoryLink(): string | undefined;
  /** Calls `listener` after each `set`; returns its unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Stores `link` and tells the listeners; what a listener throws goes to `onThrow`. */
  set(link: string | undefined, onThrow: (thrown: unknown) => void): void;
  /** The moment of contact, recorded by the tracker that gave `onContact`; false when none did. */
  contact(route?: string, query?: Record<string, string>): boolean;
  /** Where `contact()` goes: the tracker's own `contact`. */
  onContact(record: (route?: string, query?: Record<string, string>) => boolean): void;
}

export function createLinkStore(): LinkStore {
  let current: string | undefined;
  let listeners: Array<() => void> = [];
  let recordContact = (_route?: string, _query?: Record<string, string>): boolean => false;
  return {
    contact: (route, query) => recordContact(route, query),
    onContact(record) {
      recordContact = record;
    },
    trajectoryLink: () => current,
    subscribe(listener) {
      listeners.push(listener);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    set(link, onThrow) {
      current = link;
      // An unsubscribe during the loop makes a new array: this one is read to its end.
      for (const listener of listeners) {
        try {
          listener();
        } catch (e) {
          onThrow(e);
        }
      }
    },
  };
}
