import { parseArgs } from 'util';
import { composeSessionFrom, DEFAULT_MAX_BYTES, inspectSessionFrom } from '../core';
import { escapeJsonText } from './escapeControl';
import { formatInspection } from './formatInspection';
import { readStdin } from './readStdin';
import { UsageError } from './usageError';

export const INSPECT_USAGE = `usage: taro-udesk inspect [--max-bytes N] [--json] [--] '<session-from>'
       echo '<session-from>' | taro-udesk inspect [--max-bytes N] [--json]

Decodes a Udesk session-from value as WeChat delivers it: its size against the budget, each
segment, and every problem. Without a value (or with -) it reads stdin, as UTF-8.

  --max-bytes N   the budget, 16 to 1024 bytes (default ${DEFAULT_MAX_BYTES})
  --json          the report as JSON
  --              what follows is the value, even if it starts with -
  -h, --help      this text

Exit status: 0 valid, 1 invalid, 2 usage error.`;

/** The budget from `--max-bytes`, checked by the same rule `composeSessionFrom` applies. */
function budgetOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BYTES;
  const maxBytes = /^\d+$/.test(text) ? Number(text) : NaN;
  try {
    composeSessionFrom({}, { maxBytes });
  } catch (e) {
    throw new UsageError(`--max-bytes ${text}: ${(e as Error).message.replace(/^maxBytes: /, '')}`);
  }
  return maxBytes;
}

/** `taro-udesk inspect`: prints the report; 0 when the value is valid, 1 when not. */
export async function runInspect(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'max-bytes': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(INSPECT_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`one value at a time, got ${positionals.length}`);
  const maxBytes = budgetOf(values['max-bytes']);
  let value = positionals[0];
  let validUtf8 = true;
  if (value === undefined || value === '-') {
    if (process.stdin.isTTY) throw new UsageError('no value: pass it as an argument or on stdin');
    const stdin = await readStdin();
    // A shell pipe adds a newline that is not part of the value.
    value = stdin.text.replace(/\r?\n$/, '');
    validUtf8 = stdin.validUtf8;
  }
  const report = inspectSessionFrom(value, maxBytes);
  if (!validUtf8) report.warnings.unshift('stdin is not valid UTF-8 (shown with U+FFFD where the bad bytes were): WeChat delivers UTF-8 text');
  const text = values.json
    ? escapeJsonText(JSON.stringify(report, null, 2))
    : formatInspection(report, value.split('|')[0] === 'udesk');
  process.stdout.write(text + '\n');
  return report.warnings.length ? 1 : 0;
}
