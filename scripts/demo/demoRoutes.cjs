// The demo's own routes, in front of the trajectory server: a demo login that answers with the
// customer's identity hash (what a shop's backend does with signCustomerIdentity, so the
// trajectory server links this customer's visitors), the signed web IM identity of the logged-in
// customer (what a shop's backend does with signWebImCustomer), a
// LOCAL STAND-IN of Udesk's web IM page that checks that signature and shows what it received
// (it is not Udesk), and the shop's index.html with a CSP that admits Taro's inline rem script.
const { createHash, timingSafeEqual } = require('crypto');
const fs = require('fs');
const path = require('path');

/** The shop's customers (its user database, in a real shop): the web tokens the demo signs for. */
const DEMO_CUSTOMERS = ['test_token', 'li_lei_2048'];
/**
 * The key of the local stand-in (UDESK_IM_USER_KEY for a real web IM plugin's im_user_key).
 * Server-side only: a test greps both compiled builds for it.
 */
const DEMO_IM_USER_KEY = 'taro-udesk-demo-im-user-key-SERVER-ONLY-3f9c2a7e51d4';
/** The demo app as the trajectory server admits it (demo/app.ts sends these). */
const DEMO_APP = { appId: 'wx-taro-udesk-demo', companyToken: 'demo-company-token' };
/**
 * The demo app's identity secret (TARO_UDESK_DEMO_IDENTITY_SECRET to use another): the demo server
 * signs the logged-in customer with it and the trajectory server verifies with it. Server-side
 * only: a test greps both compiled builds for it.
 */
const DEMO_IDENTITY_SECRET = 'taro-udesk-demo-identity-secret-SERVER-ONLY-8d41c6b09e27';
const COOKIE = 'taro_udesk_demo_customer';
const STAND_IN_DIR = path.join(__dirname, 'webImStandIn');
const STAND_IN_FILES = {
  '/demo/web-im': ['index.html', 'text/html; charset=utf-8'],
  '/demo/web-im.js': ['webIm.js', 'text/javascript; charset=utf-8'],
  '/demo/web-im.css': ['webIm.css', 'text/css; charset=utf-8'],
};
const STAND_IN_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PRIVATE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { ...PRIVATE, 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
const sendJson = (res, status, value, headers) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);

function readSmallBody(req, limit = 1024) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > limit) req.destroy();
    });
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(body.length > limit ? null : body));
  });
}

