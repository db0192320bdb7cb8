// Runs one of the benches written in TypeScript: esbuild bundles it (the server from src, the
// tests' store helpers) into a temp folder, and it runs in this process. Not part of npm test:
// figures, not assertions.
const { buildSync } = require('esbuild');
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

/** Bundles `server/scripts/<name>.ts` and calls its export `name`, exiting 0 when it resolves. */
function runBundled(name, external = []) {
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'taro-udesk-bench-')), `${name}.cjs`);
  buildSync({
    entryPoints: [path.join(__dirname, `${name}.ts`)],
    bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile, logLevel: 'warning',
    // Resolved from this repository's node_modules, as the published package would.
    external: ['pg', '@electric-sql/pglite', 'esbuild', ...external],
    nodePaths: [path.join(__dirname, '..', '..', 'node_modules')],
  });
  // The bundle lives in a temp folder: point its requires at the repository's node_modules.
  module.paths.unshift(path.join(__dirname, '..', '..', 'node_modules'));
  process.env.NODE_PATH = path.join(__dirname, '..', '..', 'node_modules');
  require('module').Module._initPaths();
  require(outfile)[name]().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { runBundled };
