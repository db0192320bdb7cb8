// The trajectory console: asks for the admin token once (kept in sessionStorage for this tab;
// `#token=` in the link works too and is removed from the address at once), lists visitors
// most recent first, page by page, each with their events in order, and stays live through
// GET /v1/stream, read with fetch so the token travels in a header, never in a URL.
import { el } from './el';
import { renderEventSafely, type ConsoleEvent } from './renderEvent';
import { data } from './eventParts';
import { startDecoder } from './decoder';
import { t } from './messages';
import { startDeliveryPanel, type AppDeliveryFigures } from './deliveryPanel';

/** An event as the admin reads return it: `verified` says whether the server verified its `customer`. */
type IdentifiedEvent = ConsoleEvent & { verified?: boolean };

const TOKEN_KEY = 'taro-udesk:admin-token';
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const visitorsRoot = $('visitors');
const blocks = new Map<string, { block: HTMLElement; trail: HTMLElement; ids: Set<string>; count: HTMLElement }>();
// The token lives in the tab (sessionStorage); in the browser (localStorage, every tab of this
// origin: a decode link opened in a new tab keeps it) only when the agent asks to be remembered,
// since any page served from this origin (a static H5 app with --static) could then read it.
let token = takeTokenFromHash() ?? sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
let nextVisitors: string | undefined;

function takeTokenFromHash(): string | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const given = params.get('token');
  if (given === null) return null;
  const remember = params.get('remember') === '1';
  params.delete('token');
  params.delete('remember');
  history.replaceState(null, '', `${location.pathname}${location.search}${params.toString() ? `#${params}` : ''}`);
  keepToken(given, remember);
  return given;
}

function keepToken(given: string, remember: boolean): void {
  sessionStorage.setItem(TOKEN_KEY, given);
  if (remember) localStorage.setItem(TOKEN_KEY, given);
  else localStorage.removeItem(TOKEN_KEY);
}

/** An error in the page's own words (anything else, a browser's message included, is said as a network error). */
class Said extends Error {}
class Unauthorized extends Said {}

/** A fetch that failed before any answer (the browser's own words, in its language): said in the page's. */
const request = (path: string): Promise<Response> =>
  fetch(path, { headers: { authorization: `Bearer ${token}` } }).catch(() => {
    throw new Said(t('networkError'));
  });

async function api<T>(path: string): Promise<T> {
  const response = await request(path);
  if (response.status === 401) throw new Unauthorized(t('tokenRefused'));
  if (!response.ok) throw new Said(t('answered', { status: response.status }));
  return response.json() as Promise<T>;
}

function askForToken(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
  token = null;
  $('token-form').hidden = false;
  $('token-error').textContent = message;
}

const keyOf = (appId: string, visitor: string) => JSON.stringify([appId, visitor]);

function blockFor(appId: string, visitor: string, atTop: boolean) {
  const key = keyOf(appId, visitor);
  let entry = blocks.get(key);
  if (!entry) {
    const trail = el('ol', { className: 'trail' });
    const count = el('small', {});
    const [before, after = ''] = t('visitor').split('{id}');
    const block = el('div', { className: 'visitor', dataset: { visitor } },
      el('h2', {}, before, data(visitor.slice(-6)), `${after} `, count), trail);
    entry = { block, trail, ids: new Set(), count };
    blocks.set(key, entry);
    if (atTop) visitorsRoot.prepend(block);
    else visitorsRoot.append(block);
  }
  return entry;
}

/** Each event rendered on its own (an odd one shows as text), and counted only once rendered. */
function addEvents(events: ConsoleEvent[], atTop: boolean) {
  for (const stored of events) {
    const entry = blockFor(stored.appId, stored.visitor, atTop);
    if (entry.ids.has(stored.id)) continue;
    entry.trail.append(renderEventSafely(stored));
    entry.ids.add(stored.id);
    // A customer nobody verified is only a claim (identity verification, docs/server.md).
    const [before, after = ''] = t('customer').split('{key}');
    const customer = stored.customer
      ? [` · ${before}`, data(stored.customer), `${after}${t((stored as IdentifiedEvent).verified ? 'customerVerified' : 'customerUnverified')}`]
      : [];
    entry.count.replaceChildren(data(stored.appId), ` · ${t('eventCount', { n: entry.ids.size })}`, ...customer);
    if (atTop && visitorsRoot.firstChild !== entry.block) visitorsRoot.prepend(entry.block);
  }
}

interface VisitorSummary { appId: string; visitor: string }

async function eventsOf(summary: VisitorSummary, add: (events: ConsoleEvent[]) => void) {
  let after: string | undefined;
  do {
    const page = await api<{ events: ConsoleEvent[]; next?: string }>(
      `/v1/events?app=${encodeURIComponent(summary.appId)}&visitor=${encodeURIComponent(summary.visitor)}&limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    add(page.events);
    after = page.next;
  } while (after);
}

/** After the stream dropped: what the most recent visitors did meanwhile, shown once by id. */
async function catchUp() {
  const page = await api<{ visitors: VisitorSummary[] }>('/v1/visitors?limit=20');
  for (const summary of page.visitors.reverse()) await eventsOf(summary, (events) => addEvents(events, true));
}

async function loadVisitors() {
  const query = `/v1/visitors?limit=20${nextVisitors ? `&after=${encodeURIComponent(nextVisitors)}` : ''}`;
  const page = await api<{ visitors: VisitorSummary[]; next?: string }>(query);
  for (const summary of page.visitors) {
    blockFor(summary.appId, summary.visitor, false);
    await eventsOf(summary, (events) => addEvents(events, false));
  }
  nextVisitors = page.next;
  $('more').hidden = !nextVisitors;
  if (!blocks.size) $('status').textContent = t('noEvents');
}

/** Reads the SSE stream until it ends; new events go to the top. */
async function follow(): Promise<void> {
  const response = await request('/v1/stream');
  if (response.status === 401) throw new Unauthorized(t('tokenRefused'));
  if (!response.ok || !response.body) throw new Said(t('answered', { status: response.status }));
  $('live').textContent = `● ${t('live')}`;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
      if (frame.startsWith('event: events') && data) addEvents(JSON.parse(data) as ConsoleEvent[], true);
    }
  }
}

let refreshDelivery: (() => void) | undefined;

async function start() {
  if (!token) return askForToken();
  $('token-form').hidden = true;
  if (refreshDelivery) refreshDelivery(); // a token given again
  else refreshDelivery = startDeliveryPanel($('delivery'), () => api<{ apps: AppDeliveryFigures[] }>('/v1/delivery'));
  for (let attempt = 0; token; attempt++) {
    $('status').textContent = '';
    // The stream first, then the pages: an event stored in between is shown once, by id.
    const live = follow();
    live.catch(() => undefined); // handled below once the pages are loaded (or failed)
    try {
      await (attempt === 0 ? loadVisitors() : catchUp());
      await live;
    } catch (error) {
      if (error instanceof Unauthorized) return askForToken(error.message);
      $('live').textContent = '';
      $('status').textContent = t('offline', { why: error instanceof Said ? error.message : t('networkError') });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

$('token-form').addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  const input = $('token-input') as HTMLInputElement;
  token = input.value.trim();
  input.value = '';
  keepToken(token, ($('token-remember') as HTMLInputElement).checked);
  void start();
});
$('more').addEventListener('click', () => void loadVisitors().catch((error: Error) => {
  $('status').textContent = error instanceof Said ? error.message : t('networkError');
}));
window.addEventListener('hashchange', () => {
  const given = takeTokenFromHash();
  if (given !== null) location.reload();
});
startDecoder();
void start();
