// Starts the BUILT server (server/dist/cli.js) as an outsider would meet it: one app with a public
// company token, an admin token and an identity secret the attacker does not have, JSON logs.
const { spawn } = require('child_process');
const { mkdtempSync, writeFileSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const net = require('net');

const ROOT = join(__dirname, '..', '..', '..');
const APP = 'wxattack01';
const TOKEN = 'public-company-token-of-the-app';
const ADMIN = 'admin-token-the-attacker-lacks-' + 'x'.repeat(20);
const SECRET = 'identity-secret-the-attacker-lacks-' + 'y'.repeat(40);

const freePort = () => new Promise((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});

async function start(extra = [], { apps = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'attack-'));
  writeFileSync(join(dir, 'secret'), SECRET);
  const port = await freePort();
  const args = [join(ROOT, 'server/dist/cli.js'), '--port', String(port), '--data', join(dir, 'data'),
    '--admin-token', ADMIN, '--log-format', 'json', '--rate-limit', '100000', '--page-rate-limit', '100000', ...extra];
  if (apps) args.push('--app', `${APP}:${TOKEN}`, '--identity-secret-file', `${APP}:${join(dir, 'secret')}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet: try again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin, child, dir, output: () => out,
    async stop() { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); rmSync(dir, { recursive: true, force: true }); },
  };
}

async function post(origin, body, headers = {}) {
  const res = await fetch(`${origin}/v1/batch`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-udesk-company-token': TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  let json = null;
  const text = await res.text();
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

const visitorId = (tag) => (tag + '_' + require('crypto').randomBytes(16).toString('hex')).slice(0, 60);
let n = 0;
const ev = (visitor, type, data, extra = {}) => ({ id: `e${Date.now()}-${n++}`, session: 's1', type, at: Date.now(), visitor, data, ...extra });
const batch = (events, appId = APP) => ({ v: 2, appId, events });

function identityHash(customerKey) {
  return require('crypto').createHmac('sha256', SECRET).update(customerKey, 'utf8').digest('hex');
}

module.exports = { start, post, ev, batch, visitorId, APP, TOKEN, ADMIN, SECRET, identityHash };
