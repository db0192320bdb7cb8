// Static files for the demo's servers, on loopback only.
const http = require('http');
const fs = require('fs');
const path = require('path');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** Sends `file`, which must stay inside `root`; 404 when it is not there. */
function serveFile(res, file, root = path.dirname(file)) {
  const resolved = path.resolve(file);
  const base = path.resolve(root);
  if (resolved !== base && !resolved.startsWith(base + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(resolved, (err, body) => {
    if (err) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(resolved)] || 'application/octet-stream' }).end(body);
  });
}

/** Serves `dir` on 127.0.0.1:`port` (0 picks a free port); resolves with the server and its URL. */
function serveStatic(dir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname);
    serveFile(res, path.join(root, name === '/' ? 'index.html' : name), root);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

module.exports = { serveStatic, serveFile };
