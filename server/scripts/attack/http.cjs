// Targets 2-5 against the built server: first-screen summary, visitor_keys growth, visitorSeq
// loss figures, admin routes, erasure, metrics labels, JSON logs. Prints one line per attack.
const { start, post, ev, batch, visitorId, APP, ADMIN, identityHash } = require('./lib.cjs');

const results = [];
const say = (name, held, detail) => { results.push({ name, held, detail }); console.log(`${held ? 'HELD ' : 'BROKE'} ${name}: ${detail}`); };
const page = async (origin, v) => (await fetch(`${origin}/t/${v}/events`)).json();
const admin = { authorization: `Bearer ${ADMIN}` };

(async () => {
  const server = await start(['--delivery-settle-hours', '0']);
  const { origin } = server;
  try {
    // --- 2. first screen ---
    const victim = visitorId('victim');
    const victimKey = 'token:victim-customer';
    await post(origin, batch([ev(victim, 'product', { name: 'p' }, { customer: { customer_token: 'victim-customer', nick_name: '李雷', identity_hash: identityHash(victimKey) } })]));
    const before = (await page(origin, victim)).summary;
    // An outsider claims the victim's customer (no hash, a wrong hash), many events, new sessions and orders.
    const attacker = visitorId('attacker');
    const claims = [];
    for (let i = 0; i < 50; i++) claims.push(ev(attacker, 'order', { order_no: `o${i}`, name: 'x' }, { session: `s${i}`, customer: { customer_token: 'victim-customer', nick_name: '攻击者' } }));
    claims.push(ev(attacker, 'product', { name: 'x' }, { customer: { customer_token: 'victim-customer', nick_name: '攻击者', identity_hash: 'a'.repeat(64) } }));
    const r1 = await post(origin, batch(claims));
    const after = (await page(origin, victim)).summary;
    say('unverified claim of a victim\'s customer changes nothing on the victim\'s page', JSON.stringify(before) === JSON.stringify(after),
      `claim batch ${r1.status} accepted=${r1.json.accepted}; victim summary before=${JSON.stringify(before.identity)}/${before.visits}v/${before.orders}o after=${JSON.stringify(after.identity)}/${after.visits}v/${after.orders}o`);
    const attackerPage = (await page(origin, attacker));
    say('attacker\'s own page shows unverified, no victim events', attackerPage.summary.identity.state === 'unverified' && attackerPage.events.every((e) => e.visitor === attacker),
      `identity=${JSON.stringify(attackerPage.summary.identity)} events=${attackerPage.events.length} devices=${attackerPage.summary.devices}`);

    // A victim verified, then an unverified claim with another nick from the same visitor: name shown stays the verified one?
    await post(origin, batch([ev(victim, 'product', { name: 'p2' }, { customer: { customer_token: 'other', nick_name: '冒名者' } })]));
    const s2 = (await page(origin, victim)).summary.identity;
    say('an unverified claim on a verified visitor leaves the verified name', s2.state === 'verified' && s2.nickName === '李雷' && s2.customer === victimKey, JSON.stringify(s2));

    // A customer's own valid hash (its app hands it out to its own logged-in user) with any nick_name:
    // the nick is not signed, yet shown as "<nick> · 已验证身份".
    const self = visitorId('selfsigned');
    const mine = 'token:attacker-own-account';
    await post(origin, batch([ev(self, 'product', { name: 'p' }, { customer: { customer_token: 'attacker-own-account', nick_name: '李雷', identity_hash: identityHash(mine) } })]));
    const s3 = (await page(origin, self)).summary.identity;
    say('a verified event\'s unsigned nick_name is shown as the verified name', !(s3.state === 'verified' && s3.nickName === '李雷'),
      `attacker's own hash for ${mine} with nick_name 李雷 -> ${JSON.stringify(s3)} (page line: "李雷 · 已验证身份")`);

    // Shared device: verified as A (nick Alice) then verified as B without nick: B shown with A's name?
    const shared = visitorId('shared');
    await post(origin, batch([ev(shared, 'product', { name: 'p' }, { customer: { customer_token: 'alice', nick_name: 'Alice', identity_hash: identityHash('token:alice') } })]));
    await post(origin, batch([ev(shared, 'product', { name: 'p' }, { customer: { customer_token: 'bob', identity_hash: identityHash('token:bob') } })]));
    const s4 = (await page(origin, shared)).summary.identity;
    say('a second verified customer on a device is not shown under the first one\'s name', !(s4.customer === 'token:bob' && s4.nickName === 'Alice'), JSON.stringify(s4));

    // Counts inflation: one batch, distinct sessions and order numbers: key rows created.
    const inflater = visitorId('inflate');
    const many = [];
    for (let i = 0; i < 4000; i++) many.push({ id: `i${i}`, session: `S${i}`, type: 'order', at: Date.now(), visitor: inflater, data: { order_no: `O${i}` } });
    const body = JSON.stringify(batch(many));
    const r2 = await post(origin, body);
    const s5 = (await page(origin, inflater)).summary;
    say('visitor_keys rows per batch are bounded by its events', s5.visits + s5.orders <= 2 * r2.json.accepted,
      `one ${body.length}-byte batch: ${r2.status} accepted=${r2.json.accepted}; visits=${s5.visits} orders=${s5.orders} => ${s5.visits + s5.orders} taro_udesk_visitor_keys rows (2 per event, no cap per visitor)`);

    // --- 3. visitorSeq ---
    const d0 = await (await fetch(`${origin}/v1/delivery`, { headers: admin })).json();
    const forged = [];
    for (let i = 0; i < 1000; i++) forged.push({ id: `f${i}`, session: 's', type: 'product', at: Date.now(), visitor: visitorId('seq'), data: {}, visitorSeq: 100000 });
    const r3 = await post(origin, batch(forged));
    // One visitor climbing 100,000 a batch.
    const climber = visitorId('climb');
    for (let k = 1; k <= 20; k++) await post(origin, batch([{ id: `c${k}`, session: 's', type: 'product', at: Date.now(), visitor: climber, data: {}, visitorSeq: k * 100000 }]));
    const big = await post(origin, batch([{ id: 'huge', session: 's', type: 'product', at: Date.now(), visitor: visitorId('huge'), data: {}, visitorSeq: Number.MAX_SAFE_INTEGER }]));
    const neg = await post(origin, batch([{ id: 'neg', session: 's', type: 'product', at: Date.now(), visitor: visitorId('neg'), data: {}, visitorSeq: -5 }, { id: 'frac', session: 's', type: 'product', at: Date.now(), visitor: visitorId('neg'), data: {}, visitorSeq: 1.5 }, { id: 'str', session: 's', type: 'product', at: Date.now(), visitor: visitorId('neg'), data: {}, visitorSeq: '7' }]));
    await new Promise((r) => setTimeout(r, 1500));
    const d1 = await (await fetch(`${origin}/v1/delivery`, { headers: admin })).json();
    console.log('delivery before', JSON.stringify(d0), '\ndelivery after', JSON.stringify(d1));
    const app = (d1.apps ?? d1).find?.((a) => a.appId === APP) ?? d1;
    // The figures are cached 15 s (read once above): sequence.cjs measures them; this checks the rules.
    say('visitorSeq outside 1..2^53-1 is refused per event', neg.json.rejected.length === 3 && big.json.accepted === 1,
      `batch ${r3.status} accepted=${r3.json.accepted}; 20 one-event batches climbing 100,000 each; MAX_SAFE_INTEGER seq: ${big.status} ${JSON.stringify(big.json)}; -5/1.5/"7": ${neg.status} rejected=${JSON.stringify(neg.json.rejected)}; figures: ${JSON.stringify(app)}`);

    // --- 4. admin routes ---
    const routes = [['DELETE', `/v1/visitors/${victim}`], ['DELETE', '/v1/customers?customer_token=victim-customer'], ['GET', `/v1/export?visitor=${victim}`],
      ['GET', '/metrics'], ['GET', '/v1/delivery'], ['GET', '/v1/events?customer_token=victim-customer'], ['GET', '/v1/visitors'], ['GET', '/v1/stream']];
    const variants = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${ADMIN}x` }, { authorization: `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}` },
      { authorization: 'Bearer ' }, { 'x-udesk-company-token': 'public-company-token-of-the-app' }, { authorization: `bearer ${ADMIN.slice(0, -1)}` }];
    let admin401 = 0;
    let adminTotal = 0;
    const odd = [];
    for (const [method, path] of routes) for (const headers of variants) {
      adminTotal += 1;
      const res = await fetch(`${origin}${path}`, { method, headers });
      if (res.status === 401) admin401 += 1; else odd.push(`${method} ${path} ${JSON.stringify(headers)} -> ${res.status}`);
      await res.body?.cancel();
    }
    // Path tricks
    for (const path of ['/v1/visitors/%2e%2e', '/V1/EVENTS', '/v1/events/', '//v1/events', '/v1/events;x', '/metrics/', '/v1/export/']) {
      const res = await fetch(`${origin}${path}`, { method: 'GET' });
      const text = await res.text();
      if (res.status === 200) odd.push(`GET ${path} -> 200 ${text.slice(0, 80)}`);
    }
    say('admin routes answer 401 without the admin token', odd.length === 0, `${admin401}/${adminTotal} were 401; others: ${odd.join('; ') || 'none'}`);

    // Erasure and return
    const gone = visitorId('gone');
    const goneEvents = [ev(gone, 'product', { name: 'a' }), ev(gone, 'order', { order_no: 'x' })];
    await post(origin, batch(goneEvents));
    const del = await fetch(`${origin}/v1/visitors/${gone}`, { method: 'DELETE', headers: admin });
    const delJson = await del.json();
    const resend = await post(origin, batch(goneEvents));
    const fresh = await post(origin, batch([ev(gone, 'product', { name: 'new' }), { ...ev(gone, 'product', {}), visitor: gone, id: 'v1-style' }]));
    const v1 = await post(origin, { v: 1, appId: APP, events: [{ id: 'v1ev', session: gone, type: 'product', at: Date.now(), data: {} }] });
    const after2 = await page(origin, gone);
    const exp = await (await fetch(`${origin}/v1/export?visitor=${gone}`, { headers: admin })).text();
    say('an erased visitor\'s events do not come back (resend, new ids)', after2.events.every((e) => e.visitor !== gone) && after2.events.length === 0,
      `DELETE ${del.status} ${JSON.stringify(delJson)}; resend ${JSON.stringify(resend.json)}; new ids ${JSON.stringify(fresh.json)}; v1 batch with session=<erased id> ${JSON.stringify(v1.json)}; page events now ${after2.events.length}; export lines ${exp.trim() ? exp.trim().split('\n').length : 0}`);
    // Same visitor id in another app (no apps file would admit it; here: unknown app)
    const other = await post(origin, batch([ev(gone, 'product', {})], 'wxother'));
    say('another app id with this app\'s token is refused', other.status === 401, `${other.status} ${JSON.stringify(other.json)}`);

    // Erase a customer; a claim of it (unverified) by someone else afterwards
    await post(origin, batch([ev(visitorId('c'), 'product', {}, { customer: { customer_token: 'erase-me', identity_hash: identityHash('token:erase-me') } })]));
    const dc = await fetch(`${origin}/v1/customers?customer_token=erase-me`, { method: 'DELETE', headers: admin });
    const back = await post(origin, batch([ev(visitorId('c2'), 'product', {}, { customer: { customer_token: 'erase-me', identity_hash: identityHash('token:erase-me') } })]));
    const evs = await (await fetch(`${origin}/v1/events?customer_token=erase-me`, { headers: admin })).json();
    say('an erased customer\'s new events are not stored', evs.events.length === 0, `DELETE ${dc.status} ${JSON.stringify(await dc.json())}; new verified event ${JSON.stringify(back.json)}; events now ${evs.events.length}`);

    // --- 5. logs ---
    const marker = 'LOGMARK';
    await fetch(`${origin}/t/${marker}${'a'.repeat(20)}%0aINJECT/events`);
    await fetch(`${origin}/${marker}%0d%0a{"level":"error"}`);
    await post(origin, `{"v":2,"appId":"${marker}\\n","events":[]}`);
    await post(origin, batch([ev(visitorId(marker), 'product', { name: `${marker}\n{"level":"error","message":"forged"}` })]));
    await fetch(`${origin}/v1/events?after=${marker}%0a`, { headers: admin });
    await fetch(`${origin}/t/${visitorId('x')}/events?before=${marker}%0a`);
    await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${marker}` } });
    const log = server.output();
    const lines = log.split('\n').filter(Boolean);
    const bad = lines.filter((l) => { try { const o = JSON.parse(l); return Object.keys(o).join() !== 'time,level,message'; } catch { return true; } });
    say('log lines stay JSON {time,level,message} and hold no client data or token', !log.includes(marker) && bad.length === 0 && !log.includes('public-company-token') && !log.includes(ADMIN),
      `${lines.length} lines; non-JSON or odd keys ${bad.length}; marker present ${log.includes(marker)}; company token ${log.includes('public-company-token')}; admin token ${log.includes(ADMIN)}`);
    console.log('--- log ---\n' + log);
  } finally {
    await server.stop();
  }
  // Metrics labels without an apps file
  const open = await start(['--delivery-settle-hours', '0'], { apps: false });
  try {
    for (let i = 0; i < 300; i++) await post(open.origin, batch([{ id: 'x', session: 's', type: 'product', at: Date.now(), visitor: visitorId('m'), data: {}, visitorSeq: 1 }], `invented-app-${i}-${'z'.repeat(200)}`));
    const text = await (await fetch(`${open.origin}/metrics`, { headers: admin })).text();
    const appLines = text.split('\n').filter((l) => l.includes('invented-app-')).length;
    say('/metrics app labels bounded without --apps-file', appLines < 300, `300 invented app ids of 214 chars -> ${appLines} labelled lines, ${text.length} bytes of /metrics`);
  } finally {
    await open.stop();
  }
  console.log(JSON.stringify(results.map((r) => [r.held ? 'held' : 'broke', r.name])));
})().catch((e) => { console.error(e); process.exit(1); });
