import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { UdeskSdk } from 'taro-udesk';
import type { SessionFromInput } from 'taro-udesk';
import { demoSession } from './session';

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

const tellUdesk = (customer: DemoCustomer | null) => {
  // The one call site of identify(): every later event carries the customer, and the server links
  // this visitor's earlier, anonymous events to them; identify(null) starts a new visitor.
  UdeskSdk.identify(customer && { customer_token: customer.token, nick_name: customer.session.nickName });
};

const tellDemoServer = (customer: DemoCustomer | null) => {
  // H5: the demo server signs the web IM identity for the user of this browser session (a cookie),
  // as a shop's own backend would; the signing key never comes to the page.
  if (process.env.TARO_ENV !== 'h5') return Promise.resolve();
  const init = customer
    ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer_token: customer.token }) }
    : { method: 'POST' };
  return fetch(customer ? '/demo/login' : '/demo/logout', { ...init, credentials: 'same-origin' })
    .then(() => undefined, (error) => console.warn('[demo] login on the demo server failed:', error));
};

export async function logIn(customer: DemoCustomer | null): Promise<void> {
  tellUdesk(customer);
  await tellDemoServer(customer);
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
