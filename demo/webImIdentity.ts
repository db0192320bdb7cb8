import { useEffect, useState } from 'react';
import type { WebImCustomer } from 'taro-udesk';

/**
 * H5: the signed web IM identity of the logged-in customer, from the demo server (your backend in
 * a real shop: it holds the im_user_key and signs with signWebImCustomer from taro-udesk-server).
 * Without it (logged out, loading, or the server would not sign) the chat opens as an
 * anonymous customer.
 */
export interface WebImIdentity {
  state: 'none' | 'loading' | 'signed' | 'failed';
  signed?: WebImCustomer;
}

export function useWebImIdentity(customerToken: string | undefined): WebImIdentity {
  const [identity, setIdentity] = useState<WebImIdentity>({ state: 'none' });
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || !customerToken) {
      setIdentity({ state: 'none' });
      return;
    }
    setIdentity({ state: 'loading' });
    let current = true;
    const failed = (why: unknown) => {
      console.warn('[demo] no signed web IM identity:', why);
      if (current) setIdentity({ state: 'failed' });
    };
    fetch('/demo/web-im-customer', { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((signed: WebImCustomer) => {
        if (signed.web_token !== customerToken) return failed('signed for another customer');
        if (current) setIdentity({ state: 'signed', signed });
      })
      .catch(failed);
    return () => {
      current = false;
    };
  }, [customerToken]);
  return identity;
}
