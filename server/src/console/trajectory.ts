// The agent's page for one visitor (GET /t/<visitor id>), opened from the link in the chat's
// customer field: that visitor's and, once verified, every visitor of the same verified customer's
// product views, orders and requests for help, newest first, under a first screen that says who
// this is and what they did (the answer's `summary`). No login: the id in the address is the
// capability, sent only to this server's JSON endpoint beside the page. It loads the newest page
// of events, then polls for what is stored since (`?after=`), and loads older pages on request
// (`?before=`), so an open page downloads each event once. Each event is rendered on its own and
// counted as shown only once rendered: one odd event cannot blank the page. Its words are in the
// language the server wrote into <html lang> (messages.ts).
import { el } from './el';
import { renderEventSafely, type ConsoleEvent } from './renderEvent';
import { renderSummary, renderWho, type PageSummary } from './renderSummary';
import { t } from './messages';

const POLL_MS = 2000;
const RETRY_MS = 5000;
const trail = document.getElementById('trail') as HTMLElement;
const empty = document.getElementById('empty') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
const summaryBox = document.getElementById('summary') as HTMLElement;
const olderButton = document.getElementById('older') as HTMLButtonElement;
const endpoint = `${location.pathname.replace(/\/+$/, '')}/events`;

/** The answer of /t/<id>/events (docs/protocol.md, "The agent's page"). */
interface PageAnswer {
  events: ConsoleEvent[];
  older?: string;
  newer?: string;
  more?: boolean;
  summary?: PageSummary;
}

interface Shown {
  event: ConsoleEvent;
  item: HTMLElement;
  /** Arrival order, to keep events of the same millisecond in a stable order. */
  order: number;
}

const shown = new Map<string, Shown>();
let arrivals = 0;
/** Where to poll from; undefined: the newest page again. */
let newer: string | undefined;
/** The page before the oldest shown; null when there is none. */
let older: string | null = null;
/** Whether the agent has loaded an older page (then `older` follows those pages, not the newest). */
let loadedOlder = false;

const keyOf = (event: ConsoleEvent): string => `${String(event.appId)}\u0000${String(event.id)}`;
const deviceOf = (event: ConsoleEvent): string => `${String(event.appId)}\u0000${String(event.visitor)}`;
const received = (event: ConsoleEvent): number => (typeof event.receivedAt === 'number' ? event.receivedAt : 0);

/** Newest first by the client's clock, then by arrival at the server; re-labels devices; keeps rendered items. */
function layout(): void {
  const entries = [...shown.values()].sort((a, b) =>
    (b.event.at - a.event.at) || (received(b.event) - received(a.event)) || (a.order - b.order));
  const devices = [...new Set(entries.map((entry) => deviceOf(entry.event)))];
  for (const { event, item } of entries) {
    item.querySelector('.device')?.remove();
    if (devices.length > 1) {
      const device = devices.indexOf(deviceOf(event)) + 1;
      item.querySelector('.time')?.append(el('span', { className: 'device', textContent: ` · ${t('device', { n: device, total: devices.length })}` }));
    }
  }
  trail.replaceChildren(...entries.map((entry) => entry.item));
  empty.hidden = entries.length > 0;
  olderButton.hidden = !older;
}

function showSummary(summary: PageSummary | undefined): void {
  if (!summary || typeof summary !== 'object') return;
  try {
    who.dataset.identity = summary.identity.state;
    who.replaceChildren(...renderWho(summary.identity));
    summaryBox.replaceChildren(...renderSummary(summary));
    summaryBox.hidden = false;
  } catch {
    // A summary the page cannot read leaves the last one shown; the trail still shows.
  }
}

/** Adds the events not shown yet, each rendered on its own. */
function add(events: unknown): void {
  for (const event of Array.isArray(events) ? (events as ConsoleEvent[]) : []) {
    if (typeof event !== 'object' || event === null) continue;
    const key = keyOf(event);
    if (shown.has(key)) continue;
    const item = renderEventSafely(event);
    arrivals += 1;
    shown.set(key, { event, item, order: arrivals });
  }
  layout();
}

async function fetchPage(query: string): Promise<PageAnswer | { retryAfter: number }> {
  const response = await fetch(`${endpoint}${query}`, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (response.status === 429) return { retryAfter: Math.max(1, Number(response.headers.get('retry-after')) || 1) * 1000 };
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as PageAnswer;
}

function setStatus(text: string, className: string): void {
  status.textContent = text;
  status.className = className;
}

async function poll(): Promise<void> {
  let wait = POLL_MS;
  try {
    const answer = await fetchPage(newer === undefined ? '' : `?after=${encodeURIComponent(newer)}`);
    if ('retryAfter' in answer) {
      wait = answer.retryAfter;
      setStatus(t('rateLimited'), 'bad');
    } else {
      // The newest page says whether older ones exist, until the agent has loaded one.
      if (newer === undefined && !loadedOlder) older = answer.older ?? null;
      if (typeof answer.newer === 'string') newer = answer.newer;
      showSummary(answer.summary);
      add(answer.events);
      if (answer.more === true) wait = 0;
      setStatus(t('live'), 'ok');
    }
  } catch {
    wait = RETRY_MS;
    setStatus(t('reconnecting'), 'bad');
  }
  setTimeout(() => void poll(), wait);
}

olderButton.addEventListener('click', () => {
  if (!older) return;
  olderButton.disabled = true;
  fetchPage(`?before=${encodeURIComponent(older)}`)
    .then((answer) => {
      if ('retryAfter' in answer) return;
      loadedOlder = true;
      older = answer.older ?? null;
      add(answer.events);
    })
    .catch(() => setStatus(t('reconnecting'), 'bad'))
    .finally(() => {
      olderButton.disabled = false;
    });
});

void poll();
