// The contact page as Taro compiled it for WeChat, run in Node against a stubbed `wx`. What
// cannot run here is WeChat itself: the test checks the documented contract, a <button>
// with open-type="contact" and a session-from within budget that Udesk can read.
import { buildSessionFrom, parseSessionFrom, utf8ByteLength } from 'taro-udesk';
import { demoSession, oversizedSession, TRAJECTORY_FIELD } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { findNodes, loadWeapp, templateOf } from '../support/weappRuntime';
import type { TaroNode } from '../support/weappRuntime';

const dir = buildDir('weapp');

describe('compiled weapp: contact page', () => {
  const button = templateOf(dir, 'button');
  let buttons: TaroNode[];

  beforeAll(async () => {
    const runtime = loadWeapp(dir, {
      reLaunch: () => undefined,
      // What the demo server answers: its login signs the customer (scripts/demo/demoRoutes.cjs),
      // and the tracker's batches are taken. The login waits for that answer.
      request: (o: { url: string; success(r: unknown): void }) => {
        const data = o.url.endsWith('/demo/login') ? { identity_hash: 'a1'.repeat(32) } : { accepted: 0, duplicates: 0, rejected: [] };
        setTimeout(() => o.success({ statusCode: 200, data, header: {} }), 0);
        return { abort() {} };
      },
    });
    // Log in as the customer of Udesk's example first: the contact page carries whoever is logged in.
    const login = await runtime.openPage('pages/login/index');
    const option = findNodes(login.data.root, (n) => n.uid === 'login-test_token')[0];
    const target = { id: option.uid, dataset: { sid: option.sid } };
    (login as unknown as { eh(e: unknown): void }).eh.call(login, { type: 'tap', currentTarget: target, target, detail: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const page = await runtime.openPage('pages/contact/index');
    // The button re-renders with the customer once the login is answered, and with the trajectory
    // link once the visitor id is read from storage.
    const linked = () => findNodes(page.data.root, (n) => n.uid === 'contact')
      .some((n) => String(n[button.keys['session-from']]).includes('TextField_12') && String(n[button.keys['session-from']]).includes('test_token'));
    for (let i = 0; i < 100 && !linked(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    buttons = findNodes(page.data.root, (n) => n.nn === button.nn);
  });

  it('reads Taro\'s attribute keys from the generated base.wxml', () => {
    expect(button.keys['open-type']).toMatch(/^\w+$/);
    expect(button.keys['session-from']).toMatch(/^\w+$/);
    expect(button.keys['open-type']).not.toBe(button.keys['session-from']);
  });

  it('renders a contact button whose session-from is buildSessionFrom of the page\'s input and the trajectory link', () => {
    const contact = buttons.find((n) => n.uid === 'contact') as TaroNode;
    expect(contact[button.keys['open-type']]).toBe('contact');
    const value = contact[button.keys['session-from']] as string;
    // The link to the agent's page: the weapp build's server (demo/app.ts) and a new visitor's id.
    const link = (parseSessionFrom(value).customer?.custom_fields as Record<string, unknown> | undefined)?.[TRAJECTORY_FIELD];
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:4318\/t\/[0-9a-f]{32}$/);
    expect(value).toBe(buildSessionFrom(demoSession, { trajectory: { field: TRAJECTORY_FIELD, url: link as string } }));
    expect(parseSessionFrom(value).customer).toMatchObject({ customer_token: 'test_token' });
    expect(contact[button.keys['class']]).toBe('primary-button');
  });

  it('keeps the oversized customer within budget, identity kept', () => {
    const contact = buttons.find((n) => n.uid === 'contact-oversized') as TaroNode;
    const value = contact[button.keys['session-from']] as string;
    expect(value).toBe(buildSessionFrom(oversizedSession));
    expect(utf8ByteLength(value)).toBeLessThanOrEqual(1000);
    expect(value.length).toBeLessThan(1024);
    const parsed = parseSessionFrom(value);
    expect(parsed.customer).toMatchObject({ customer_name: 'Customer Name', customer_token: 'test_token' });
    expect(parsed.unionid).toBe(demoSession.unionid);
    expect(parsed.customer?.description).toBeUndefined();
  });
});
