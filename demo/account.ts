import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { UdeskSdk } from 'taro-udesk';
import type { SessionFromInput } from 'taro-udesk';
import { demoSession } from './session';
import { demoServerOrigin } from './demoServer';

/** A customer of the demo shop: what the contact button carries into Udesk for them. */
export interface DemoCustomer {
  /** The shop's id for the customer: Udesk's customer_token and web IM web_token. */
  token: string;
  label: string;
  session: SessionFromInput;
}

// Two customers to pick from: the one of Udesk's session-from example, and one more.
export const demoCustomers: DemoCustomer[] = [
  { token: 'test_token', label: 'jack（Udesk 文档示例客户）', session: demoSession },
  {
    token: 'li_lei_2048',
    label: '李雷（VIP 客户）',
    session: {
      nickName: '李雷',
      customer: { customer_name: '李雷', customer_token: 'li_lei_2048', email: 'lilei@example.com', level: 'vip', cellphones: [['', '13800000001']] },
    },
  },
];

/** Before login: the contact button still works, the agent just does not know who it is. */
export const anonymousSession: SessionFromInput = { nickName: '游客' };

const STORAGE_KEY = 'demo:customer';
const listeners = new Set<() => void>();

let current: DemoCustomer | null = null;

const tellUdesk = (customer: DemoCustomer | null, identityHash: string | undefined) => {
  // The one call site of identify(): every later event carries the customer and the demo server's
  // signature of it, so the trajectory server links this visitor's events, earlier anonymous ones
  // included, with the customer's other verified visitors; identify(null) starts a new visitor.
  UdeskSdk.identify(customer && { customer_token: customer.token, nick_name: customer.session.nickName, identity_hash: identityHash });
};

type LoginAnswer = { identity_hash?: string };

/** The demo server's login: its answer carries the customer's identity hash, as a shop's backend's would. */
const logInOnDemoServer = (token: string): Promise<LoginAnswer> => {
  const body = JSON.stringify({ customer_token: token });
  // H5: same origin, and the cookie it sets lets the demo server sign the web IM identity too.
  if (process.env.TARO_ENV === 'h5') {
    return fetch('/demo/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))));
  }
  return Taro.request<LoginAnswer>({ url: `${demoServerOrigin}/demo/login`, method: 'POST', header: { 'content-type': 'application/json' }, data: body })
    .then((response) => (response.statusCode === 200 ? response.data : Promise.reject(new Error(`HTTP ${response.statusCode}`))));
};

/** Tells the demo server; resolves with the customer's identity hash, if it gave one. */
const tellDemoServer = (customer: DemoCustomer | null): Promise<string | undefined> => {
  const failed = (error: unknown) => {
    // Logged in all the same: the trajectory then shows this customer as unverified, unlinked.
    console.warn('[demo] login on the demo server failed:', error);
    return undefined;
  };
  if (!customer) {
    if (process.env.TARO_ENV !== 'h5') return Promise.resolve(undefined);
    return fetch('/demo/logout', { method: 'POST', credentials: 'same-origin' }).then(() => undefined, failed);
  }
  return logInOnDemoServer(customer.token).then((answer) => (answer && typeof answer.identity_hash === 'string' ? answer.identity_hash : undefined), failed);
};

export async function logIn(customer: DemoCustomer | null): Promise<void> {
  // Logout forgets the customer at once; login waits for the demo server's signature.
  if (!customer) tellUdesk(null, undefined);
  const identityHash = await tellDemoServer(customer);
  if (customer) tellUdesk(customer, identityHash);
  current = customer; // logged in once the demo server knows too: the contact page asks it next
  listeners.forEach((listener) => listener());
  // Kept for the next launch; asynchronous, as start-up should never wait on storage.
  Taro.setStorage({ key: STORAGE_KEY, data: customer ? customer.token : '' }).catch(() => undefined);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

/** The logged-in customer, or null; pages re-render on login and logout. */
export const useCustomer = () => useSyncExternalStore(subscribe, () => current);

/** At launch: who is still logged in from last time (read asynchronously; none if nothing stored). */
export function restoreLogin(): void {
  Taro.getStorage({ key: STORAGE_KEY }).then(
    (stored) => {
      const customer = demoCustomers.find((c) => c.token === stored.data);
      if (customer && !current) logIn(customer);
    },
    () => undefined, // nothing stored: logged out
  );
}
