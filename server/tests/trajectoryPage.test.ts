// The agent's page, GET /t/<visitor id>, over a real embedded store: one visitor's and the same
// customer's other visitors' events, newest first, in pages (older ones by `before`, new ones by
// `after`), nothing for a near-miss id (and the very same answer as for an unknown one),
// rate-limited per address with few reads in progress per address, answers that are not read cut
// off, private headers, and in Chromium at 360 px wide: a product card, an order in both its
// states, newest first, a new batch appearing live at the top, older pages on request below, and
// each event downloaded once.
import { mkdirSync } from 'fs';
import { join } from 'path';
import { connect, type Socket } from 'net';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { get } from 'http';
import { batch, postBatch, startServer, tempDir, verified } from './support/trajectoryServer';
import { createTrajectoryServer } from '../src';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(90_000);

const PHONE = 'PhoneVisitor_0123456789abcdefAB';
const LAPTOP = 'LaptopVisitor-0123456789abcdefCD';
const STRANGER = 'StrangerVisitor0123456789abcdef';
const UNKNOWN = 'NeverSeenVisitor0123456789abcd';
const PAGED = 'PagedVisitor_0123456789abcdefAB';
// Verified: its app's backend signed it. Only a verified customer links the phone and the laptop.
const CUSTOMER = verified({ customer_token: 'cust-page-1', nick_name: '小明 <b>bold</b>' });

let at = 1_795_600_000_000;
const v2 = (visitor: string, seq: number, fields: Record<string, unknown> = {}) => {
  at += 1000;
  return { id: `${visitor}.${seq}`, visitor, session: 'launch', seq, type: 'product', at, data: { name: `商品 ${seq}` }, ...fields };
};
const order = (status: string, extra: Record<string, unknown> = {}) => ({
  type: 'order',
  data: { order_no: 'NO-1000', name: '牛奶订单', price: 16.8, status, order_at: '2026-11-25T10:00:00.000Z', ...extra },
});
const postV2 = async (origin: string, events: unknown[]) => {
  const response = await postBatch(origin, { ...batch(events), v: 2 });
  expect(response.status).toBe(200);
  expect((await response.json()).rejected).toEqual([]);
};
const ids = async (origin: string, visitor: string): Promise<string[]> => {
  const response = await fetch(`${origin}/t/${visitor}/events`);
  expect(response.status).toBe(200);
  return ((await response.json()).events as { id: string }[]).map((event) => event.id);
};

