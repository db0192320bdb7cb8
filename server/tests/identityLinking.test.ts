// Issue 17, finding 1: "a claimed customer opens someone else's trajectory". An outsider has what
// every outsider has: an app's company token (it ships in every copy of the app) and, here, a
// victim's customer_token. Against `taro-udesk-server` in a child process, on the embedded store
// and on a real PostgreSQL, the outsider posts events under fresh visitor ids that claim the
// victim's customer, with no identity hash or a forged one, from the victim's app and from
// another app, then reads its own page. It must see only its own events; the victim's page must
// not change, nor its header's nick_name (read in Chromium, as the agent sees it).
import { spawn, type ChildProcess } from 'child_process';
import { createHmac } from 'crypto';
import { existsSync, mkdirSync, symlinkSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { buildSync } from 'esbuild';
import type { Browser, BrowserContext } from 'playwright-core';
import { makePgliteDataDir } from './support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from './support/postgres';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(120_000);

const ADMIN_TOKEN = 'identity-admin-token-0123456789abcdef';
const SHOP = { appId: 'wx-identity-shop', token: 'company-token-of-the-shop', secret: 'shop-identity-secret-0123456789abcdef-SERVER-ONLY' };
const OTHER = { appId: 'wx-identity-other', token: 'company-token-of-another-app', secret: 'other-identity-secret-0123456789abcdef-SERVER-ONLY' };
const VICTIM_TOKEN = 'victim-customer-token-42';
const VICTIM_NICK = '王女士';
const STRANGER_NICK = 'VIP-verified';

// The bundle sits beside a link to the console's sources, which the server then bundles on first
// request (as when run from source), so the agent's page is served as in production.
const cliDir = join(__dirname, '../../node_modules/.cache/taro-udesk-tests/identity');
const cliFile = join(cliDir, 'serveCli.cjs');

beforeAll(() => {
  mkdirSync(cliDir, { recursive: true });
  if (!existsSync(join(cliDir, 'console'))) symlinkSync(join(__dirname, '../src/console'), join(cliDir, 'console'), 'dir');
  buildSync({
    entryPoints: [join(__dirname, '../src/cli/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile: cliFile, logLevel: 'warning',
    external: ['pg', '@electric-sql/pglite', 'esbuild'],
  });
});

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The documented contract (docs/protocol.md): hex(HMAC-SHA256(secret, `token:<customer_token>`)). */
const identityHash = (secret: string, customerToken: string) => createHmac('sha256', secret).update(`token:${customerToken}`, 'utf8').digest('hex');

async function startChild(storeArgs: string[]): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cliFile, '--port', String(port), ...storeArgs,
    '--app', `${SHOP.appId}:${SHOP.token}`, '--app', `${OTHER.appId}:${OTHER.token}`, '--admin-token', ADMIN_TOKEN,
    '--rate-limit', '100000', '--page-rate-limit', '100000'], {
    stdio: 'ignore',
    // The identity secrets come from the environment, never the command line (`ps` shows that).
    env: { ...process.env, TARO_UDESK_IDENTITY_SECRETS: `${SHOP.appId}:${SHOP.secret},${OTHER.appId}:${OTHER.secret}` },
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 600; tries++) {
    if (await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)) return { child, origin };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

let at = 1_795_600_000_000;
const product = (visitor: string, seq: number, customer?: Record<string, string>) => {
  at += 1000;
  return { id: `${visitor}.${seq}`, session: `launch-${visitor}`, seq, visitor, type: 'product', at, data: { name: `商品 ${seq}` }, ...(customer ? { customer } : {}) };
};
const order = (visitor: string, seq: number, customer: Record<string, string>, data: Record<string, unknown>) => {
  at += 1000;
  return { id: `${visitor}.${seq}`, session: `launch-${visitor}`, seq, visitor, type: 'order', at, customer,
    data: { order_no: `NO-${seq}`, name: '订单', price: 16.8, status: 'paid', order_at: '2026-11-25T10:00:00.000Z', ...data } };
};

async function post(origin: string, app: { appId: string; token: string }, events: unknown[]): Promise<void> {
  const response = await fetch(`${origin}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-udesk-company-token': app.token },
    body: JSON.stringify({ v: 2, appId: app.appId, companyDomain: 'demo.udesk.cn', sentAt: Date.now(), events }),
  });
  expect(response.status).toBe(200);
  expect((await response.json()).rejected).toEqual([]);
}

interface PageEvent {
  id: string;
  visitor: string;
  event: { data: Record<string, unknown> };
}
/** The page's events, oldest first (the JSON is newest first; these pages fit in one answer). */
const pageOf = async (origin: string, visitor: string): Promise<PageEvent[]> => {
  const response = await fetch(`${origin}/t/${visitor}/events`);
  expect(response.status).toBe(200);
  return ((await response.json()).events as PageEvent[]).reverse();
};

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
  // The agent's page and the console in Chinese, their default (Accept-Language zh-CN).
  ({ context } = await loopbackContext(browser, { locale: 'zh-CN' }));
});
afterAll(async () => {
  await browser?.close();
});

function describeAttacks(storeName: string, storeArgs: () => Promise<string[]>) {
  describe(`a stranger with the public company token, on ${storeName}`, () => {
    let server: { child: ChildProcess; origin: string };
    let run = 0;
    const fresh = (label: string) => `${label}_${storeName.replace(/\W/g, '')}_${(run += 1)}_0123456789abcdef`;
    const VICTIM = fresh('Victim');
    const victimCustomer = { customer_token: VICTIM_TOKEN, nick_name: VICTIM_NICK, identity_hash: identityHash(SHOP.secret, VICTIM_TOKEN) };
    let victimIds: string[];

    beforeAll(async () => {
      server = await startChild(await storeArgs());
      // The victim browses anonymously, logs in (its app's backend signed its identity), orders.
      await post(server.origin, SHOP, [product(VICTIM, 1), product(VICTIM, 2)]);
      await post(server.origin, SHOP, [
        order(VICTIM, 3, victimCustomer, { consignee_name: '王小红', consignee_phone: '13800000042', consignee_address: '上海市徐汇区某路 1 号' }),
        product(VICTIM, 4, victimCustomer),
      ]);
      victimIds = (await pageOf(server.origin, VICTIM)).map((event) => event.id);
      expect(victimIds).toEqual([1, 2, 3, 4].map((seq) => `${VICTIM}.${seq}`));
    });
    afterAll(async () => {
      server?.child.kill('SIGTERM');
      if (server && server.child.exitCode === null) await new Promise((resolve) => server.child.once('exit', resolve));
    });

    const victimEventsOn = async (visitor: string) => (await pageOf(server.origin, visitor)).filter((event) => event.visitor === VICTIM);

    it.each([
      ['no identity hash', () => ({ customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK })],
      ['a forged identity hash', () => ({ customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK, identity_hash: 'f'.repeat(64) })],
      ['a hash signed with a guessed secret', () => ({ customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK, identity_hash: identityHash('demo-company-token', VICTIM_TOKEN) })],
    ])('from the victim’s app, claiming the victim with %s, reads none of the victim’s events through a fresh visitor id', async (_, claim) => {
      const stranger = fresh('Stranger');
      await post(server.origin, SHOP, [product(stranger, 1, claim())]);
      const exposed = await victimEventsOn(stranger);
      console.log(`${storeName}, same app: the stranger's page showed ${exposed.length} of the victim's ${victimIds.length} events`);
      expect(exposed.map((event) => event.id)).toEqual([]);
      expect((await pageOf(server.origin, stranger)).map((event) => event.id)).toEqual([`${stranger}.1`]);
    });

    it('from another app (its own company token), claiming the victim, reads none of the victim’s events', async () => {
      const stranger = fresh('Elsewhere');
      await post(server.origin, OTHER, [product(stranger, 1, { customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK })]);
      const exposed = await victimEventsOn(stranger);
      console.log(`${storeName}, other app: the stranger's page showed ${exposed.length} of the victim's ${victimIds.length} events`);
      expect(exposed.map((event) => event.id)).toEqual([]);
      // Nor with a hash that the other app's own backend would sign: identities link within one app.
      const signedThere = fresh('SignedElsewhere');
      await post(server.origin, OTHER, [product(signedThere, 1, { customer_token: VICTIM_TOKEN, identity_hash: identityHash(OTHER.secret, VICTIM_TOKEN) })]);
      expect((await victimEventsOn(signedThere)).map((event) => event.id)).toEqual([]);
    });

    it('cannot plant an order on the victim’s page, nor change its header’s nick_name', async () => {
      const stranger = fresh('Planter');
      const claim = { customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK };
      await post(server.origin, SHOP, [order(stranger, 1, claim, { name: 'refund me', price: 9999, status: 'wait_pay', remark: '请退款到此账户' })]);
      await post(server.origin, OTHER, [order(`${stranger}B`, 1, claim, { name: 'refund me too', price: 9999, status: 'wait_pay' })]);
      const victimPage = await pageOf(server.origin, VICTIM);
      const planted = victimPage.filter((event) => event.visitor !== VICTIM);
      console.log(`${storeName}: ${planted.length} planted events on the victim's page`);

      const agent = await context.newPage();
      let header = '';
      let trail = '';
      try {
        await agent.goto(`${server.origin}/t/${VICTIM}`);
        await agent.locator('#status.ok').waitFor();
        await agent.waitForFunction(() => document.querySelectorAll('#trail > li').length >= 4);
        header = (await agent.locator('#who').textContent()) ?? '';
        trail = (await agent.locator('#trail').textContent()) ?? '';
      } finally {
        await agent.close();
      }
      console.log(`${storeName}: the victim's page header reads "${header}"`);
      expect(victimPage.map((event) => event.id)).toEqual(victimIds);
      expect(header).not.toContain(STRANGER_NICK);
      expect(header).toContain(VICTIM_NICK);
      expect(trail).not.toContain('refund me');
    });

    it('links the victim’s own second device, signed by its app’s backend; the stranger’s page says it is unverified', async () => {
      const laptop = fresh('Laptop');
      await post(server.origin, SHOP, [product(laptop, 1), product(laptop, 2, victimCustomer)]);
      const both = [...victimIds, `${laptop}.1`, `${laptop}.2`];
      expect((await pageOf(server.origin, VICTIM)).map((event) => event.id)).toEqual(both);
      expect((await pageOf(server.origin, laptop)).map((event) => event.id)).toEqual(both);
      const stranger = fresh('Claimer');
      await post(server.origin, SHOP, [product(stranger, 1, { customer_token: VICTIM_TOKEN, nick_name: STRANGER_NICK })]);
      const own = await pageOf(server.origin, stranger);
      expect(own.map((event) => [event.id, (event as unknown as { verified: boolean }).verified])).toEqual([[`${stranger}.1`, false]]);
      const agent = await context.newPage();
      try {
        await agent.goto(`${server.origin}/t/${stranger}`);
        await agent.locator('#status.ok').waitFor();
        await agent.locator('#who[data-identity="unverified"]').waitFor();
        expect(await agent.locator('#who').textContent()).toBe(`未验证身份：${STRANGER_NICK}`);
        expect(await agent.locator('#summary .fact dd').allTextContents()).toEqual([expect.any(String), '1 次', '1 次', '0 笔']);
        await agent.goto(`${server.origin}/t/${laptop}`);
        await agent.locator('#who[data-identity="verified"]').waitFor();
        expect(await agent.locator('#who').textContent()).toBe(`${VICTIM_NICK} · 已验证身份`);
        expect(await agent.locator('#trail > li').count()).toBe(6);
        expect(await agent.locator('#summary .fact:last-child dd').textContent()).toBe('2 台');
        // The admin console marks each visitor's customer as verified or not.
        await agent.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
        const summaryOf = (visitor: string, text: string) => agent.locator(`.visitor[data-visitor="${visitor}"] small`, { hasText: text }).waitFor();
        await summaryOf(stranger, `${SHOP.appId} · 1 条记录 · 客户 token:${VICTIM_TOKEN}（未验证）`);
        await summaryOf(laptop, `${SHOP.appId} · 2 条记录 · 客户 token:${VICTIM_TOKEN}（已验证）`);
      } finally {
        await agent.close();
      }
    });
  });
}

describeAttacks('PGlite', async () => ['--data', (await makePgliteDataDir()).dir]);

describe('with PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.stop());
  describeAttacks('PostgreSQL', async () => ['--database', cluster.connectionString]);
});
