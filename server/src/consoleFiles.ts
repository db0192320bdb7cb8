// Where the trajectory console's files are. Built, they sit beside the bundles (dist/console, for
// dist/index.js and dist/cli.js alike); run from source (tests, the demo before a build),
// console.ts is bundled once with esbuild, a development dependency, on first request.
import { existsSync } from 'fs';
import { join } from 'path';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Product pictures come from the shop's own image hosts, whatever they are.
  'img-src https: http: data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleFiles {
  /** Folder holding index.html and console.css. */
  dir: string;
  /** A page's script (`console`, `trajectory`): a built file's path, or the source bundled in memory. */
  script: (name: ConsoleScript) => { path: string } | { code: () => string };
}

export type ConsoleScript = 'console' | 'trajectory';

export function findConsoleFiles(): ConsoleFiles {
  const dir = join(__dirname, 'console');
  if (existsSync(join(dir, 'console.js'))) return { dir, script: (name) => ({ path: join(dir, `${name}.js`) }) };
  const codes = new Map<ConsoleScript, string>();
  return {
    dir,
    script: (name) => ({
      code() {
        let code = codes.get(name);
        if (code === undefined) {
          const { buildSync } = require('esbuild') as typeof import('esbuild');
          const out = buildSync({
            entryPoints: [join(dir, `${name}.ts`)],
            bundle: true, format: 'iife', target: 'es2019', write: false, minify: true, logLevel: 'silent',
          });
          code = out.outputFiles[0].text;
          codes.set(name, code);
        }
        return code;
      },
    }),
  };
}
