// The trajectory console: per visitor, the trail in time order; and a session-from decoder
// that uses the library's own core (bundled from src/ by the collector).
import { inspectSessionFrom } from '/lib/core.js';

const el = (tag, { dataset, ...props } = {}, ...children) => {
  const node = document.createElement(tag);
  Object.assign(node, props);
  Object.assign(node.dataset, dataset);
  for (const c of children) if (c != null) node.append(c);
  return node;
};
const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//.test(u) ? u : null);
const when = (ms) => new Date(ms).toLocaleString();

function productCard(d) {
  const url = safeUrl(d.url);
  const img = safeUrl(d.imgUrl);
  const picture = img ? el('img', { src: img, alt: '' }) : null;
  const placeholder = el('div', { className: 'noimg', textContent: 'no image' });
  if (picture) picture.onerror = () => picture.replaceWith(placeholder);
  const params = el('div', { className: 'params' });
  for (const p of d.params || []) {
    const span = el('span', { textContent: p.text || '' });
    if (HEX.test(p.color || '')) span.style.color = p.color;
    if (p.fold) span.style.fontWeight = 'bold';
    span.style.fontSize = `${Number(p.size) || 12}px`;
    params.append(span);
    if (p.break) params.append(el('br'));
  }
  const name = url ? el('a', { href: url, target: '_blank', rel: 'noopener', textContent: d.name }) : el('span', { textContent: d.name });
  return el('div', { className: 'card product' }, picture || placeholder, el('div', {}, el('div', { className: 'name' }, name), params));
}

function orderCard(d) {
  const lines = el('div', {},
    el('div', { className: 'name' }, `${d.name} · No. ${d.order_no}`, el('span', { className: `status ${d.status}`, textContent: d.status })),
    el('div', { textContent: `¥${Number(d.price).toFixed(2)} · ordered ${when(d.order_at)}${d.pay_at ? ` · paid ${when(d.pay_at)}` : ''}` }));
  if (d.consignee_name || d.consignee_phone || d.consignee_address) {
    lines.append(el('div', { textContent: `Consignee: ${[d.consignee_name, d.consignee_phone, d.consignee_address].filter(Boolean).join(', ')}` }));
  }
  if (d.commodities && d.commodities.length) {
    const table = el('table', { className: 'commodities' },
      el('tr', {}, ...['Product', 'No.', 'Count', 'Fee'].map((h) => el('th', { textContent: h }))));
    for (const c of d.commodities) {
      table.append(el('tr', {}, ...[c.commodit_name, c.commodit_no, c.commodit_count, c.commodit_fee].map((v) => el('td', { textContent: v == null ? '' : String(v) }))));
    }
    lines.append(table);
  }
  if (d.remark) lines.append(el('div', { textContent: `Remark: ${d.remark}` }));
  return el('div', { className: 'card order' }, lines);
}

async function refresh() {
  const { events, stats } = await (await fetch('/v1/events')).json();
  document.getElementById('stats').textContent =
    `${stats.stored} stored this run, ${stats.duplicates} duplicates dropped by id, ${events.length} events in all.`;
  const byVisitor = new Map();
  for (const e of events) {
    if (!byVisitor.has(e.session)) byVisitor.set(e.session, []);
    byVisitor.get(e.session).push(e);
  }
  const root = document.getElementById('visitors');
  root.replaceChildren();
  if (!byVisitor.size) root.append(el('p', { className: 'empty', textContent: 'No events yet: browse the demo.' }));
  for (const [session, trail] of [...byVisitor].reverse()) {
    const list = el('ol', { className: 'trail' });
    for (const e of trail) {
      list.append(el('li', { className: e.type, dataset: { id: e.id } },
        el('div', { className: 'time', textContent: `${when(e.serverAt)} · ${e.type === 'order' ? 'Order' : 'Viewed product'} · #${e.seq}` }),
        e.type === 'order' ? orderCard(e.data) : productCard(e.data)));
    }
    root.append(el('div', { className: 'visitor', dataset: { session } },
      el('h2', {}, `Visitor ${session.slice(-6)} `, el('small', { textContent: `${trail[0].appId} · ${trail.length} events` })),
      list));
  }
}

function decode() {
  const value = document.getElementById('sf-input').value.trim();
  const out = document.getElementById('sf-output');
  out.replaceChildren();
  if (!value) return;
  const r = inspectSessionFrom(value);
  out.append(el('p', { className: r.warnings.length ? 'bad' : 'ok', id: 'sf-verdict',
    textContent: `${r.bytes} / ${r.maxBytes} bytes · ${r.warnings.length ? `${r.warnings.length} problem(s)` : 'valid'}` }));
  const dl = el('dl', { id: 'sf-segments' });
  const row = (k, v) => dl.append(el('dt', { textContent: k }), el('dd', { textContent: typeof v === 'string' ? v : JSON.stringify(v, null, 2) }));
  row('nickName', r.parsed.nickName);
  row('avatar', r.parsed.avatar);
  if (r.parsed.customer) row('customer', r.parsed.customer);
  if (r.parsed.note) row('note', r.parsed.note);
  if (r.parsed.unionid) row('unionid', r.parsed.unionid);
  for (const [k, v] of Object.entries(r.parsed.extra)) row(k, v);
  out.append(dl);
  if (r.warnings.length) out.append(el('ul', { className: 'bad' }, ...r.warnings.map((w) => el('li', { textContent: w }))));
}

const input = document.getElementById('sf-input');
input.addEventListener('input', decode);
const fromHash = new URLSearchParams(location.hash.slice(1)).get('sf');
if (fromHash) {
  input.value = fromHash;
  decode();
}
refresh();
new EventSource('/v1/stream').addEventListener('events', refresh);