describe('the agent’s page for a visitor', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({ pageRateLimit: 1000 });
    // The phone browses anonymously, then the customer logs in; the laptop is anonymous, then
    // logs in as the same customer; a stranger browses too.
    await postV2(server.origin, [v2(PHONE, 1), v2(PHONE, 2), v2(STRANGER, 1)]);
    await postV2(server.origin, [v2(LAPTOP, 1)]);
    await postV2(server.origin, [v2(PHONE, 3, { customer: CUSTOMER }), v2(PHONE, 4, { customer: CUSTOMER, ...order('wait_pay') })]);
    await postV2(server.origin, [v2(LAPTOP, 2, { customer: CUSTOMER }), v2(PHONE, 5, { customer: CUSTOMER, ...order('paid', { pay_at: '2026-11-25T10:01:00.000Z' }) })]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the visitor’s events and the same customer’s other visitor’s, newest first; a stranger only its own', async () => {
    const all = [`${PHONE}.5`, `${LAPTOP}.2`, `${PHONE}.4`, `${PHONE}.3`, `${LAPTOP}.1`, `${PHONE}.2`, `${PHONE}.1`];
    expect(await ids(server.origin, PHONE)).toEqual(all);
    expect(await ids(server.origin, LAPTOP)).toEqual(all);
    expect(await ids(server.origin, STRANGER)).toEqual([`${STRANGER}.1`]);
  });

  it('shows nothing for an id changed by one character, answering exactly as for an unknown id', async () => {
    const nearMisses = [`${PHONE.slice(0, -1)}C`, `${PHONE.slice(0, -1)}!`, `q${PHONE.slice(1)}`, PHONE.toLowerCase(), PHONE.slice(0, -1)];
    const unknownPage = await fetch(`${server.origin}/t/${UNKNOWN}`);
    const unknownHtml = await unknownPage.text();
    const unknownEvents = await fetch(`${server.origin}/t/${UNKNOWN}/events`);
    const unknownJson = await unknownEvents.text();
    expect(unknownJson).toBe('{"events":[]}');
    const headersOf = (response: Response) => {
      const pairs: string[] = [];
      response.headers.forEach((value, name) => {
        if (name !== 'date') pairs.push(`${name}: ${value}`);
      });
      return pairs;
    };
    for (const id of nearMisses) {
      const pageAnswer = await fetch(`${server.origin}/t/${encodeURIComponent(id)}`);
      expect([pageAnswer.status, await pageAnswer.text()]).toEqual([unknownPage.status, unknownHtml]);
      expect(headersOf(pageAnswer)).toEqual(headersOf(unknownPage));
      const eventsAnswer = await fetch(`${server.origin}/t/${encodeURIComponent(id)}/events`);
      expect([eventsAnswer.status, await eventsAnswer.text()]).toEqual([unknownEvents.status, unknownJson]);
      expect(headersOf(eventsAnswer)).toEqual(headersOf(unknownEvents));
    }
    // The real id's page is the same document too: the data comes only from the JSON endpoint.
    const real = await fetch(`${server.origin}/t/${PHONE}`);
    expect([real.status, await real.text()]).toEqual([200, unknownHtml]);
  });

  it('never opens a v1 session (not a capability): its page is empty like an unknown one', async () => {
    const session = 'mwwk47s7r42n5e5yja';
    const response = await postBatch(server.origin, batch([{ id: `${session}.1`, session, seq: 1, type: 'product', at, data: { name: 'v1' } }]));
    expect((await response.json()).accepted).toBe(1);
    expect(await (await fetch(`${server.origin}/t/${session}/events`)).text()).toBe('{"events":[]}');
  });

  it('shows nothing for any one-character change of a real id (property)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    await fc.assert(
      fc.asyncProperty(fc.nat(PHONE.length - 1), fc.nat(alphabet.length - 1), async (position, pick) => {
        const replacement = alphabet[pick] === PHONE[position] ? alphabet[(pick + 1) % alphabet.length] : alphabet[pick];
        const nearMiss = `${PHONE.slice(0, position)}${replacement}${PHONE.slice(position + 1)}`;
        expect(await (await fetch(`${server.origin}/t/${nearMiss}/events`)).text()).toBe('{"events":[]}');
      }),
      { numRuns: 40 },
    );
  });

  it('is private: noindex, no referrer, no caching, a CSP with no inline script', async () => {
    for (const path of [`/t/${PHONE}`, `/t/${PHONE}/events`, `/t/${UNKNOWN}`]) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.headers.get('x-robots-tag')).toMatch(/noindex/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const page = await fetch(`${server.origin}/t/${PHONE}`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).toMatch(/<meta name="robots" content="noindex/);
    expect(html).toMatch(/<meta name="referrer" content="no-referrer">/);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\son[a-z]+=/);
    for (const asset of ['/console/trajectory.js', '/console/trajectory.css']) expect((await fetch(`${server.origin}${asset}`)).status).toBe(200);
  });

  it('rate-limits per address: 429 with Retry-After, for the page and its JSON alike', async () => {
    const limited = await startServer({ store: await server.ready(), pageRateLimit: 3 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let index = 0; index < 8; index += 1) {
        const response = await fetch(`${limited.origin}/t/${index % 2 ? UNKNOWN : PHONE}${index % 3 ? '/events' : ''}`);
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  describe('in pages', () => {
    let paged: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      paged = await startServer({ store: await server.ready(), pageEvents: 3, pageRateLimit: 1000 });
    });
    afterAll(async () => {
      await paged?.close();
    });
    const get = async (path: string) => {
      const response = await fetch(`${paged.origin}${path}`);
      return { status: response.status, text: await response.text() };
    };

    it('goes back with older and before, and polls with newer and after: each event once', async () => {
      const first = JSON.parse((await get(`/t/${STRANGER}/events`)).text);
      expect(first.events.map((event: { id: string }) => event.id)).toEqual([`${STRANGER}.1`]);
      expect(first.older).toBeUndefined();
      await postV2(server.origin, [1, 2, 3, 4, 5, 6, 7].map((n) => v2(PAGED, n)));
      const seen: string[] = [];
      let page = JSON.parse((await get(`/t/${PAGED}/events`)).text);
      const newer = page.newer as string;
      for (;;) {
        expect(page.events.length).toBeLessThanOrEqual(3);
        seen.push(...page.events.map((event: { id: string }) => event.id));
        if (!page.older) break;
        page = JSON.parse((await get(`/t/${PAGED}/events?before=${page.older}`)).text);
      }
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => `${PAGED}.${n}`));
      // Nothing new: no event, and the same place to poll from.
      expect(JSON.parse((await get(`/t/${PAGED}/events?after=${newer}`)).text)).toEqual({ events: [], newer });
      // Five new events: the three oldest of them first (more), then the rest.
      await postV2(server.origin, [1, 2, 3, 4, 5].map((n) => v2(PAGED, 100 + n)));
      const catchUp = JSON.parse((await get(`/t/${PAGED}/events?after=${newer}`)).text);
      expect(catchUp.events.map((event: { id: string }) => event.id)).toEqual([`${PAGED}.103`, `${PAGED}.102`, `${PAGED}.101`]);
      expect(catchUp.more).toBe(true);
      const rest = JSON.parse((await get(`/t/${PAGED}/events?after=${catchUp.newer}`)).text);
      expect(rest.events.map((event: { id: string }) => event.id)).toEqual([`${PAGED}.105`, `${PAGED}.104`]);
      expect(rest.more).toBeUndefined();
    });

    it('answers an unknown or malformed id exactly as an empty one, with cursors too; a bad cursor is a 400 for every id', async () => {
      const { newer, older } = JSON.parse((await get(`/t/${PHONE}/events`)).text);
      for (const query of [`?after=${newer}`, `?before=${older}`]) {
        const unknown = await get(`/t/${UNKNOWN}/events${query}`);
        expect(unknown.status).toBe(200);
        for (const id of [`${PHONE.slice(0, -1)}!`, 'short', '%zz']) expect(await get(`/t/${id}/events${query}`)).toEqual(unknown);
      }
      expect(JSON.parse((await get(`/t/${UNKNOWN}/events?after=${newer}`)).text)).toEqual({ events: [], newer });
      for (const query of ['?after=garbage', `?after=${newer}&after=${newer}`, `?after=${newer}&before=${older}`, `?before=${Buffer.from('v:5').toString('base64url')}`]) {
        const answers = await Promise.all([PHONE, UNKNOWN, 'short'].map((id) => get(`/t/${id}/events${query}`)));
        expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
        expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
      }
    });
  });

  describe('clients that do not read', () => {
    const BIG = 'BigPageVisitor_0123456789abcdef';
    /** Sends the GET over the unix socket and never reads the answer. */
    const nonReader = (socketPath: string, path: string) => new Promise<Socket>((resolve) => {
      const socket = connect(socketPath, () => {
        socket.write(`GET ${path} HTTP/1.1\r\nhost: localhost\r\n\r\n`);
        socket.pause();
        resolve(socket);
      });
      socket.on('error', () => undefined);
    });
    const statusOf = (socketPath: string, path: string) => new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
      get({ socketPath, path }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
      }).on('error', reject);
    });

    it('hold at most pageReadsPerAddress reads of one address; the others are refused at once; unread answers are cut', async () => {
      // Served on a unix socket, whose buffers (unlike loopback TCP's, which grow to tens of MB
      // here) are far smaller than the 900 KB answer: it stays in the server while nobody reads.
      await postV2(server.origin, Array.from({ length: 30 }, (_, index) => ({ ...v2(BIG, index + 1), data: { name: 'x'.repeat(30_000) } })));
      const limited = createTrajectoryServer({ store: await server.ready(), adminToken: 'admin-token-for-tests-0123456789', logger: server.logger,
        pageReadsPerAddress: 2, pageRateLimit: 1000, pageBytes: 1024 * 1024, writeTimeoutMs: 500 });
      await limited.ready();
      const socketPath = join(tempDir('unread-'), 'server.sock');
      await new Promise<void>((resolve) => limited.server.listen(socketPath, resolve));
      const sockets: Socket[] = [];
      try {
        for (let index = 0; index < 2; index += 1) sockets.push(await nonReader(socketPath, `/t/${BIG}/events`));
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The two reads are in progress (their answers unread): a third waits for neither.
        const refused = await statusOf(socketPath, `/t/${BIG}/events`);
        expect(refused.status).toBe(429);
        expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
        // Their answers stop leaving: 0.5 to 1 s later (the write timeout) both are cut and their
        // places free. Read now, each ends short of its length.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const received = await Promise.all(sockets.map((socket) => new Promise<number>((resolve) => {
          let bytes = 0;
          socket.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          socket.once('close', () => resolve(bytes));
          socket.resume();
        })));
        for (const bytes of received) expect(bytes).toBeLessThan(900_000);
        const again = await statusOf(socketPath, `/t/${BIG}/events`);
        expect(again.status).toBe(200);
        expect(JSON.parse(again.body).events.length).toBe(30);
      } finally {
        sockets.forEach((socket) => socket.destroy());
        await limited.close();
      }
    });
  });

  describe('in Chromium, 360 px wide (a side panel beside the chat)', () => {
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    const referers: string[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      const { context } = await loopbackContext(browser, { locale: 'zh-CN' });
      page = await context.newPage();
      await page.setViewportSize({ width: 360, height: 740 });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (/Content Security Policy|Refused/.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      page.on('request', (request) => {
        const referer = request.headers().referer;
        if (referer) referers.push(referer);
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the product cards and the order in both its states, newest first, and fits the width', async () => {
      await page.goto(`${server.origin}/t/${PHONE}`);
      const items = page.locator('#trail > li');
      await items.nth(6).waitFor();
      expect(await items.count()).toBe(7);
      expect(await page.locator('#trail > li.product .card.product').count()).toBe(5);
      const orders = page.locator('#trail > li.order .status');
      expect(await orders.allTextContents()).toEqual(['已支付', '待支付']);
      expect(await orders.evaluateAll((badges) => badges.map((badge) => (badge as HTMLElement).dataset.status))).toEqual(['paid', 'wait_pay']);
      expect(await items.first().textContent()).toContain('已支付');
      expect(await page.locator('#trail > li').nth(1).textContent()).toContain('设备 2/2');
      // It opens at the top: the header and the first screen are in view.
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      // The nickname is text, not markup.
      expect(await page.locator('#who').textContent()).toContain('小明 <b>bold</b>');
      expect(await page.locator('header b').count()).toBe(0);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      const dir = join(__dirname, '..', '..', 'test-artifacts');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'trajectory-360.png'), fullPage: true });
      expect(problems).toEqual([]);
    });

    it('shows a new batch live, without a reload, with hostile data as text', async () => {
      const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
      await postV2(server.origin, [
        v2(LAPTOP, 3, { customer: CUSTOMER, data: { name: hostile, url: 'javascript:alert(3)', imgUrl: 'javascript:alert(4)', params: [{ text: hostile }] } }),
        v2(LAPTOP, 4, { customer: CUSTOMER, ...order('closed', { order_no: 'NO-1001', name: hostile }) }),
      ]);
      const items = page.locator('#trail > li');
      await items.nth(8).waitFor({ timeout: 10_000 });
      // At the top, newest first: the closed order, then the hostile product view.
      expect(await items.nth(1).textContent()).toContain(hostile);
      expect(await page.locator('#trail img[src="x"], #trail script, a[href^="javascript"]').count()).toBe(0);
      expect(await items.nth(0).locator('.status').textContent()).toBe('已关闭');
      expect(await page.locator('#summary .latest-order .status').textContent()).toBe('已关闭');
      expect(problems).toEqual([]);
      // The capability never left in a Referer header.
      expect(referers.filter((referer) => referer.includes(PHONE))).toEqual([]);
    });
  });

  it('in Chromium, loads older pages on request and downloads each event once while it polls', async () => {
    const paged = await startServer({ store: await server.ready(), pageEvents: 3, pageRateLimit: 1000 });
    const browser = await launchChromium();
    try {
      const visitor = 'OncePageVisitor_0123456789abcd';
      await postV2(server.origin, [1, 2, 3, 4, 5, 6, 7].map((n) => v2(visitor, n)));
      const { context } = await loopbackContext(browser);
      const page = await context.newPage();
      const downloaded: string[] = [];
      const answers: Promise<void>[] = [];
      page.on('response', (response) => {
        if (!response.url().includes('/events')) return;
        answers.push(response.json().then((body: { events: { id: string }[] }) => {
          downloaded.push(...body.events.map((event) => event.id));
        }, () => undefined));
      });
      await page.goto(`${paged.origin}/t/${visitor}`);
      const items = page.locator('#trail > li');
      await items.nth(2).waitFor();
      expect(await items.count()).toBe(3);
      // Three shown, and more to load; the first screen counts all seven views all the same.
      expect(await page.locator('#older').isVisible()).toBe(true);
      expect(await page.locator('#summary .fact:nth-child(3) dd').textContent()).toBe('7');
      await page.click('#older');
      await items.nth(5).waitFor();
      await page.click('#older');
      await items.nth(6).waitFor();
      await page.locator('#older').waitFor({ state: 'hidden' });
      // The newest shown first, the oldest last, above the (now hidden) button for older ones.
      expect(await items.first().textContent()).toContain('商品 7');
      expect(await items.last().textContent()).toContain('商品 1');
      // Two more polls (2 s apart), then a new event arrives by the next.
      await page.waitForTimeout(4500);
      await postV2(server.origin, [v2(visitor, 8)]);
      await items.nth(7).waitFor({ timeout: 10_000 });
      await Promise.all(answers);
      expect(downloaded.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${visitor}.${n}`).sort());
    } finally {
      await browser.close();
      await paged.close();
    }
  });

  it('never writes a visitor id to the log', () => {
    const log = server.logger.lines.join('\n');
    for (const id of [PHONE, LAPTOP, STRANGER, UNKNOWN, 'cust-page-1', CUSTOMER.identity_hash]) expect(log).not.toContain(id);
  });
});
