import fc from 'fast-check';
import type { IncomingEvent, TrajectoryStore } from '../../src/store';
import { InvalidCursorError, InvalidStoreInputError, StoreClosedError } from '../../src/store';
import { MAX_LINKED_VISITORS } from '../../src/store/schemaSql';

/** Opens the store under test; called again after close() on the same data (directory, database). */
export interface StoreHarness {
  open(): Promise<TrajectoryStore>;
}

let unique = 0;
/** A fresh name, so each test owns its app and visitors in a store the suite shares. */
const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(unique += 1)}`;

export function makeEvent(id: string, visitor: string, extra: Partial<IncomingEvent> = {}): IncomingEvent {
  return { id, visitor, customer: null, type: 'product', at: 1_700_000_000_000, event: { id, data: { name: id } }, ...extra };
}

async function allEvents(store: TrajectoryStore, appId: string): Promise<IncomingEvent[]> {
  const events: IncomingEvent[] = [];
  let after: string | undefined;
  do {
    const page = await store.events({ appId, after, limit: 1000 });
    events.push(...page.events);
    after = page.next;
  } while (after !== undefined);
  return events;
}

/** The contract every TrajectoryStore keeps: run against each implementation. */
export function describeStoreContract(name: string, harness: () => StoreHarness): void {
  describe(`${name} keeps the TrajectoryStore contract`, () => {
    let store: TrajectoryStore;
    beforeAll(async () => {
      store = await harness().open();
    });
    afterAll(async () => {
      await store.close();
    });

    test('a repeated id is counted, not stored twice: within one batch and across batches', async () => {
      const app = fresh('app');
      const first = await store.insert(app, [makeEvent('s.1', 'v'), makeEvent('s.2', 'v'), makeEvent('s.1', 'v')]);
      expect(first.stored.map((event) => event.id)).toEqual(['s.1', 's.2']);
      expect(first.duplicates).toBe(1);
      const second = await store.insert(app, [makeEvent('s.2', 'v'), makeEvent('s.3', 'v')]);
      expect(second.stored.map((event) => event.id)).toEqual(['s.3']);
      expect(second.duplicates).toBe(1);
      expect((await allEvents(store, app)).map((event) => event.id)).toEqual(['s.1', 's.2', 's.3']);
    });

    test('the same id in two apps is two events', async () => {
      const [appA, appB] = [fresh('app'), fresh('app')];
      await store.insert(appA, [makeEvent('s.1', 'v')]);
      const result = await store.insert(appB, [makeEvent('s.1', 'v')]);
      expect(result).toMatchObject({ duplicates: 0, stored: [{ appId: appB, id: 's.1' }] });
    });

    test('concurrent callers sending the same ids store each once and count the rest', async () => {
      const app = fresh('app');
      const ids = Array.from({ length: 20 }, (_, index) => `s.${index}`);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.insert(app, ids.map((id) => makeEvent(id, 'v')))),
      );
      const storedIds = results.flatMap((result) => result.stored.map((event) => event.id));
      expect(storedIds.sort()).toEqual([...ids].sort());
      expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(180);
      expect(await allEvents(store, app)).toHaveLength(20);
    });

    test('50 concurrent callers all resolve with their own counts, and everything is stored', async () => {
      const app = fresh('app');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, caller) =>
          store.insert(app, Array.from({ length: 10 }, (_, index) => makeEvent(`c${caller}.${index}`, `v${caller}`))),
        ),
      );
      results.forEach((result, caller) => {
        expect(result.duplicates).toBe(0);
        expect(result.stored.map((event) => event.id)).toEqual(Array.from({ length: 10 }, (_, index) => `c${caller}.${index}`));
        expect(result.stored.every((event) => event.appId === app && event.receivedAt > 0)).toBe(true);
      });
      expect(await allEvents(store, app)).toHaveLength(500);
    });

    test('field names such as ".", "$x", "__proto__", "_id" and "$$deleted" are data, read back as sent', async () => {
      const app = fresh('app');
      const body = JSON.parse(
        '{"_id":null,"$$indexCreated":{"fieldName":"session","unique":true},"$$deleted":true,' +
          '"__proto__":{"polluted":1},"a.b":{"$x":["$gt",{".":"."}]},"constructor":{"prototype":{}}}',
      );
      await store.insert(app, [makeEvent('s.1', 'v', { event: body })]);
      const [event] = (await store.events({ appId: app, limit: 10 })).events;
      expect(event.event).toEqual(body);
      expect(Object.prototype.hasOwnProperty.call(event.event, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(event.event)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    test('deep and unicode data round-trip exactly', async () => {
      const app = fresh('app');
      let deep: Record<string, unknown> = { bottom: '底' };
      for (let level = 0; level < 40; level += 1) deep = { [`level${level}`]: [deep] };
      const body = {
        deep,
        text: '中文 العربية 👨‍👩‍👧 \u2028\u2029 "quoted" \\back\\slash\n\t',
        numbers: [0, -1, 1.5, 1e21, 2 ** 53 - 1, -1e-7, 5e-324, 1.7976931348623157e308],
        literals: [true, false, null, '', {}, []],
      };
      await store.insert(app, [makeEvent('s.1', 'v', { event: body })]);
      expect((await store.events({ appId: app, limit: 1 })).events[0].event).toEqual(body);
    });

    test('pages through more than one page with the cursor, oldest first, no next on the last', async () => {
      const app = fresh('app');
      const ids = Array.from({ length: 2345 }, (_, index) => `s.${index}`);
      for (let start = 0; start < ids.length; start += 500) {
        await store.insert(app, ids.slice(start, start + 500).map((id) => makeEvent(id, `v${start}`)));
      }
      const pages = [];
      let after: string | undefined;
      do {
        const page = await store.events({ appId: app, after, limit: 1000 });
        pages.push(page.events.map((event) => event.id));
        after = page.next;
      } while (after !== undefined);
      expect(pages.map((page) => page.length)).toEqual([1000, 1000, 345]);
      expect(pages.flat()).toEqual(ids);
      const exact = await store.events({ appId: app, visitor: 'v0', limit: 500 });
      expect(exact.events).toHaveLength(500);
      expect(exact.next).toBeUndefined();
    });

    test('filters by visitor, customer and app, alone and together', async () => {
      const [appA, appB] = [fresh('app'), fresh('app')];
      const [alice, bob, customer] = [fresh('visitor'), fresh('visitor'), fresh('customer')];
      await store.insert(appA, [
        makeEvent('a.1', alice),
        makeEvent('a.2', alice, { customer, verified: true, type: 'order' }),
        makeEvent('b.1', bob),
      ]);
      await store.insert(appB, [makeEvent('a.3', alice, { customer })]);
      const ids = async (query: Parameters<TrajectoryStore['events']>[0]) =>
        (await store.events(query)).events.map((event) => `${event.appId === appA ? 'A' : 'B'}:${event.id}`);
      expect(await ids({ visitor: alice, limit: 10 })).toEqual(['A:a.1', 'A:a.2', 'B:a.3']);
      // a.1 was anonymous, but its visitor (in app A) was verified later: it is the customer's too;
      // a.3 only claims the customer (unverified): it counts, marked, and pulls in nothing else.
      expect(await ids({ customer, limit: 10 })).toEqual(['A:a.1', 'A:a.2', 'B:a.3']);
      expect(await ids({ appId: appA, limit: 10 })).toEqual(['A:a.1', 'A:a.2', 'A:b.1']);
      expect(await ids({ appId: appB, visitor: alice, limit: 10 })).toEqual(['B:a.3']);
      expect(await ids({ appId: appA, visitor: bob, customer, limit: 10 })).toEqual([]);
      const order = (await store.events({ appId: appA, customer, limit: 10 })).events.find((event) => event.type === 'order');
      expect(order).toMatchObject({ type: 'order', customer, verified: true, visitor: alice, at: 1_700_000_000_000 });
      expect((await store.events({ appId: appB, limit: 10 })).events[0]).toMatchObject({ id: 'a.3', customer, verified: false });
    });

    test('linking: a visitor’s anonymous events count as its customer’s once a verified event arrives', async () => {
      const app = fresh('app');
      const [phone, laptop, stranger, customer] = [fresh('visitor'), fresh('visitor'), fresh('visitor'), fresh('token:c')];
      await store.insert(app, [makeEvent('p.1', phone), makeEvent('p.2', phone), makeEvent('s.1', stranger)]);
      const ids = async (query: Parameters<TrajectoryStore['events']>[0]) => (await store.events(query)).events.map((event) => event.id);
      // Not yet identified: the customer has nothing, each visitor only its own.
      expect(await ids({ customer, limit: 10 })).toEqual([]);
      expect(await ids({ trajectoryOf: phone, limit: 10 })).toEqual(['p.1', 'p.2']);
      await store.insert(app, [makeEvent('p.3', phone, { customer, verified: true, type: 'order' })]);
      expect(await ids({ customer, limit: 10 })).toEqual(['p.1', 'p.2', 'p.3']);
      // A second visitor of the same customer (another device), anonymous first, then identified.
      await store.insert(app, [makeEvent('l.1', laptop)]);
      expect(await ids({ trajectoryOf: phone, limit: 10 })).toEqual(['p.1', 'p.2', 'p.3']);
      await store.insert(app, [makeEvent('l.2', laptop, { customer, verified: true }), makeEvent('p.4', phone)]);
      expect(await ids({ customer, limit: 10 })).toEqual(['p.1', 'p.2', 'p.3', 'l.1', 'l.2', 'p.4']);
      // Either visitor's page shows both; the stranger's shows its own; a near miss shows nothing.
      expect(await ids({ trajectoryOf: phone, limit: 10 })).toEqual(['p.1', 'p.2', 'p.3', 'l.1', 'l.2', 'p.4']);
      expect(await ids({ trajectoryOf: laptop, limit: 10 })).toEqual(['p.1', 'p.2', 'p.3', 'l.1', 'l.2', 'p.4']);
      expect(await ids({ trajectoryOf: stranger, limit: 10 })).toEqual(['s.1']);
      expect(await ids({ trajectoryOf: `${phone.slice(0, -1)}!`, limit: 10 })).toEqual([]);
      // Paged, the same order and nothing twice.
      const first = await store.events({ trajectoryOf: laptop, limit: 4 });
      const rest = await store.events({ trajectoryOf: laptop, after: first.next, limit: 10 });
      expect([...first.events, ...rest.events].map((event) => event.id)).toEqual(['p.1', 'p.2', 'p.3', 'l.1', 'l.2', 'p.4']);
      const summary = (await store.visitors({ limit: 3 })).visitors.filter((visitor) => visitor.appId === app);
      expect(summary.map((visitor) => [visitor.visitor, visitor.customer, visitor.verifiedCustomer])).toEqual([
        [phone, customer, customer], [laptop, customer, customer], [stranger, null, null],
      ]);
    });

    test('an unverified claim links nothing; a verified identity links only within its app', async () => {
      const [app, otherApp] = [fresh('app'), fresh('app')];
      const [victim, device, claimer, elsewhere, signedElsewhere, customer] =
        [fresh('visitor'), fresh('visitor'), fresh('visitor'), fresh('visitor'), fresh('visitor'), fresh('token:c')];
      await store.insert(app, [makeEvent('v.1', victim), makeEvent('v.2', victim, { customer, verified: true, type: 'order' })]);
      await store.insert(app, [makeEvent('d.1', device, { customer, verified: true })]);
      // Claims of the same customer: unverified in its app, unverified and verified in another app.
      await store.insert(app, [makeEvent('c.1', claimer, { customer })]);
      await store.insert(otherApp, [makeEvent('e.1', elsewhere, { customer })]);
      await store.insert(otherApp, [makeEvent('s.1', signedElsewhere, { customer, verified: true })]);
      // A verified visitor's later unverified claim of someone else changes neither link.
      await store.insert(app, [makeEvent('d.2', device, { customer: fresh('token:other') })]);
      const ids = async (query: Parameters<TrajectoryStore['events']>[0]) => (await store.events(query)).events.map((event) => event.id);
      expect(await ids({ trajectoryOf: victim, limit: 10 })).toEqual(['v.1', 'v.2', 'd.1', 'd.2']);
      expect(await ids({ trajectoryOf: device, limit: 10 })).toEqual(['v.1', 'v.2', 'd.1', 'd.2']);
      expect(await ids({ trajectoryOf: claimer, limit: 10 })).toEqual(['c.1']);
      expect(await ids({ trajectoryOf: elsewhere, limit: 10 })).toEqual(['e.1']);
      expect(await ids({ trajectoryOf: signedElsewhere, limit: 10 })).toEqual(['s.1']);
      // The customer's events: every claim, marked, and the anonymous ones of its verified visitors only.
      const byCustomer = (await store.events({ customer, limit: 10 })).events.map((event) => [event.id, event.verified]);
      expect(byCustomer).toEqual([['v.1', false], ['v.2', true], ['d.1', true], ['c.1', false], ['e.1', false], ['s.1', true], ['d.2', false]]);
      const summary = (await store.visitors({ limit: 20 })).visitors.filter((visitor) => visitor.visitor === claimer || visitor.visitor === device);
      expect(summary.map((visitor) => [visitor.visitor, visitor.verifiedCustomer])).toEqual([[device, customer], [claimer, null]]);
    });

    test('a visitor’s trajectory: newest first, in pages bounded by events and bytes, each event once', async () => {
      const app = fresh('app');
      const [phone, laptop, customer] = [fresh('visitor'), fresh('visitor'), fresh('token:c')];
      const big = (id: string, visitor: string, extra: Partial<IncomingEvent> = {}) =>
        makeEvent(id, visitor, { event: { id, visitor, data: { name: 'x'.repeat(1000) } }, ...extra });
      await store.insert(app, [big('p.1', phone), big('p.2', phone), big('l.1', laptop)]);
      await store.insert(app, [big('p.3', phone, { customer, verified: true }), big('l.2', laptop, { customer, verified: true }), big('p.4', phone)]);
      const expected = (await store.events({ trajectoryOf: phone, limit: 100 })).events.map((event) => event.id).reverse();
      expect(expected).toEqual(['p.4', 'l.2', 'p.3', 'l.1', 'p.2', 'p.1']);
      // Two events of ~1.3 KB (their stored JSON) fit in 3,000 bytes, not three; the pages go back
      // with `older` until there is none.
      const seen: string[] = [];
      let page = await store.trajectory({ visitor: phone, limit: 100, maxBytes: 3000 });
      for (;;) {
        expect(page.events.length).toBe(page.older === undefined ? page.events.length : 2);
        seen.push(...page.events.map((event) => event.id));
        if (page.older === undefined) break;
        page = await store.trajectory({ visitor: phone, before: page.older, limit: 100, maxBytes: 3000 });
      }
      expect(seen).toEqual(expected);
      // One event larger than maxBytes still comes, alone; the limit bounds the count.
      expect((await store.trajectory({ visitor: laptop, limit: 100, maxBytes: 10 })).events.map((event) => event.id)).toEqual(['p.4']);
      expect((await store.trajectory({ visitor: laptop, limit: 3, maxBytes: 1e6 })).events.map((event) => event.id)).toEqual(['p.4', 'l.2', 'p.3']);
      expect(await store.trajectory({ visitor: fresh('visitor'), limit: 10, maxBytes: 1e6 })).toEqual({ events: [] });
      await expect(store.trajectory({ visitor: phone, before: page.older ?? 'ZTox', after: 'ZTox', limit: 10, maxBytes: 1e6 }))
        .rejects.toBeInstanceOf(InvalidStoreInputError);
      await expect(store.trajectory({ visitor: phone, after: 'garbage', limit: 10, maxBytes: 1e6 })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.trajectory({ visitor: phone, limit: 1001, maxBytes: 1e6 })).rejects.toBeInstanceOf(InvalidStoreInputError);
    });

    test('polling a trajectory after `newer` brings each new event, catching up page by page (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5 }),
          async (rounds, limit) => {
            const app = fresh('app');
            const [visitor, other, customer] = [fresh('visitor'), fresh('visitor'), fresh('token:c')];
            await store.insert(app, [makeEvent('v.0', visitor, { customer, verified: true }), makeEvent('o.0', other, { customer, verified: true })]);
            const inserted = ['v.0', 'o.0'];
            const shown = new Set<string>();
            let newer: string | undefined;
            let older: string | undefined;
            // What the agent's page does: the newest page (and, here, every older one) until a
            // `newer` comes, then what came since, again at once while `more`.
            const poll = async (): Promise<void> => {
              for (let guard = 0; guard < 100; guard += 1) {
                const page = await store.trajectory({ visitor, after: newer, limit, maxBytes: 1e6 });
                page.events.forEach((event) => shown.add(event.id));
                if (newer === undefined) older = page.older;
                while (newer === undefined && older !== undefined) {
                  const back = await store.trajectory({ visitor, before: older, limit, maxBytes: 1e6 });
                  back.events.forEach((event) => shown.add(event.id));
                  older = back.older;
                }
                if (page.newer !== undefined) newer = page.newer;
                if (page.more !== true) return;
              }
              throw new Error('polling never caught up');
            };
            await poll();
            for (const [index, [count, byOther]] of rounds.entries()) {
              const events = Array.from({ length: count }, (_, n) => makeEvent(`${byOther ? 'o' : 'v'}.${index + 1}.${n}`, byOther ? other : visitor));
              if (events.length > 0) await store.insert(app, events);
              inserted.push(...events.map((event) => event.id));
              await poll();
              expect([...shown].sort()).toEqual([...inserted].sort());
            }
          }),
        { numRuns: 15 },
      );
    });

    test(`a customer’s page reads its visitor and the ${MAX_LINKED_VISITORS} most recently active others`, async () => {
      const app = fresh('app');
      const customer = fresh('token:c');
      const own = fresh('visitor');
      await store.insert(app, [makeEvent('own.1', own, { customer, verified: true })]);
      const others = Array.from({ length: MAX_LINKED_VISITORS + 5 }, (_, index) => `${fresh('other')}-${index}`);
      for (let start = 0; start < others.length; start += 50) {
        await store.insert(app, others.slice(start, start + 50).map((visitor) => makeEvent(`${visitor}.1`, visitor, { customer, verified: true })));
      }
      const ids = new Set<string>();
      let page = await store.trajectory({ visitor: own, limit: 1000, maxBytes: 1e7 });
      page.events.forEach((event) => ids.add(event.id));
      while (page.older !== undefined) {
        page = await store.trajectory({ visitor: own, before: page.older, limit: 1000, maxBytes: 1e7 });
        page.events.forEach((event) => ids.add(event.id));
      }
      expect(ids.has('own.1')).toBe(true);
      expect(ids.size).toBe(MAX_LINKED_VISITORS + 1);
      // The first five (least recently active) are the ones left out.
      for (const visitor of others.slice(0, 5)) expect(ids.has(`${visitor}.1`)).toBe(false);
    });

    test('a cursor it did not hand out, a limit outside 1..1000, or a filter no event can match is a typed error', async () => {
      const { next } = await store.visitors({ limit: 1 });
      for (const after of ['garbage', '', 'ZTox!', 'ZTow', Buffer.from('e:99999999999999999999').toString('base64url'), next]) {
        if (after === undefined) continue;
        await expect(store.events({ after, limit: 10 })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      await expect(store.visitors({ after: 'garbage', limit: 10 })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.events({ visitor: 'a\u0000b', limit: 10 })).rejects.toMatchObject({ name: 'InvalidStoreInputError', path: 'visitor' });
      await expect(store.events({ customer: '\udc00', limit: 10 })).rejects.toBeInstanceOf(InvalidStoreInputError);
      await expect(store.insert('app', [makeEvent('x.1', 'v', { verified: 'yes' as never })])).rejects.toMatchObject({ path: 'events[0].verified' });
      await expect(store.insert('app', [makeEvent('x.1', 'v', { verified: true })])).rejects.toMatchObject({ path: 'events[0].verified', rule: expect.stringMatching(/needs a customer/) });
      for (const limit of [0, 1001, 1.5, Number.NaN]) {
        await expect(store.events({ limit })).rejects.toBeInstanceOf(InvalidStoreInputError);
      }
    });

    test('text PostgreSQL cannot hold fails that call alone, naming the field; others in flight are kept', async () => {
      const app = fresh('app');
      const good = Array.from({ length: 5 }, (_, index) => store.insert(app, [makeEvent(`g.${index}`, 'v')]));
      const bad = store.insert(app, [makeEvent('b.1', 'v', { event: { note: 'nul \u0000 here' } })]);
      const lone = store.insert(app, [makeEvent('b.2', 'v', { event: { ['\ud800']: 1 } })]);
      await expect(bad).rejects.toMatchObject({ name: 'InvalidStoreInputError', path: 'events[0].event.note' });
      await expect(lone).rejects.toBeInstanceOf(InvalidStoreInputError);
      expect((await Promise.all(good)).map((result) => result.stored.length)).toEqual([1, 1, 1, 1, 1]);
    });

    test('the visitors summary counts each visitor’s events, most recently active first', async () => {
      const app = fresh('app');
      const [early, late] = [fresh('visitor'), fresh('visitor')];
      const customer = fresh('customer');
      await store.insert(app, [makeEvent('e.1', early, { at: 1000 }), makeEvent('l.1', late, { at: 5000 })]);
      await store.insert(app, [makeEvent('e.2', early, { at: 3000, customer }), makeEvent('e.1', early, { at: 1 })]);
      await store.insert(app, [makeEvent('e.3', early, { at: 2000 })]);
      const page = await store.visitors({ limit: 2 });
      expect(page.visitors).toEqual([
        { appId: app, visitor: early, customer, verifiedCustomer: null, events: 3, firstAt: 1000, lastAt: 3000 },
        { appId: app, visitor: late, customer: null, verifiedCustomer: null, events: 1, firstAt: 5000, lastAt: 5000 },
      ]);
      expect(page.next).toBeDefined();
      const after = await store.visitors({ after: page.next, limit: 1000 });
      expect(after.visitors.map((visitor) => visitor.visitor)).not.toContain(early);
      expect(after.visitors.map((visitor) => visitor.visitor)).not.toContain(late);
    });

    test('arbitrary JSON event bodies round-trip exactly (property)', async () => {
      const app = fresh('app');
      const storable = fc.jsonValue().filter((value) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(value)));
      let count = 0;
      await fc.assert(
        fc.asyncProperty(storable, async (value) => {
          const id = `p.${(count += 1)}`;
          const body = JSON.parse(JSON.stringify({ value }));
          await store.insert(app, [makeEvent(id, 'v', { event: body })]);
          const [event] = (await store.events({ appId: app, visitor: 'v', after: undefined, limit: 1000 })).events.filter(
            (stored) => stored.id === id,
          );
          expect(event.event).toEqual(body);
        }),
        { numRuns: 60 },
      );
    });

    test('close and reopen keeps every event, the summary and the duplicate check', async () => {
      const app = fresh('app');
      const visitor = fresh('visitor');
      await store.insert(app, [makeEvent('s.1', visitor), makeEvent('s.2', visitor, { customer: 'c' })]);
      const before = await allEvents(store, app);
      const closing = store.close();
      await expect(store.insert(app, [makeEvent('s.9', visitor)])).rejects.toBeInstanceOf(StoreClosedError);
      await closing;
      store = await harness().open();
      expect(await allEvents(store, app)).toEqual(before);
      expect((await store.visitors({ limit: 1 })).visitors[0]).toMatchObject({ visitor, events: 2, customer: 'c' });
      expect(await store.insert(app, [makeEvent('s.2', visitor), makeEvent('s.3', visitor)])).toMatchObject({
        duplicates: 1,
        stored: [{ id: 's.3' }],
      });
    });
  });
}
