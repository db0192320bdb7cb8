// npm run bench:page: builds the server, bundles pageBench.ts (with the tests' store helpers) and
// runs it in this process against dist/cli.js in a child process (BENCH_CLI: another build).
const path = require('path');

// The server under test: this package's build unless another is named.
process.env.BENCH_CLI = process.env.BENCH_CLI || path.join(__dirname, '..', 'dist', 'cli.js');
require('./runBundled.cjs').runBundled('pageBench', ['playwright-core']);
