// The agent's page for one visitor (GET /t/<visitor id>), opened from the link in the chat's
// customer field: that visitor's and, once verified, every visitor of the same verified customer's
// product views and orders, in time order. No login: the id in the address is the capability,
// sent only to this server's JSON endpoint beside the page. Live by polling that endpoint.
import { el } from './el';
import { renderEvent, type ConsoleEvent } from './renderEvent';
import { identityLabel } from './identityLabel';

const POLL_MS = 2000;
const RETRY_MS = 5000;
const trail = document.getElementById('trail') as HTMLElement;
const empty = document.getElementById('empty') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
const endpoint = `${location.pathname.replace(/\/+$/, '')}/events`;
let shownKeys = '';

const keyOf = (event: ConsoleEvent): string => `${event.appId}\u0000${event.id}`;

/** Time order by the client's clock; the server's order breaks ties (one visitor's seq order). */
function inTimeOrder(events: ConsoleEvent[]): ConsoleEvent[] {
  return events.map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.at - b.event.at) || (a.index - b.index))
    .map(({ event }) => event);
}

function render(events: ConsoleEvent[]): void {
  const ordered = inTimeOrder(events);
  const keys = ordered.map(keyOf).join('\n');
  if (keys === shownKeys) return;
  shownKeys = keys;
  const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 8;
  const devices = [...new Set(ordered.map((event) => `${event.appId}\u0000${event.visitor}`))];
  const items = ordered.map((event) => {
    const item = renderEvent(event);
    if (devices.length > 1) {
      const device = devices.indexOf(`${event.appId}\u0000${event.visitor}`) + 1;
      item.querySelector('.time')?.append(el('span', { className: 'device', textContent: ` · 访客 ${device}/${devices.length}` }));
    }
    return item;
  });
  trail.replaceChildren(...items);
  empty.hidden = ordered.length > 0;
  const identity = identityLabel(ordered);
  who.dataset.identity = identity.state;
  who.textContent = `${identity.text ? `${identity.text} · ` : ''}${ordered.length} 条 events${devices.length > 1 ? ` · ${devices.length} 个访客 visitors` : ''}`;
  if (atBottom && ordered.length > 0) window.scrollTo(0, document.body.scrollHeight);
}

async function poll(): Promise<void> {
  let wait = POLL_MS;
  try {
    const response = await fetch(endpoint, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (response.status === 429) {
      wait = Math.max(1, Number(response.headers.get('retry-after')) || 1) * 1000;
      status.textContent = '请求过多，稍后重试 · rate-limited';
    } else if (!response.ok) {
      throw new Error(`answered ${response.status}`);
    } else {
      const body = (await response.json()) as { events: ConsoleEvent[] };
      render(Array.isArray(body.events) ? body.events : []);
      status.textContent = '实时 · live';
      status.className = 'ok';
    }
  } catch (error) {
    wait = RETRY_MS;
    status.textContent = `连接中断，重试中 · reconnecting (${(error as Error).message})`;
    status.className = 'bad';
  }
  setTimeout(() => void poll(), wait);
}

void poll();
