import type { SessionFromInspection } from '../core';

const indent = (text: string, pad: string) => text.split('\n').join('\n' + pad);

/** The `inspect` command's report: size, each segment decoded, then the verdict. */
export function formatInspection(report: SessionFromInspection): string {
  const { parsed } = report;
  const lines = [`session-from: ${report.bytes} / ${report.maxBytes} bytes, ${report.length} characters`];
  const row = (name: string, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    lines.push(`  ${name.padEnd(9)}${indent(text, ' '.repeat(11))}`);
  };
  row('nickName', parsed.nickName || '(empty)');
  row('avatar', parsed.avatar || '(empty)');
  if (parsed.customer) row('customer', parsed.customer);
  if (parsed.note) row('note', parsed.note);
  if (parsed.unionid !== undefined) row('unionid', parsed.unionid);
  for (const key of Object.keys(parsed.extra)) row(key, `${parsed.extra[key]}  (segment not documented by Udesk)`);
  if (report.warnings.length) {
    lines.push(`INVALID: ${report.warnings.length} problem(s)`);
    for (const w of report.warnings) lines.push(`  - ${w}`);
  } else lines.push('OK: a valid Udesk session-from within budget');
  return lines.join('\n');
}
