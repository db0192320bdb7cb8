// One event as an agent sees it: a product card or an order. Client data only ever reaches the
// page through textContent and checked attributes (http(s) URLs, #hex colours); a field of the
// wrong type (`params: 5`, a name that is an object) shows as text or not at all, never breaks
// the page: no value is ever coerced (an object whose `toString` is a string throws when one
// tries), and an event that fails anyway shows as its JSON text (renderEventSafely). Long strings
// are cut for display.
import { el } from './el';
import { allowedImage } from './allowedImage';

/** Udesk's order statuses in the words agents read (the code stays beside them). */
export const STATUS_WORDS: Readonly<Record<string, string>> = { wait_pay: '待支付', paid: '已支付', closed: '已关闭' };
const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const MAX_SHOWN = 300;

export const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
};
const safeUrl = (value: unknown): string | null => (typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null);
/** A number, or a string that is one ("16.80"); null for anything else, objects included, uncoerced. */
export const numberOf = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : null;
};
const record = (value: unknown): Record<string, unknown> =>
  (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const when = (value: unknown): string => {
  const date = new Date(typeof value === 'number' || typeof value === 'string' ? value : NaN);
  return Number.isNaN(date.getTime()) ? text(value) : date.toLocaleString();
};

function productCard(data: Record<string, unknown>): HTMLElement {
  const url = safeUrl(data.url);
  const img = allowedImage(data.imgUrl);
  const placeholder = el('div', { className: 'noimg', textContent: 'no image' });
  const picture = img ? el('img', { src: img, alt: '', referrerPolicy: 'no-referrer' }) : placeholder;
  if (img) picture.addEventListener('error', () => picture.replaceWith(placeholder));
  const params = el('div', { className: 'params' });
  for (const param of Array.isArray(data.params) ? data.params.slice(0, 50) : []) {
    const p = record(param);
    const span = el('span', { textContent: text(p.text) });
    if (typeof p.color === 'string' && HEX.test(p.color)) span.style.color = p.color;
    if (p.fold === true) span.style.fontWeight = 'bold';
    const size = numberOf(p.size);
    span.style.fontSize = `${size !== null && size >= 8 && size <= 40 ? size : 12}px`;
    params.append(span);
    if (p.break === true) params.append(el('br'));
  }
  const name = url
    ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', textContent: text(data.name) })
    : el('span', { textContent: text(data.name) });
  return el('div', { className: 'card product' }, picture, el('div', {}, el('div', { className: 'name' }, name), params));
}

function orderCard(data: Record<string, unknown>): HTMLElement {
  const status = text(data.status);
  const price = numberOf(data.price);
  const lines = el('div', {},
    el('div', { className: 'name' }, `${text(data.name)} · No. ${text(data.order_no)}`,
      el('span', {
        className: `status ${/^[a-z_]+$/.test(status) ? status : ''}`,
        textContent: Object.prototype.hasOwnProperty.call(STATUS_WORDS, status) ? `${STATUS_WORDS[status]} ${status}` : status,
      })),
    el('div', { textContent: `¥${price !== null ? price.toFixed(2) : text(data.price)} · ordered ${when(data.order_at)}${data.pay_at ? ` · paid ${when(data.pay_at)}` : ''}` }));
  const consignee = [data.consignee_name, data.consignee_phone, data.consignee_address].filter(Boolean).map(text);
  if (consignee.length) lines.append(el('div', { textContent: `Consignee: ${consignee.join(', ')}` }));
  if (Array.isArray(data.commodities) && data.commodities.length) {
    const table = el('table', { className: 'commodities' },
      el('tr', {}, ...['Product', 'No.', 'Count', 'Fee'].map((h) => el('th', { textContent: h }))));
    for (const item of data.commodities.slice(0, 100)) {
      const c = record(item);
      table.append(el('tr', {}, ...[c.commodit_name, c.commodit_no, c.commodit_count, c.commodit_fee].map((v) => el('td', { textContent: text(v) }))));
    }
    lines.append(table);
  }
  if (data.remark) lines.append(el('div', { textContent: `Remark: ${text(data.remark)}` }));
  return el('div', { className: 'card order' }, lines);
}

export interface ConsoleEvent {
  appId: string;
  id: string;
  visitor: string;
  customer: string | null;
  type: string;
  at: number;
  receivedAt: number;
  event: Record<string, unknown>;
}

export function renderEvent(stored: ConsoleEvent): HTMLElement {
  const data = record(stored.event.data);
  const seq = typeof stored.event.seq === 'number' ? ` · #${stored.event.seq}` : '';
  return el('li', { className: stored.type === 'order' ? 'order' : 'product', dataset: { id: stored.id } },
    el('div', { className: 'time', textContent: `${when(stored.at)} · ${stored.type === 'order' ? 'Order' : 'Viewed product'}${seq}` }),
    stored.type === 'order' ? orderCard(data) : productCard(data));
}

/** renderEvent, or, should it fail on data nobody foresaw, the event as text: never a throw. */
export function renderEventSafely(stored: ConsoleEvent): HTMLElement {
  try {
    return renderEvent(stored);
  } catch {
    return el('li', { className: 'unreadable', dataset: { id: typeof stored.id === 'string' ? stored.id : '' } },
      el('div', { className: 'time', textContent: `${when(stored.at)} · 无法显示的事件 · could not show this event` }),
      el('div', { className: 'raw', textContent: text(stored.event) }));
  }
}
