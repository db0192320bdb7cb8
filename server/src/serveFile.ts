// Static files (the console's, and a demo's H5 build): only inside their folder, any request
// target survives (a bad escape or a NUL byte is a 400, not a crash), nosniff on everything and
// a CSP on every HTML page.
import { createReadStream, promises as fs } from 'fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';
import { extname, resolve, sep } from 'path';
import { BASE_HEADERS, sendJson } from './respond';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under `root` a URL path names, or null when it cannot name one. */
export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** Sends an HTML page made in memory, with the headers serveFile gives an HTML file. */
export function sendHtml(req: IncomingMessage, res: ServerResponse, html: string, csp: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(200, {
    ...BASE_HEADERS,
    'cache-control': 'no-cache',
    'content-type': TYPES['.html'],
    'content-length': Buffer.byteLength(html),
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

/** Sends `file` (a folder: its index.html); 404 when absent. `csp` goes on HTML answers. */
export async function serveFile(
  req: IncomingMessage, res: ServerResponse, file: string | null, csp: string, headers: OutgoingHttpHeaders = {},
): Promise<void> {
  if (file === null) return sendJson(res, 400, { error: 'bad path' });
  let path = file;
  try {
    let stat = await fs.stat(path);
    if (stat.isDirectory()) {
      path = resolve(path, 'index.html');
      stat = await fs.stat(path);
    }
    if (!stat.isFile()) throw new Error('not a file');
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...BASE_HEADERS,
      'cache-control': 'no-cache',
      'content-type': type,
      'content-length': stat.size,
      ...(type.startsWith('text/html') ? { 'content-security-policy': csp, 'x-frame-options': 'DENY' } : {}),
      ...headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(path).on('error', () => res.destroy()).pipe(res);
  } catch {
    sendJson(res, 404, { error: 'not found' }, headers);
  }
}
