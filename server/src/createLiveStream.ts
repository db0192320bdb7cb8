// The live feed of GET /v1/stream: server-sent events carrying the newly stored events
// themselves, serialised once per batch whatever the number of listeners, so an open console
// costs a write per batch and never a reload.
import type { ServerResponse } from 'http';
import type { StoredEvent } from './store/TrajectoryStore';
import { BASE_HEADERS } from './respond';

/** A listener this far behind is cut off; its console reconnects and reloads its first page. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 25_000;

export interface LiveStream {
  /** Starts an SSE answer on `res` and keeps it until the client leaves or `close()`. */
  subscribe(res: ServerResponse): void;
  publish(events: StoredEvent[]): void;
  /** Ends every stream (some events were missed): each console reconnects and reads its pages again. */
  reset(): void;
  readonly listeners: number;
  close(): void;
}

export function createLiveStream(): LiveStream {
  const listeners = new Set<ServerResponse>();
  const send = (frame: string) => {
    for (const res of listeners) {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        listeners.delete(res);
        res.destroy();
      } else {
        res.write(frame);
      }
    }
  };
  const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();

  return {
    subscribe(res) {
      res.writeHead(200, {
        ...BASE_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        // Proxies such as nginx buffer answers unless told not to.
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      listeners.add(res);
      res.on('close', () => listeners.delete(res));
    },
    publish(events) {
      if (events.length === 0 || listeners.size === 0) return;
      send(`event: events\ndata: ${JSON.stringify(events)}\n\n`);
    },
    reset() {
      for (const res of listeners) res.end();
      listeners.clear();
    },
    get listeners() {
      return listeners.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of listeners) res.end();
      listeners.clear();
    },
  };
}
