/** @jest-environment jsdom */
import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { buildSessionFrom, ContactButton, createTracker, parseSessionFrom, UdeskSdk, useUdeskSession } from 'taro-udesk';
import type { Tracker, TrackerConfig } from 'taro-udesk';
import { createFakePlatform } from '../support/fakePlatform';
import { setTaroPlatform } from '../support/taro';
import { specInput } from '../fixtures/specExample';

const config = {
  appId: 'wx1',
  companyToken: 't',
  companyDomain: 'demo.udesk.cn',
  endpoint: 'https://c.example.com/b',
  trajectoryUrl: 'https://trajectory.example.com',
} as TrackerConfig;
const LINK = /^https:\/\/trajectory\.example\.com\/t\/[0-9a-f]{32}$/;

const started: Tracker[] = [];
/** A real tracker on a fake platform, its visitor id not read yet. */
const startTracker = (): Tracker => {
  const tracker = createTracker({ platform: createFakePlatform().api });
  tracker.init(config);
  started.push(tracker);
  return tracker;
};
const linkIsRead = () => act(() => Promise.resolve().then(() => undefined).then(() => undefined));

const before = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = before;
  // destroy() ends the queue's start-up guard, which would otherwise outlive the run.
  for (const tracker of started.splice(0)) tracker.destroy();
});

describe('useUdeskSession with trajectoryField', () => {
  it('re-renders with the link in the field once the visitor id is read, and again after identify(null)', async () => {
    const tracker = startTracker();
    const { result } = renderHook(() => useUdeskSession(specInput, { trajectoryField: 'TextField_12', tracker }));
    expect(result.current.trajectoryLink).toBeUndefined();
    expect(result.current.sessionFrom).toBe(buildSessionFrom(specInput));
    await linkIsRead();
    const first = tracker.trajectoryLink();
    expect(first).toMatch(LINK);
    expect(result.current.trajectoryLink).toBe(first);
    expect(result.current.sessionFrom).toBe(buildSessionFrom(specInput, { trajectory: { field: 'TextField_12', url: first } }));
    act(() => tracker.identify(null));
    expect(result.current.trajectoryLink).not.toBe(first);
    expect((parseSessionFrom(result.current.sessionFrom).customer!.custom_fields as Record<string, string>).TextField_12).toBe(tracker.trajectoryLink());
    tracker.destroy();
  });

  it("reads UdeskSdk's link by default (from the link store it writes, not from the tracker)", async () => {
    setTaroPlatform(createFakePlatform().api);
    const { result } = renderHook(() => useUdeskSession(specInput, { trajectoryField: 'TextField_12' }));
    expect(result.current.trajectoryLink).toBeUndefined();
    UdeskSdk.init(config);
    await linkIsRead();
    expect(UdeskSdk.trajectoryLink()).toMatch(LINK);
    expect(result.current.trajectoryLink).toBe(UdeskSdk.trajectoryLink());
    expect(result.current.sessionFrom).toBe(buildSessionFrom(specInput, { trajectory: { field: 'TextField_12', url: UdeskSdk.trajectoryLink() } }));
    act(() => UdeskSdk.identify(null));
    expect(result.current.trajectoryLink).toBe(UdeskSdk.trajectoryLink());
    UdeskSdk.destroy();
  });

  it('changes nothing without trajectoryField, and reports a bad one without throwing', async () => {
    const tracker = startTracker();
    await linkIsRead();
    const plain = renderHook(() => useUdeskSession(specInput, { tracker }));
    expect(plain.result.current.sessionFrom).toBe(buildSessionFrom(specInput));
    const onError = jest.fn();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = renderHook(() => useUdeskSession(specInput, { trajectoryField: 'SelectField_1', tracker, onError }));
    expect(bad.result.current.sessionFrom).toBe(buildSessionFrom(specInput));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ path: 'trajectory.field' }));
    warn.mockRestore();
    tracker.destroy();
  });
});

describe('ContactButton trajectoryField', () => {
  const button = () => screen.getByText('Contact us').closest('taro-button-core') as HTMLElement;

  it('weapp: the session-from carries the link once known', async () => {
    process.env.TARO_ENV = 'weapp';
    const tracker = startTracker();
    render(<ContactButton {...specInput} trajectoryField="TextField_12" tracker={tracker}>Contact us</ContactButton>);
    expect(button().getAttribute('session-from')).toBe(buildSessionFrom(specInput));
    await linkIsRead();
    const session = parseSessionFrom(button().getAttribute('session-from')!);
    expect((session.customer!.custom_fields as Record<string, string>).TextField_12).toBe(tracker.trajectoryLink());
    expect(button().getAttribute('trajectory-field')).toBeNull(); // not passed through to Button
    tracker.destroy();
  });

  it('h5: the web IM link carries it as c_cf_<field>', async () => {
    process.env.TARO_ENV = 'h5';
    const tracker = startTracker();
    const openUrl = jest.fn();
    render(
      <ContactButton nickName="jack" webIm="https://demo.udesk.cn/im_client/?web_plugin_id=1" openUrl={openUrl} trajectoryField="TextField_12" tracker={tracker}>
        Contact us
      </ContactButton>,
    );
    await linkIsRead();
    fireEvent.click(button());
    expect(new URL(openUrl.mock.calls[0][0]).searchParams.get('c_cf_TextField_12')).toMatch(LINK);
    tracker.destroy();
  });
});
