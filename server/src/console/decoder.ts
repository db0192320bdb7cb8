// The session-from decoder beside the trajectories: the library's own inspectSessionFrom, run in
// the page on what the agent pastes (or `#sf=` in the link). Nothing is sent anywhere. The decoded
// values are data (translate="no"); the library's diagnostics are its own English sentences,
// shown as they are (lang="en") under a heading in the page's language.
import { inspectSessionFrom } from 'taro-udesk/core';
import { el } from './el';
import { t, type MessageKey } from './messages';

export function startDecoder(): void {
  const input = document.getElementById('sf-input') as HTMLTextAreaElement;
  const out = document.getElementById('sf-output') as HTMLElement;
  const decode = () => {
    out.replaceChildren();
    const value = input.value.trim();
    if (!value) return;
    const report = inspectSessionFrom(value);
    const sizes = { bytes: report.bytes, max: report.maxBytes, n: report.warnings.length };
    out.append(el('p', { className: report.warnings.length ? 'bad' : 'ok', id: 'sf-verdict',
      textContent: t(report.warnings.length ? 'decodeProblems' : 'decodeValid', sizes) }));
    const list = el('dl', { id: 'sf-segments' });
    const row = (name: string, value: unknown, label?: MessageKey) =>
      list.append(el('dt', label ? { textContent: t(label) } : { textContent: name, translate: false }),
        el('dd', { textContent: typeof value === 'string' ? value : JSON.stringify(value, null, 2), translate: false }));
    const parsed = report.parsed;
    row('nickName', parsed.nickName, 'decodeNick');
    row('avatar', parsed.avatar, 'decodeAvatar');
    if (parsed.customer) row('customer', parsed.customer, 'decodeCustomer');
    if (parsed.note) row('note', parsed.note, 'decodeNote');
    if (parsed.unionid) row('unionid', parsed.unionid, 'decodeUnionid');
    // Segments Udesk did not document (`assign^…`) go by their own names.
    for (const [name, value] of Object.entries(parsed.extra)) row(name, value);
    out.append(list);
    if (report.warnings.length) {
      out.append(el('p', { className: 'bad', textContent: t('decodeWarnings') }),
        el('ul', { className: 'bad', lang: 'en', translate: false }, ...report.warnings.map((w) => el('li', { textContent: w }))));
    }
  };
  input.addEventListener('input', decode);
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('sf');
  if (fromHash) {
    input.value = fromHash;
    decode();
  }
}
