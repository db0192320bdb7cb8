// npm run bench:expiry -w taro-udesk-server: bundles expiryBench.ts (the server from src, the test's PostgreSQL helper)
// and runs it in this process. Not part of npm test: figures, not assertions.
const { buildSync } = require('esbuild');
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'taro-udesk-bench-')), 'expiryBench.cjs');
buildSync({
  entryPoints: [path.join(__dirname, 'expiryBench.ts')],
  bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile, logLevel: 'warning',
  // Resolved from this repository's node_modules, as the published package would.
  external: ['pg', '@electric-sql/pglite', 'esbuild'],
  nodePaths: [path.join(__dirname, '..', '..', 'node_modules')],
});
// The bundle lives in a temp folder: point its requires at the repository's node_modules.
module.paths.unshift(path.join(__dirname, '..', '..', 'node_modules'));
process.env.NODE_PATH = path.join(__dirname, '..', '..', 'node_modules');
require('module').Module._initPaths();
require(outfile).expiryBench().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
