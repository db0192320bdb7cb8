// The session-from decoder beside the trajectories: the library's own inspectSessionFrom, run in
// the page on what the agent pastes (or `#sf=` in the link). Nothing is sent anywhere.
import { inspectSessionFrom } from 'taro-udesk/core';
import { el } from './el';

export function startDecoder(): void {
  const input = document.getElementById('sf-input') as HTMLTextAreaElement;
  const out = document.getElementById('sf-output') as HTMLElement;
  const decode = () => {
    out.replaceChildren();
    const value = input.value.trim();
    if (!value) return;
    const report = inspectSessionFrom(value);
    out.append(el('p', { className: report.warnings.length ? 'bad' : 'ok', id: 'sf-verdict',
      textContent: `${report.bytes} / ${report.maxBytes} bytes · ${report.warnings.length ? `${report.warnings.length} problem(s)` : 'valid'}` }));
    const list = el('dl', { id: 'sf-segments' });
    const row = (name: string, value: unknown) =>
      list.append(el('dt', { textContent: name }), el('dd', { textContent: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }));
    const parsed = report.parsed;
    row('nickName', parsed.nickName);
    row('avatar', parsed.avatar);
    if (parsed.customer) row('customer', parsed.customer);
    if (parsed.note) row('note', parsed.note);
    if (parsed.unionid) row('unionid', parsed.unionid);
    for (const [name, value] of Object.entries(parsed.extra)) row(name, value);
    out.append(list);
    if (report.warnings.length) out.append(el('ul', { className: 'bad' }, ...report.warnings.map((w) => el('li', { textContent: w }))));
  };
  input.addEventListener('input', decode);
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('sf');
  if (fromHash) {
    input.value = fromHash;
    decode();
  }
}