function cookieOf(req, name) {
  for (const part of String(req.headers.cookie || '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The stand-in's check of Udesk's documented signature, recomputed here from the key. */
function checkSignature(query, imUserKey) {
  const fields = ['nonce', 'timestamp', 'web_token', 'signature', 'encryption_algorithm'];
  const present = fields.filter((field) => query.get(field));
  if (present.length === 0) return { state: 'absent' };
  if (present.length < fields.length) return { state: 'invalid', reason: `incomplete: ${fields.filter((f) => !query.get(f)).join(', ')} missing` };
  const algorithm = query.get('encryption_algorithm');
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256') return { state: 'invalid', reason: 'encryption_algorithm must be SHA1 or SHA256' };
  const signed = `nonce=${query.get('nonce')}&timestamp=${query.get('timestamp')}&web_token=${query.get('web_token')}&${imUserKey}`;
  const expected = Buffer.from(createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256').update(signed, 'utf8').digest('hex').toUpperCase());
  const given = Buffer.from(query.get('signature'));
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  return {
    state: valid ? 'valid' : 'invalid',
    reason: valid ? undefined : 'signature does not match',
    web_token: query.get('web_token'),
    algorithm,
    ageMs: Date.now() - Number(query.get('timestamp')),
  };
}

/** Taro's H5 index.html, with a CSP that allows exactly its inline scripts (by hash). */
function shopIndex(staticDir) {
  const html = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  const csp = `default-src 'self'; script-src 'self' ${hashes.join(' ')}; style-src 'self' 'unsafe-inline'; ` +
    "img-src 'self' data: https: http:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return { html, csp };
}

/**
 * @param {{ signWebImCustomer: Function, signCustomerIdentity?: Function, identitySecret?: string,
 *   imUserKey?: string, customers?: string[], staticDir?: string }} options
 * `signWebImCustomer` and `signCustomerIdentity` from taro-udesk-server (without the latter, the
 * login answers no identity hash); `staticDir`: the H5 build, whose index.html is served here.
 * Returns `handle(req, res)`: true when the request was the demo's.
 */
function createDemoRoutes({
  signWebImCustomer, signCustomerIdentity, identitySecret = process.env.TARO_UDESK_DEMO_IDENTITY_SECRET || DEMO_IDENTITY_SECRET,
  imUserKey = process.env.UDESK_IM_USER_KEY || DEMO_IM_USER_KEY, customers = DEMO_CUSTOMERS, staticDir,
}) {
  const known = (token) => typeof token === 'string' && customers.includes(token);

  async function login(req, res) {
    const body = await readSmallBody(req);
    let token;
    try {
      token = JSON.parse(body || '').customer_token;
    } catch {
      token = undefined;
    }
    if (!known(token)) return sendJson(res, 400, { error: 'customer_token: must be one of the demo customers' });
    // A demo session: the cookie names the customer. A real shop uses its own session here, and
    // signs only the customer that session authenticated: this demo asks no password, so anyone
    // may log in as a demo customer and receive its hash.
    const answer = signCustomerIdentity ? { identity_hash: signCustomerIdentity({ secret: identitySecret, customer: { customer_token: token } }) } : {};
    sendJson(res, 200, answer, { 'set-cookie': `${COOKIE}=${token}; Path=/demo; HttpOnly; SameSite=Strict` });
  }

  return function handle(req, res) {
    let url;
    try {
      url = new URL(req.url || '', 'http://demo.invalid');
    } catch {
      return false;
    }
    const { pathname } = url;
    if (pathname === '/demo/login' && req.method === 'POST') {
      login(req, res);
      return true;
    }
    if (pathname === '/demo/logout' && req.method === 'POST') {
      res.writeHead(204, { ...PRIVATE, 'set-cookie': `${COOKIE}=; Path=/demo; HttpOnly; SameSite=Strict; Max-Age=0` });
      res.end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/demo/web-im-customer') {
      const token = cookieOf(req, COOKIE);
      if (!known(token)) sendJson(res, 401, { error: 'log in first' });
      else sendJson(res, 200, signWebImCustomer({ webToken: token, imUserKey, algorithm: 'SHA256' }));
      return true;
    }
    if (pathname === '/demo/web-im/check') {
      sendJson(res, 200, checkSignature(url.searchParams, imUserKey));
      return true;
    }
    // The products' pictures, for the agent's page (the demo allows this origin's images): the
    // catalog's imgUrl points here, on every platform.
    const picture = /^\/demo\/images\/(cup|iphone|milk)\.png$/.exec(pathname);
    if (picture) {
      send(res, 200, 'image/png', fs.readFileSync(path.join(__dirname, '..', '..', 'demo', 'assets', `${picture[1]}.png`)), { 'cache-control': 'max-age=3600' });
      return true;
    }
    if (STAND_IN_FILES[pathname]) {
      const [file, type] = STAND_IN_FILES[pathname];
      send(res, 200, type, fs.readFileSync(path.join(STAND_IN_DIR, file), 'utf8'), { 'content-security-policy': STAND_IN_CSP, 'x-robots-tag': 'noindex' });
      return true;
    }
    if (staticDir && (pathname === '/' || pathname === '/index.html')) {
      const { html, csp } = shopIndex(staticDir);
      send(res, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': csp });
      return true;
    }
    return false;
  };
}

/** Puts the demo's routes in front of a node http.Server's own request listeners. */
function attachDemoRoutes(server, options) {
  const handle = createDemoRoutes(options);
  const others = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (!handle(req, res)) others.forEach((listener) => listener.call(server, req, res));
  });
  return server;
}

module.exports = { createDemoRoutes, attachDemoRoutes, DEMO_IM_USER_KEY, DEMO_IDENTITY_SECRET, DEMO_APP, DEMO_CUSTOMERS };
