// npm run collector: the local trajectory collector and console.
const path = require('path');
const { createCollector } = require('./createCollector.cjs');

const root = path.join(__dirname, '..', '..');
createCollector({
  port: Number(process.env.PORT || 4318),
  dataDir: process.env.COLLECTOR_DATA || path.join(root, '.collector-data'),
  staticDir: process.env.COLLECTOR_STATIC || undefined,
}).then((c) => {
  console.log(`collector: POST ${c.endpoint}`);
  console.log(`console:   ${c.consoleUrl}`);
});
