/** @jest-environment jsdom */
// An H5 ContactButton without webIm renders a button that opens nothing: silent in production
// until tapped, so development says so at render, once per app. (Production builds drop the
// warning's text: tests/package/taro42.test.ts checks the consumer app's H5 build for it.)
import { fireEvent, render, screen } from '@testing-library/react';
import { ContactButton } from 'taro-udesk';

const before = process.env.TARO_ENV;
let warn: jest.SpyInstance;
beforeEach(() => {
  process.env.TARO_ENV = 'h5';
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  process.env.TARO_ENV = before;
  jest.restoreAllMocks();
});

const renderWarnings = () => warn.mock.calls.map((call) => String(call[0])).filter((text) => text.includes('renders a button that opens nothing'));

// In this order: the warning is once per app (per module instance), so the silent cases go first.
describe('ContactButton on h5 without webIm', () => {
  it('says nothing at render with webIm, or when the app handles it with onUnsupported', () => {
    render(<ContactButton webIm="https://demo.udesk.cn/im_client/?web_plugin_id=1">Contact us</ContactButton>);
    const onUnsupported = jest.fn();
    render(<ContactButton onUnsupported={onUnsupported}>Handled</ContactButton>);
    expect(renderWarnings()).toEqual([]);
    fireEvent.click(screen.getByText('Handled'));
    expect(onUnsupported).toHaveBeenCalledWith({ platform: 'h5', reason: 'a contact button on h5 needs the webIm prop' });
  });

  it('warns in development at render, once however many buttons render; a tap opens nothing and reports to onError', () => {
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    const onError = jest.fn();
    const { rerender } = render(<ContactButton nickName="jack" onError={onError}>Contact us</ContactButton>);
    rerender(<ContactButton nickName="jack" onError={onError}>Contact us</ContactButton>);
    render(<ContactButton nickName="jill">Another</ContactButton>);
    expect(renderWarnings()).toEqual([
      '[taro-udesk] a contact button on h5 needs the webIm prop: ContactButton renders a button that opens nothing; a tap calls onUnsupported, else onError',
    ]);
    fireEvent.click(screen.getByText('Contact us'));
    expect(open).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'a contact button on h5 needs the webIm prop' }));
  });
});
