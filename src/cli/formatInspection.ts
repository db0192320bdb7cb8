import type { SessionFromInspection } from '../core';
import { escapeControl } from './escapeControl';

const PAD = ' '.repeat(11);

/** A value as printed: strings escaped, objects as indented JSON, each line escaped. */
const printable = (value: unknown) =>
  typeof value === 'string'
    ? escapeControl(value)
    : JSON.stringify(value, null, 2).split('\n').map(escapeControl).join('\n' + PAD);

/**
 * The `inspect` command's report: size, each segment decoded, then the verdict. For a value
 * that is not Udesk's (`udesk|` missing) there are no segments to show: only size and problems.
 */
export function formatInspection(report: SessionFromInspection, isUdeskValue: boolean): string {
  const { parsed } = report;
  const lines = [`session-from: ${report.bytes} / ${report.maxBytes} bytes, ${report.length} characters`];
  const row = (name: string, value: unknown) => lines.push(`  ${name.padEnd(9)}${printable(value)}`);
  if (isUdeskValue) {
    row('nickName', parsed.nickName || '(empty)');
    row('avatar', parsed.avatar || '(empty)');
    if (parsed.customer) row('customer', parsed.customer);
    if (parsed.note) row('note', parsed.note);
    if (parsed.unionid !== undefined) row('unionid', parsed.unionid);
    for (const key of Object.keys(parsed.extra)) row(escapeControl(key), `${parsed.extra[key]}  (segment not documented by Udesk)`);
  }
  if (report.warnings.length) {
    lines.push(`INVALID: ${report.warnings.length} problem(s)`);
    for (const warning of report.warnings) lines.push(`  - ${escapeControl(warning)}`);
  } else lines.push('OK: a valid Udesk session-from within budget');
  return lines.join('\n');
}
