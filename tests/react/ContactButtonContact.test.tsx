/** @jest-environment jsdom */
// Issue 18: a tap on ContactButton records the moment of contact (points 3) through the tracker
// given, or UdeskSdk's link store; and on H5 the button is a real button (point 6): role, a tab
// stop, Enter and Space press it, its text names it.
import { fireEvent, render, screen } from '@testing-library/react';
import { ContactButton } from 'taro-udesk';
import { udeskLink } from '../../src/taro/udeskLink';

const webIm = 'https://demo.udesk.cn/im_client/?web_plugin_id=1';
const before = process.env.TARO_ENV;
const onPlatform = (platform: string) => {
  process.env.TARO_ENV = platform as typeof process.env.TARO_ENV;
};
afterEach(() => {
  process.env.TARO_ENV = before;
  jest.restoreAllMocks();
});
const button = () => screen.getByText('联系客服').closest('taro-button-core') as HTMLElement;
const tracker = () => ({ trajectoryLink: () => undefined, subscribe: () => () => {}, contact: jest.fn(() => true) });

describe('the moment of contact', () => {
  it.each(['weapp', 'qq', 'h5'])('is recorded on %s before the app’s own onClick', (platform) => {
    onPlatform(platform);
    const given = tracker();
    const order: string[] = [];
    given.contact.mockImplementation(() => order.push('contact') > 0);
    render(<ContactButton nickName="jack" webIm={webIm} openUrl={() => {}} tracker={given} onClick={() => order.push('onClick')}>联系客服</ContactButton>);
    fireEvent.click(button());
    expect(order).toEqual(['contact', 'onClick']);
  });

  it('goes to UdeskSdk’s link store when no tracker is given', () => {
    onPlatform('weapp');
    const recorded = jest.fn(() => true);
    udeskLink.onContact(recorded);
    render(<ContactButton nickName="jack">联系客服</ContactButton>);
    fireEvent.click(button());
    expect(recorded).toHaveBeenCalledTimes(1);
  });

  it('is not recorded where the button opens nothing', () => {
    onPlatform('h5');
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const given = tracker();
    render(<ContactButton tracker={given} onUnsupported={() => {}}>联系客服</ContactButton>);
    fireEvent.click(button());
    expect(given.contact).not.toHaveBeenCalled();
  });
});

describe('on H5, a button for the keyboard and screen readers', () => {
  it('has the role, a tab stop and its text as its name; Enter and Space press it, other keys do not', () => {
    onPlatform('h5');
    const openUrl = jest.fn();
    render(<ContactButton nickName="jack" webIm={webIm} openUrl={openUrl} tracker={tracker()}>联系客服</ContactButton>);
    expect(screen.getByRole('button', { name: '联系客服' })).toBe(button());
    expect(button().tabIndex).toBe(0);
    fireEvent.keyDown(button(), { key: 'Enter' });
    fireEvent.keyDown(button(), { key: ' ' });
    fireEvent.keyDown(button(), { key: 'a' });
    expect(openUrl).toHaveBeenCalledTimes(2);
  });

  it('lets the app’s own role or tabIndex win', () => {
    onPlatform('h5');
    render(<ContactButton nickName="jack" webIm={webIm} tracker={tracker()} {...({ tabIndex: -1 } as object)}>联系客服</ContactButton>);
    expect(button().tabIndex).toBe(-1);
  });

  it('adds nothing on weapp, whose button is native', () => {
    onPlatform('weapp');
    render(<ContactButton nickName="jack">联系客服</ContactButton>);
    expect(button().getAttribute('role')).toBeNull();
  });
});
