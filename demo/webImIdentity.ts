import { useEffect, useState } from 'react';
import type { WebImCustomer } from 'taro-udesk';

/**
 * H5: the signed web IM identity of the logged-in customer, from the demo server (your backend in
 * a real shop: it holds the im_user_key and signs with signWebImCustomer from taro-udesk/server).
 * Undefined while loading, when logged out, or when the server would not sign: the chat then
 * opens as an anonymous customer.
 */
export function useWebImIdentity(customerToken: string | undefined): WebImCustomer | undefined {
  const [signed, setSigned] = useState<WebImCustomer>();
  useEffect(() => {
    setSigned(undefined);
    if (process.env.TARO_ENV !== 'h5' || !customerToken) return;
    let current = true;
    fetch('/demo/web-im-customer', { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((identity: WebImCustomer | undefined) => {
        if (current && identity && identity.web_token === customerToken) setSigned(identity);
      })
      .catch((error) => console.warn('[demo] no signed web IM identity:', error));
    return () => {
      current = false;
    };
  }, [customerToken]);
  return signed;
}
