/** @jest-environment jsdom */
// Issue 18 point 3: a tap on ContactButton records the moment of contact through the tracker
// given, or UdeskSdk's link store, before the app's own onClick; not where it opens nothing.
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
