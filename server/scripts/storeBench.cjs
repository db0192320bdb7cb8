// Runs storeBench.ts: esbuild bundles it (with the store's TypeScript) next to node_modules, so
// `pg` and PGlite (whose WASM sits beside its own files) resolve as installed.
// Usage: node scripts/bench/storeBench.cjs [--events 1000000] [--pglite-only | --postgres-only]
const { buildSync } = require('esbuild');
const { mkdirSync } = require('fs');
const { join } = require('path');

const outdir = join(__dirname, '../../node_modules/.cache/taro-udesk-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'storeBench.cjs');
buildSync({
  entryPoints: [join(__dirname, 'storeBench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['pg', '@electric-sql/pglite'],
  outfile,
  logLevel: 'warning',
});
require(outfile);
