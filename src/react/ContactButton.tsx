import { Button, ContactButton as AlipayContactButton } from '@tarojs/components';
import type { ButtonProps, ITouchEvent } from '@tarojs/components';
import type { ComponentProps, ReactNode } from 'react';
import { buildWebImUrl, reportError, UdeskError } from '../core';
import type { SessionFromInput, WebImCustomer } from '../core';
import { getCurrentInstance } from '@tarojs/taro';
import { imButton } from '../native/tt/imButton';
import { openUrl as defaultOpenUrl } from '../taro/openUrl';
import { udeskLink } from '../taro/udeskLink';
import { useUdeskSession } from './useUdeskSession';
import { keyboardButton } from './keyboardButton';
import type { UseUdeskSessionOptions } from './useUdeskSession';

/** The prop a contact button needs on the platforms where it needs one. */
const NEEDS: Record<string, string> = { alipay: 'alipay', tt: 'imId', h5: 'webIm' };
/** Development: the warning below is given once per app. */
let warnedUnsupported = false;

export interface UnsupportedContact {
  /** `process.env.TARO_ENV` of the build. */
  platform: string;
  /** What the platform needs, or lacks, for a contact button. */
  reason: string;
}

export interface ContactButtonProps
  extends SessionFromInput,
    UseUdeskSessionOptions,
    Omit<ButtonProps, 'openType' | 'sessionFrom' | 'onError'> {
  /** Alipay: its own `contact-button` needs the Alipay customer-service ids. */
  alipay?: Omit<ComponentProps<typeof AlipayContactButton>, 'className' | 'style'>;
  /** Douyin: the Douyin account that receives the chat (`open-type="im"`). */
  imId?: string;
  /** H5: Udesk's web IM link; the customer goes along as its link parameters. */
  webIm?: string;
  /**
   * H5: the customer's signed identity for web IM, made on your server by `signWebImCustomer`
   * (`taro-udesk-server`): the key that signs it never reaches the client.
   */
  webImCustomer?: WebImCustomer;
  /** H5: how the web IM link is opened; default a new tab. */
  openUrl?: (url: string) => void;
  /** Tapped on a platform without what a contact button needs there. */
  onUnsupported?: (info: UnsupportedContact) => void;
  children?: ReactNode;
}

/**
 * A customer-service button that carries the customer into Udesk: WeChat's
 * `open-type="contact"` with a safe, budgeted `session-from`; Alipay's and Douyin's own
 * buttons; Udesk's web IM link on H5. Taro's `Button` props pass through.
 */
export function ContactButton(props: ContactButtonProps) {
  const {
    nickName, avatar, customer, note, unionid, maxBytes, onTrim, onError, trajectoryField, tracker,
    alipay, imId, webIm, webImCustomer, openUrl = defaultOpenUrl, onUnsupported, children, onClick, ...rest
  } = props;
  const input: SessionFromInput = { nickName, avatar, customer, note, unionid };
  const { sessionFrom, trajectoryLink } = useUdeskSession(input, { maxBytes, onTrim, onError, trajectoryField, tracker });
  // The moment of contact (docs/protocol.md): recorded by the tracker, through the link store.
  const asked = (e: ITouchEvent) => {
    // The button's own page: a page that traces nothing never told the tracker it was shown.
    const page = getCurrentInstance().router;
    const route = page ? page.path : undefined;
    const query = page ? (page.params as Record<string, string>) : undefined;
    if (tracker && tracker.contact) tracker.contact(route, query);
    else udeskLink.contact(route, query);
    if (onClick) onClick(e);
  };

  // Written out in full so Taro's build replaces them and drops the other platforms' code.
  if (process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'qq') {
    return (
      <Button {...rest} onClick={asked} openType="contact" sessionFrom={sessionFrom}>
        {children}
      </Button>
    );
  }
  if (process.env.TARO_ENV === 'alipay' && alipay) {
    return <AlipayContactButton {...alipay} className={rest.className} style={rest.style} />;
  }
  if (process.env.TARO_ENV === 'tt' && imId) {
    // Douyin's `<button open-type="im" data-im-id>`, as the native component the package ships
    // (declared in the page's usingComponents): Taro's tt button template has no data-im-id, and
    // Taro keeps data-* props out of what it renders.
    return imButton(imId, asked, children);
  }
  if (process.env.TARO_ENV === 'h5' && webIm) {
    const trajectory = trajectoryField && trajectoryLink ? { field: trajectoryField, url: trajectoryLink } : undefined;
    const open = (e: ITouchEvent) => {
      asked(e);
      let url: string;
      try {
        url = buildWebImUrl(webIm, input, webImCustomer, trajectory);
      } catch (error) {
        // An incomplete signed identity: the chat still opens, as an anonymous customer.
        reportError(error as UdeskError, onError);
        url = buildWebImUrl(webIm, input, undefined, trajectory);
      }
      openUrl(url);
    };
    return (
      <Button {...keyboardButton} {...rest} onClick={open}>
        {children}
      </Button>
    );
  }
  const platform = String(process.env.TARO_ENV);
  const reason = NEEDS[platform] ? `a contact button on ${platform} needs the ${NEEDS[platform]} prop` : `no contact button on ${platform}`;
  if (process.env.NODE_ENV !== 'production') {
    // Silent in production until tapped (an H5 page without webIm): said at render, once, unless the app handles it.
    if (!onUnsupported && !warnedUnsupported) {
      warnedUnsupported = true;
      console.warn(`[taro-udesk] ${reason}: ContactButton renders a button that opens nothing; a tap calls onUnsupported, else onError`);
    }
  }
  const unsupported = (e: ITouchEvent) => {
    if (onClick) onClick(e);
    if (onUnsupported) onUnsupported({ platform, reason });
    else reportError(new UdeskError(reason), onError);
  };
  return (
    <Button {...(process.env.TARO_ENV === 'h5' ? keyboardButton : {})} {...rest} onClick={unsupported}>
      {children}
    </Button>
  );
}
ContactButton.displayName = 'ContactButton';
