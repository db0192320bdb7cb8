// One event as an agent sees it: a product card, an order, or the moment the customer asked for
// help. Client data only ever reaches the page through textContent and checked attributes (http(s)
// URLs, #hex colours), and is marked translate="no" (it is the shop's words, not the page's); a
// field of the wrong type (`params: 5`, a name that is an object) shows as text or not at all,
// never breaks the page: no value is ever coerced (an object whose `toString` is a string throws
// when one tries), and an event that fails anyway shows as its JSON text (renderEventSafely).
// Long strings are cut for display. The page's own words come from its language's table.
import { el } from './el';
import { t, type MessageKey } from './messages';
import { renderContact } from './renderContact';
import { data, HEX, numberOf, price, productName, productPicture, record, statusBadge, text, when } from './eventParts';

export { text, when } from './eventParts';

function productCard(product: Record<string, unknown>): HTMLElement {
  const params = el('div', { className: 'params', translate: false });
  for (const param of Array.isArray(product.params) ? product.params.slice(0, 50) : []) {
    const p = record(param);
    const span = el('span', { textContent: text(p.text) });
    if (typeof p.color === 'string' && HEX.test(p.color)) span.style.color = p.color;
    if (p.fold === true) span.style.fontWeight = 'bold';
    const size = numberOf(p.size);
    span.style.fontSize = `${size !== null && size >= 8 && size <= 40 ? size : 12}px`;
    params.append(span);
    if (p.break === true) params.append(el('br'));
  }
  return el('div', { className: 'card product' }, productPicture(product), el('div', {}, el('div', { className: 'name' }, productName(product)), params));
}

function orderCard(order: Record<string, unknown>): HTMLElement {
  const times = [t('orderedAt', { when: when(order.order_at) }), ...(order.pay_at ? [t('paidAt', { when: when(order.pay_at) })] : [])];
  const lines = el('div', {},
    el('div', { className: 'name' }, data(order.name, 'span', 'order-name'), ` · ${t('orderNo', { no: '' })}`, data(order.order_no), statusBadge(order.status)),
    el('div', {}, data(price(order.price)), ` · ${times.join(' · ')}`));
  const consignee = [order.consignee_name, order.consignee_phone, order.consignee_address].filter(Boolean).map(text);
  if (consignee.length) lines.append(el('div', {}, t('consignee', { who: '' }), data(consignee.join(', '))));
  if (Array.isArray(order.commodities) && order.commodities.length) {
    const headings: MessageKey[] = ['commodity', 'commodityNo', 'commodityCount', 'commodityFee'];
    const table = el('table', { className: 'commodities' }, el('tr', {}, ...headings.map((h) => el('th', { textContent: t(h) }))));
    for (const item of order.commodities.slice(0, 100)) {
      const c = record(item);
      table.append(el('tr', {}, ...[c.commodit_name, c.commodit_no, c.commodit_count, c.commodit_fee].map((v) => data(v, 'td'))));
    }
    lines.append(table);
  }
  if (order.remark) lines.append(el('div', {}, t('remark', { text: '' }), data(order.remark)));
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

const KINDS: Record<string, { label: MessageKey; render: (data: Record<string, unknown>) => HTMLElement }> = {
  product: { label: 'viewedProduct', render: productCard },
  order: { label: 'order', render: orderCard },
  contact: { label: 'askedHere', render: renderContact },
};

export function renderEvent(stored: ConsoleEvent): HTMLElement {
  const kind = Object.prototype.hasOwnProperty.call(KINDS, stored.type) ? KINDS[stored.type] : KINDS.product;
  const type = kind === KINDS.product ? 'product' : stored.type;
  const seq = typeof stored.event.seq === 'number' ? ` · #${stored.event.seq}` : '';
  return el('li', { className: type, dataset: { id: stored.id } },
    el('div', { className: 'time', textContent: `${when(stored.at)} · ${t(kind.label)}${seq}` }),
    kind.render(record(stored.event.data)));
}

/** renderEvent, or, should it fail on data nobody foresaw, the event as text: never a throw. */
export function renderEventSafely(stored: ConsoleEvent): HTMLElement {
  try {
    return renderEvent(stored);
  } catch {
    return el('li', { className: 'unreadable', dataset: { id: typeof stored.id === 'string' ? stored.id : '' } },
      el('div', { className: 'time', textContent: `${when(stored.at)} · ${t('unreadable')}` }),
      el('div', { className: 'raw', textContent: text(stored.event), translate: false }));
  }
}
