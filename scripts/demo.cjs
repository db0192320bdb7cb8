// npm run demo: builds the library (npm's script does that first), then the demo for H5 and for
// WeChat, and starts the trajectory server (taro-udesk-server, embedded store) serving the H5
// build and the console; prints where everything is, and the console's admin token.
const { execFileSync } = require('child_process');
const path = require('path');
const { createTrajectoryServer, signWebImCustomer, signCustomerIdentity } = require('../server/dist/index.js');
const { attachDemoRoutes, DEMO_APP, DEMO_IDENTITY_SECRET } = require('./demo/demoRoutes.cjs');

const root = path.join(__dirname, '..');
const started = Date.now();
const port = Number(process.env.PORT || 4318);
for (const type of ['h5', 'weapp']) {
  console.log(`building the demo for ${type}...`);
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'taro'), ['build', '--type', type], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', UDESK_ENDPOINT: `http://127.0.0.1:${port}/v1/batch` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Taro's progress output is noise when it works; when it fails, it is the explanation.
    process.stderr.write(String(e.stdout) + String(e.stderr));
    process.exit(1);
  }
}
const server = createTrajectoryServer({
  dataDir: process.env.TARO_UDESK_DATA || path.join(root, '.taro-udesk-data'),
  staticDir: path.join(root, 'build', 'h5'),
  // The demo app's own appId and company token (demo/app.ts): batches of any other app get 401.
  apps: { [DEMO_APP.appId]: DEMO_APP.companyToken },
  // The secret the demo login signs customers with: only verified customers link visitors.
  identitySecrets: { [DEMO_APP.appId]: process.env.TARO_UDESK_DEMO_IDENTITY_SECRET || DEMO_IDENTITY_SECRET },
  adminToken: process.env.TARO_UDESK_ADMIN_TOKEN || undefined,
});
// The demo's login (with the customer's identity hash), its signed web IM identity and the local
// web IM stand-in (scripts/demo/).
attachDemoRoutes(server.server, { signWebImCustomer, signCustomerIdentity, staticDir: path.join(root, 'build', 'h5') });
server.listen(port, '127.0.0.1').then((origin) => {
  console.log(`\nready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  the demo shop (H5):       ${origin}/`);
  // The token rides in the fragment, which browsers never send; the console moves it to storage and
  // removes it from the address. remember=1 keeps it for this browser's other tabs too, so the
  // shop's decode link (a new tab) opens the console without asking: fine on a local demo.
  console.log(`  the trajectory console:   ${origin}/console#token=${server.adminToken}&remember=1`);
  console.log(`  the web IM stand-in:      ${origin}/demo/web-im  (local, not Udesk; UDESK_WEB_IM at build time for yours)`);
  console.log(`  the WeChat build:         ${path.join(root, 'build', 'weapp')}`);
  console.log('    open that folder in WeChat DevTools; it sends to the server above (URL check is off in its project.config.json)');
  console.log('Ctrl+C to stop.');
}, (error) => {
  console.error(`cannot start the trajectory server: ${error.message}`);
  process.exit(1);
});
const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
