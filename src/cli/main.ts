#!/usr/bin/env node
import { inspectSessionFrom, DEFAULT_MAX_BYTES } from '../core';
import { formatInspection } from './formatInspection';
import { runServe } from './serve';

const USAGE = `usage: taro-udesk inspect '<session-from>' [--max-bytes N] [--json]
       echo '<session-from>' | taro-udesk inspect [--max-bytes N] [--json]
Decodes a Udesk session-from value as WeChat delivers it. Exit 0 when valid, 1 when not, 2 on usage errors.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // A shell pipe adds a newline that is not part of the value.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') return runServe(rest);
  if (command !== 'inspect') {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let maxBytes = DEFAULT_MAX_BYTES;
  let json = false;
  let value: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--json') json = true;
    else if (rest[i] === '--max-bytes') maxBytes = Number(rest[++i]);
    else value = rest[i] === '-' ? undefined : rest[i]; // `-`: read the value from stdin
  }
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    process.stderr.write('--max-bytes takes a whole number\n');
    return 2;
  }
  if (value === undefined) {
    if (process.stdin.isTTY) {
      process.stderr.write(USAGE + '\n');
      return 2;
    }
    value = await readStdin();
  }
  const report = inspectSessionFrom(value, maxBytes);
  process.stdout.write((json ? JSON.stringify(report, null, 2) : formatInspection(report)) + '\n');
  return report.warnings.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(String(e) + '\n');
    process.exitCode = 2;
  },
);
