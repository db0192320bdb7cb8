// The local trajectory collector: receives the tracker's batches (docs/protocol.md), keeps
// each event once by id in an embedded store that survives a restart, and serves the
// trajectory console, live, plus (optionally) the compiled H5 demo from the same origin.
const http = require('http');
const fs = require('fs');
const path = require('path');
const Datastore = require('@seald-io/nedb');
const { buildSync } = require('esbuild');
const { checkBatch } = require('./checkBatch.cjs');
const { serveFile } = require('../serveStatic.cjs');

const MAX_BODY_BYTES = 1024 * 1024;
const root = path.join(__dirname, '..', '..');

/** The core (session-from parser) bundled for the console page, from the same source. */
function coreForBrowser() {
  const out = buildSync({
    entryPoints: [path.join(root, 'src/core/index.ts')],
    bundle: true, format: 'esm', target: 'es2019', write: false, minify: true, logLevel: 'silent',
  });
  return out.outputFiles[0].contents;
}

function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/**
 * @param {{ dataDir: string, port?: number, token?: string, staticDir?: string }} options
 * `token`: when given, batches must carry it in x-udesk-company-token (401 otherwise).
 */
async function createCollector({ dataDir, port = 0, token, staticDir }) {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Datastore({ filename: path.join(dataDir, 'events.db') });
  await db.loadDatabaseAsync();
  await db.ensureIndexAsync({ fieldName: 'id', unique: true });
  const stats = { received: 0, stored: 0, duplicates: 0, rejected: 0 };
  const streams = new Set();
  const core = coreForBrowser();
  const consoleDir = path.join(__dirname, 'console');

  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, x-udesk-company-token',
    'access-control-allow-methods': 'POST, GET, OPTIONS',
  };
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...cors });
    res.end(JSON.stringify(body));
  };

  async function ingest(req, res) {
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text === null) {
      stats.rejected++;
      return json(res, 413, { error: `the body is over ${MAX_BODY_BYTES} bytes: send smaller batches` });
    }
    if (token && req.headers['x-udesk-company-token'] !== token) {
      stats.rejected++;
      return json(res, 401, { error: 'x-udesk-company-token is missing or wrong' }); // never echo it
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      stats.rejected++;
      return json(res, 400, { error: `malformed JSON: ${e.message}` });
    }
    const problem = checkBatch(body);
    if (problem) {
      stats.rejected++;
      return json(res, 400, { error: problem });
    }
    let stored = 0;
    let duplicates = 0;
    const receivedAt = Date.now();
    for (const e of body.events) {
      stats.received++;
      try {
        // the client clock corrected by the batch's send time: skew-free ordering
        await db.insertAsync({ ...e, appId: body.appId, receivedAt, serverAt: e.at + (receivedAt - body.sentAt) });
        stored++;
      } catch (err) {
        if (err.errorType !== 'uniqueViolated') throw err;
        duplicates++; // an id we have: a batch sent again after a lost answer
      }
    }
    stats.stored += stored;
    stats.duplicates += duplicates;
    if (stored) for (const s of streams) s.write('event: events\ndata: {}\n\n');
    return json(res, 200, { stored, duplicates });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    const fail = (e) => {
      if (!res.headersSent) json(res, 500, { error: String(e && e.message) });
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (route === 'POST /v1/batch') return ingest(req, res).catch(fail);
    if (route === 'GET /v1/events') {
      return db.findAsync({}).sort({ serverAt: 1, session: 1, seq: 1 })
        .then((events) => json(res, 200, { events: events.map(({ _id, ...e }) => e), stats })).catch(fail);
    }
    if (route === 'GET /v1/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...cors });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return undefined;
    }
    if (route === 'GET /lib/core.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return res.end(core);
    }
    if (route === 'GET /console' || route === 'GET /console/') return serveFile(res, path.join(consoleDir, 'index.html'));
    if (req.method === 'GET' && url.pathname.startsWith('/console/')) return serveFile(res, path.join(consoleDir, url.pathname.slice(9)), consoleDir);
    if (req.method === 'GET' && staticDir) return serveFile(res, path.join(staticDir, url.pathname === '/' ? 'index.html' : url.pathname), staticDir);
    return json(res, 404, { error: 'not found' });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    endpoint: `${origin}/v1/batch`,
    consoleUrl: `${origin}/console`,
    stats,
    events: async () => (await db.findAsync({}).sort({ serverAt: 1, session: 1, seq: 1 })).map(({ _id, ...e }) => e),
    close: () => new Promise((resolve) => {
      for (const s of streams) s.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

module.exports = { createCollector, MAX_BODY_BYTES };
