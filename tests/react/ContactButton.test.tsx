/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { buildSessionFrom, buildWebImUrl, ContactButton } from 'taro-udesk';
import { specInput } from '../fixtures/specExample';

const withPlatform = (platform: string) => {
  const before = process.env.TARO_ENV;
  beforeEach(() => {
    process.env.TARO_ENV = platform as typeof process.env.TARO_ENV;
  });
  afterEach(() => {
    process.env.TARO_ENV = before;
    jest.restoreAllMocks();
  });
};

const button = () => screen.getByText('Contact us').closest('taro-button-core') as HTMLElement;

describe('ContactButton on weapp', () => {
  withPlatform('weapp');

  it('renders open-type contact with session-from equal to buildSessionFrom of the same input', () => {
    render(<ContactButton {...specInput}>Contact us</ContactButton>);
    expect(button().getAttribute('open-type')).toBe('contact');
    expect(button().getAttribute('session-from')).toBe(buildSessionFrom(specInput));
  });

  it('passes Taro Button props through', () => {
    const onContact = jest.fn();
    const onClick = jest.fn();
    render(
      <ContactButton
        customer={{ customer_name: 'J' }}
        className="cta"
        sendMessageTitle="Order 1000"
        sendMessagePath="/pages/order/index?id=1000"
        sendMessageImg="https://x.cn/a.png"
        showMessageCard
        size="mini"
        onContact={onContact}
        onClick={onClick}
      >
        Contact us
      </ContactButton>,
    );
    const el = button();
    expect(el.getAttribute('class')).toBe('cta');
    expect(el.getAttribute('send-message-title')).toBe('Order 1000');
    expect(el.getAttribute('send-message-path')).toBe('/pages/order/index?id=1000');
    expect(el.getAttribute('send-message-img')).toBe('https://x.cn/a.png');
    expect(el.getAttribute('show-message-card')).toBe('true');
    expect(el.getAttribute('size')).toBe('mini');
    fireEvent.click(el);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('renders with the invalid field left out, and reports it', () => {
    const onError = jest.fn();
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    render(
      <ContactButton customer={{ customer_name: 'J', cellphones: '131' as never }} onError={onError}>
        Contact us
      </ContactButton>,
    );
    expect(button().getAttribute('session-from')).toBe('udesk|||customer^{"customer_name":"J"}');
    expect(onError.mock.calls[0][0]).toMatchObject({ path: 'customer.cellphones' });
  });

  it('is named for React DevTools', () => {
    expect(ContactButton.displayName).toBe('ContactButton');
  });
});

describe('ContactButton on qq', () => {
  withPlatform('qq');
  it('renders the contact open-type', () => {
    render(<ContactButton nickName="n">Contact us</ContactButton>);
    expect(button().getAttribute('open-type')).toBe('contact');
  });
});

describe('ContactButton on alipay', () => {
  withPlatform('alipay');

  it('renders Alipay\'s contact-button with the ids given', () => {
    const { container } = render(<ContactButton alipay={{ tntInstId: 'T1', scene: 'S1' }} className="c">Contact us</ContactButton>);
    const el = container.querySelector('taro-contact-button-core') as HTMLElement;
    expect(el.getAttribute('tnt-inst-id')).toBe('T1');
    expect(el.getAttribute('scene')).toBe('S1');
    expect(el.getAttribute('class')).toBe('c');
  });

  it('reports unsupported without the ids', () => {
    const onUnsupported = jest.fn();
    render(<ContactButton onUnsupported={onUnsupported}>Contact us</ContactButton>);
    expect(button().getAttribute('open-type')).toBeNull();
    fireEvent.click(button());
    expect(onUnsupported).toHaveBeenCalledWith({ platform: 'alipay', reason: 'a contact button on alipay needs the alipay prop' });
  });
});

describe('ContactButton on tt (Douyin)', () => {
  withPlatform('tt');

  it('renders the package\'s native Douyin IM button with the account as its im-id', () => {
    // Taro's own tt button would drop a data-im-id; the native component binds it (its template
    // and the compiled tt build are checked in tests/package/taro420.test.ts).
    render(<ContactButton imId="douyin123">Contact us</ContactButton>);
    const im = screen.getByText('Contact us').closest('udesk-im-button') as HTMLElement;
    expect(im.getAttribute('im-id')).toBe('douyin123');
    expect(screen.getByText('Contact us').closest('taro-button-core')).toBeNull();
  });

  it('reports unsupported without imId', () => {
    const onUnsupported = jest.fn();
    render(<ContactButton onUnsupported={onUnsupported}>Contact us</ContactButton>);
    fireEvent.click(button());
    expect(onUnsupported).toHaveBeenCalledWith({ platform: 'tt', reason: 'a contact button on tt needs the imId prop' });
  });
});

describe('ContactButton on h5', () => {
  withPlatform('h5');
  const webIm = 'https://demo.udesk.cn/im_client/?web_plugin_id=1';

  it('opens the web IM link with the customer as its parameters', () => {
    const openUrl = jest.fn();
    const onClick = jest.fn();
    render(<ContactButton {...specInput} webIm={webIm} openUrl={openUrl} onClick={onClick}>Contact us</ContactButton>);
    expect(button().getAttribute('open-type')).toBeNull();
    fireEvent.click(button());
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(openUrl).toHaveBeenCalledWith(buildWebImUrl(webIm, specInput));
    const url = new URL(openUrl.mock.calls[0][0]);
    expect(url.searchParams.get('web_plugin_id')).toBe('1');
    expect(url.searchParams.get('c_name')).toBe('Customer Name');
    expect(url.searchParams.get('c_email')).toBe('test@udesk.cn');
    expect(url.searchParams.get('c_phone')).toBe('13100000002');
    expect(url.searchParams.get('c_cf_TextField_1')).toBe('Normal text content');
  });

  it('opens a new tab by default', () => {
    const open = jest.spyOn(window, 'open').mockImplementation(() => ({}) as Window);
    render(<ContactButton nickName="jack" webIm={webIm}>Contact us</ContactButton>);
    fireEvent.click(button());
    expect(open).toHaveBeenCalledWith(`${webIm}&c_name=jack`, '_blank');
  });

  it('adds the signed identity the server made, and the profile after it', () => {
    const openUrl = jest.fn();
    const signed = { nonce: 'n', timestamp: '1795600000000', web_token: 'u_1', signature: 'F00D', encryption_algorithm: 'SHA1' as const };
    render(<ContactButton nickName="jack" webIm={webIm} webImCustomer={signed} openUrl={openUrl}>Contact us</ContactButton>);
    fireEvent.click(button());
    expect(openUrl).toHaveBeenCalledWith(`${webIm}&nonce=n&timestamp=1795600000000&web_token=u_1&signature=F00D&encryption_algorithm=SHA1&c_name=jack`);
  });

  it('opens the chat without identity and reports it when the signed identity is incomplete', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const openUrl = jest.fn();
    const onError = jest.fn();
    const partial = { nonce: 'n', timestamp: '1795600000000', web_token: 'u_1', encryption_algorithm: 'SHA1' } as never;
    render(<ContactButton nickName="jack" webIm={webIm} webImCustomer={partial} openUrl={openUrl} onError={onError}>Contact us</ContactButton>);
    fireEvent.click(button());
    expect(openUrl).toHaveBeenCalledWith(`${webIm}&c_name=jack`);
    expect(onError.mock.calls[0][0].message).toMatch(/^webImCustomer\.signature: is required/);
  });

  it('warns when tapped without a web IM link and no onUnsupported', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const onError = jest.fn();
    render(<ContactButton onError={onError}>Contact us</ContactButton>);
    fireEvent.click(button());
    expect(warn).toHaveBeenCalledWith('[taro-udesk] a contact button on h5 needs the webIm prop');
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
