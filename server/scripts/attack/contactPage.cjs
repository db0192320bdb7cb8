// Target 1: hostile `contact` events (and a hostile first screen) through POST /v1/batch, then the
// agent's page /t/<id> in headless Chromium, in Chinese and in English: page errors, console
// errors, markup injected, horizontal overflow at 360 px, the first screen present.
const { chromium } = require('playwright-core');
const { start, post, batch, visitorId } = require('./lib.cjs');

const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const toStringTrap = { toString: 'x', valueOf: 'y', __proto__: 'z', constructor: { prototype: 1 } };
const contacts = (visitor) => {
  let n = 0;
  const at = Date.now();
  const c = (data, extra = {}) => ({ id: `k${n++}`, session: `s${n}`, type: 'contact', at: at - n, visitor, data, ...extra });
  return [
    c({ route: evil, query: { id: evil }, product: { name: evil, url: 'javascript:window.__pwned=3', imgUrl: 'http://evil.example/x.png' }, order: { order_no: evil, name: evil, price: evil, status: evil } }),
    c({ route: 'r'.repeat(30000) }),
    c({ route: '\u202Eevil\u200B'.repeat(500), query: 'q'.repeat(20000) }),
    c({ route: toStringTrap, query: toStringTrap, product: toStringTrap, order: toStringTrap }),
    c({ route: ['a', { b: 1 }], product: ['x'], order: 5 }),
    c({ route: 42, product: 'a string product', order: 'a string order' }),
    c({ route: null, product: null, order: null }),
    c({ product: { name: { toString: 'x' }, url: { href: 'x' }, imgUrl: ['http://a'] }, order: { price: { valueOf: 5 }, status: { toString: 'paid' }, order_no: ['1'] } }),
    c({ order: { status: '__proto__', price: 'NaN', order_no: 'x' } }),
    c({ order: { status: 'constructor', price: '1e308', name: 'n' } }),
    c({ order: { status: 'toString', price: -1e308, name: 'n' } }),
    c('just a string'),
    c(['an', 'array']),
    c(12345),
    c(undefined),
    c({}),
    c({ route: 'x' }, { seq: { toString: 'x' } }),
    c({ route: 'x' }, { at: 8.64e15 }),
    c({ route: 'x' }, { at: 0 }),
    c({ route: 'y'.repeat(8000), query: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(20)])) }),
    c({ route: 'deep', query: JSON.parse('{"a":'.repeat(28) + '1' + '}'.repeat(28)) }),
    // The latest order for the first screen: hostile.
    { id: 'ord', session: 'so', type: 'order', at: at + 1, visitor, data: { order_no: evil, name: 'W'.repeat(5000), price: toStringTrap, status: { toString: 'paid' } },
      customer: { customer_token: 'c1', nick_name: `${'長'.repeat(3000)}${evil}` } },
  ];
};

async function open(browser, origin, visitor, language) {
  const context = await browser.newContext({ locale: language, extraHTTPHeaders: { 'accept-language': language }, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin)) requests.push(r.url()); });
  await page.goto(`${origin}/t/${visitor}`);
  await page.waitForSelector('#trail li', { timeout: 20000 });
  await page.waitForTimeout(2500);
  const facts = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    items: document.querySelectorAll('#trail li').length,
    contacts: document.querySelectorAll('#trail li.contact').length,
    unreadable: document.querySelectorAll('#trail li.unreadable').length,
    injected: document.querySelectorAll('#trail script, #trail img[src="x"], #summary script, #who img').length,
    links: [...document.querySelectorAll('a')].map((a) => a.href).filter((h) => !/^https?:/.test(h)),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    lang: document.documentElement.lang,
    who: document.getElementById('who')?.textContent?.slice(0, 80),
    summaryShown: !document.getElementById('summary')?.hidden,
    longestText: Math.max(...[...document.querySelectorAll('#trail *')].map((n) => (n.childElementCount === 0 ? (n.textContent ?? '').length : 0))),
    html: document.body.innerText.length,
  }));
  await page.screenshot({ path: `${__dirname}/contact-${language}.png`, fullPage: false });
  await context.close();
  return { ...facts, errors, outside: requests };
}

(async () => {
  const server = await start();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const visitor = visitorId('contact');
    const events = contacts(visitor);
    const answer = await post(server.origin, batch(events));
    console.log(`batch: ${answer.status} accepted=${answer.json.accepted} rejected=${JSON.stringify(answer.json.rejected)}`);
    const json = await (await fetch(`${server.origin}/t/${visitor}/events`)).json();
    console.log(`page JSON: ${json.events.length} events, ${JSON.stringify(json).length} bytes, summary ${JSON.stringify(json.summary).slice(0, 200)}`);
    for (const language of ['zh-CN', 'en']) console.log(language, JSON.stringify(await open(browser, server.origin, visitor, language)));
  } finally {
    await browser.close();
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
