// One phone, two customers (Alice logs out, Bob logs in; both verified by the app's backend): what
// does Bob's PIPL export hold, and what does Bob's erasure remove? (Not an outsider's attack: two
// honest customers; the admin routes are used as the operator would.)
const { start, post, batch, ev, visitorId, ADMIN, identityHash } = require('./lib.cjs');
const admin = { authorization: `Bearer ${ADMIN}` };
(async () => {
  const server = await start();
  try {
    const phone = visitorId('phone');
    const as = (token) => ({ customer_token: token, identity_hash: identityHash(`token:${token}`) });
    await post(server.origin, batch([ev(phone, 'order', { order_no: 'A-1', consignee_name: 'Alice Liu', consignee_phone: '13800000000', consignee_address: 'Alice street 1' }, { customer: as('alice') })]));
    await post(server.origin, batch([ev(phone, 'product', { name: 'bob looks' }, { customer: as('bob') })]));
    const exported = await (await fetch(`${server.origin}/v1/export?customer_token=bob`, { headers: admin })).text();
    const aliceInBob = exported.includes('Alice street 1');
    console.log(`Bob's export: ${exported.trim().split('\n').length} lines; holds Alice's consignee address: ${aliceInBob}`);
    const aliceBefore = await (await fetch(`${server.origin}/v1/events?customer_token=alice`, { headers: admin })).json();
    const erased = await (await fetch(`${server.origin}/v1/customers?customer_token=bob`, { method: 'DELETE', headers: admin })).json();
    const aliceAfter = await (await fetch(`${server.origin}/v1/events?customer_token=alice`, { headers: admin })).json();
    console.log(`Alice's events before Bob's erasure: ${aliceBefore.events.length}; Bob's erasure: ${JSON.stringify(erased)}; Alice's events after: ${aliceAfter.events.length}`);
    const aliceExport = await (await fetch(`${server.origin}/v1/export?customer_token=alice`, { headers: admin })).text();
    console.log(`Alice's export now: ${aliceExport.trim()}`);
  } finally {
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
