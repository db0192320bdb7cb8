#!/usr/bin/env node
import { readFileSync } from 'fs';
import { join } from 'path';
import { INSPECT_USAGE, runInspect } from './inspect';
import { UsageError } from './usageError';

interface Command {
  /** Runs with the arguments after the command's name; a number is the exit status. */
  run(args: string[]): Promise<number | void>;
  summary: string;
}

// One line per command: its module does the parsing, the work and its own --help.
const COMMANDS: Record<string, Command> = {
  inspect: { run: runInspect, summary: 'decode and check a Udesk session-from value' },
};

const usage = () => `usage: taro-udesk <command> [options]
       taro-udesk <command> --help

Commands:
${Object.keys(COMMANDS).map((name) => `  ${name.padEnd(10)}${COMMANDS[name].summary}`).join('\n')}

Options:
  -h, --help     this text
  -v, --version  the version of taro-udesk

${INSPECT_USAGE}`;

// dist/cli.js sits one folder below the package's package.json, in the repository and installed.
const version = () => JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version as string;

async function main(argv: string[]): Promise<number | void> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (name === 'serve') {
    // The server left this package so that a mini program installs no database.
    process.stderr.write('taro-udesk serve is now its own package: npm install taro-udesk-server, then npx taro-udesk-server --help\n');
    return 2;
  }
  if (!command) {
    process.stderr.write((name === undefined ? '' : `unknown command: ${name}\n\n`) + usage() + '\n');
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    // util.parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
    const code = (e as { code?: unknown }).code;
    if (!(e instanceof UsageError) && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) throw e;
    process.stderr.write(`taro-udesk ${name}: ${(e as Error).message}\nSee: taro-udesk ${name} --help\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(String(e) + '\n');
    process.exitCode = 2;
  },
);
