// npm run bench:page: builds the server, bundles pageBench.ts (with the tests' store helpers) and
// runs it in this process against dist/cli.js in a child process (BENCH_CLI: another build).
// Not part of npm test: figures, not assertions.
const { buildSync } = require('esbuild');
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'taro-udesk-bench-')), 'pageBench.cjs');
buildSync({
  entryPoints: [path.join(__dirname, 'pageBench.ts')],
  bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile, logLevel: 'warning',
  // Resolved from this repository's node_modules, as the published package would.
  external: ['pg', '@electric-sql/pglite', 'esbuild', 'playwright-core'],
  nodePaths: [path.join(__dirname, '..', '..', 'node_modules')],
});
// The bundle lives in a temp folder: point its requires at the repository's node_modules.
module.paths.unshift(path.join(__dirname, '..', '..', 'node_modules'));
process.env.NODE_PATH = path.join(__dirname, '..', '..', 'node_modules');
require('module').Module._initPaths();
// The server under test: this package's build unless another is named.
process.env.BENCH_CLI = process.env.BENCH_CLI || path.join(__dirname, '..', 'dist', 'cli.js');
require(outfile).pageBench().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
