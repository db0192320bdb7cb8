// A person's data as newline-delimited JSON (PIPL art. 45: a copy on request), streamed page by
// page with the socket's backpressure, so an export of any size holds one page in memory:
//   {"kind":"visitor", …summary}   each visitor summary the target has (most recently active first)
//   {"kind":"event", …event}       each event, oldest first
//   {"kind":"end","visitors":N,"events":M}   last: an export without it was cut short.
import type { ServerResponse } from 'http';
import type { ErasureTarget, TrajectoryStore } from './store/TrajectoryStore';
import { BASE_HEADERS } from './respond';

const PAGE = 1000;

function write(res: ServerResponse, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', closed);
      resolve();
    };
    const closed = (): void => {
      res.off('drain', done);
      reject(new Error('the client left'));
    };
    res.on('drain', done);
    res.once('close', closed);
  });
}

const lines = (kind: string, rows: object[]): string => rows.map((row) => `${JSON.stringify({ kind, ...row })}\n`).join('');

export async function streamExport(res: ServerResponse, store: TrajectoryStore, target: ErasureTarget): Promise<void> {
  const filter = 'visitor' in target ? { visitor: target.visitor } : { customer: target.customer };
  // The first page is read before answering, so a store that is down still gets its 503.
  let visitorPage;
  try {
    visitorPage = await store.visitors({ ...filter, limit: PAGE });
  } catch {
    res.writeHead(503, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
    res.end(JSON.stringify({ error: 'the store is unavailable: retry later' }));
    return;
  }
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-disposition': 'attachment; filename="taro-udesk-export.ndjson"',
  });
  let visitors = 0;
  let events = 0;
  try {
    for (;;) {
      visitors += visitorPage.visitors.length;
      await write(res, lines('visitor', visitorPage.visitors));
      if (visitorPage.next === undefined) break;
      visitorPage = await store.visitors({ ...filter, after: visitorPage.next, limit: PAGE });
    }
    let after: string | undefined;
    do {
      const page = await store.events({ ...filter, after, limit: PAGE });
      events += page.events.length;
      await write(res, lines('event', page.events));
      after = page.next;
    } while (after !== undefined);
    res.end(`${JSON.stringify({ kind: 'end', visitors, events })}\n`);
  } catch {
    // No end line: the reader knows the export is incomplete.
    res.destroy();
  }
}
