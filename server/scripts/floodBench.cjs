// npm run bench:flood -w taro-udesk-server: what one address gets through the limits in a fixed
// time (issue 17, finding 6), against the built CLI (dist/cli.js, or the file given) in a child
// process with its default limits and the embedded store. Figures, not assertions.
//   1. 8 s of one-event batches, each with a fresh visitor id, 32 at a time;
//   2. 20 s of ~1 MiB batches (31 events of 32 KB), 4 at a time.
// FLOOD_ARGS adds server flags (a loaded machine cannot reach the default limits: try
// FLOOD_ARGS='--rate-limit 20 --app-bytes-per-minute 16777216'); FLOOD_LARGE_MS sets phase 2's time.
const { spawn } = require('child_process');
const { randomBytes } = require('crypto');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('fs');
const { createServer } = require('net');
const { tmpdir } = require('os');
const path = require('path');

const cli = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist', 'cli.js'));
const APP = 'wx-bench';
const TOKEN = 'bench-company-token';
const TEMPLATE = path.join(tmpdir(), 'taro-udesk-pglite-template-0.5');

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const visitor = () => randomBytes(16).toString('base64url');
let seq = 0;
const event = (id, name) => ({ id: `${id}.${++seq}`, session: id, visitor: id, seq, type: 'product', at: Date.now(), data: { name } });

async function floodFor(ms, parallel, makeEvents, origin) {
  const counts = {};
  let bytes = 0;
  const end = Date.now() + ms;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (Date.now() < end) {
      const body = JSON.stringify({ v: 2, appId: APP, companyDomain: 'bench', sentAt: Date.now(), events: makeEvents() });
      const status = await fetch(`${origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': TOKEN }, body })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }, () => 'error');
      counts[status] = (counts[status] || 0) + 1;
      if (status === 200) bytes += Buffer.byteLength(body);
    }
  }));
  return { counts, storedMiB: Math.round(bytes / 1048576) };
}

async function main() {
  const parent = mkdtempSync(path.join(tmpdir(), 'taro-udesk-flood-'));
  const dataDir = path.join(parent, 'data');
  if (existsSync(path.join(TEMPLATE, 'PG_VERSION'))) cpSync(TEMPLATE, dataDir, { recursive: true });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const extra = (process.env.FLOOD_ARGS || '').split(' ').filter(Boolean);
  const largeMs = Number(process.env.FLOOD_LARGE_MS || 20_000);
  const child = spawn(process.execPath, [cli, '--port', String(port), '--data', dataDir, ...extra],
    { stdio: 'ignore', env: { ...process.env, TARO_UDESK_APPS: `${APP}:${TOKEN}`, TARO_UDESK_ADMIN_TOKEN: 'bench-admin-token-0123456789' } });
  try {
    for (let tries = 0; tries < 2400; tries++) {
      if (await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)) break;
      await sleep(50);
    }
    const small = await floodFor(8000, 32, () => [event(visitor(), 'p')], origin);
    await sleep(3000);
    const name = 'x'.repeat(32 * 1024 - 300);
    const large = await floodFor(largeMs, 4, () => {
      const id = visitor();
      return Array.from({ length: 31 }, () => event(id, name));
    }, origin);
    console.log(JSON.stringify({
      cli,
      flags: extra.join(' '),
      'fresh-visitor batches from one address in 8 s': small.counts,
      [`1 MiB batches from one address in ${largeMs / 1000} s`]: large.counts,
      'MiB of them accepted': large.storedMiB,
      loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
    }, null, 2));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(parent, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
