#!/usr/bin/env node
// `taro-udesk-server`: the trajectory server from the command line (the package's README).
// --version prints the package's version; every other argument is the server's (serve.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { runServe } from './serve';

// dist/cli.js sits one folder below the package's package.json, in the repository and installed.
const version = () => JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version as string;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  return runServe(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever is left holding the event loop (a store engine that would not stop) does not keep
    // the process from exiting: a supervisor waits for it.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (e: unknown) => {
    process.stderr.write(String(e) + '\n');
    process.exitCode = 2;
  },
);
