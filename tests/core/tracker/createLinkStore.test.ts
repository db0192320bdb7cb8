import { createLinkStore, createTracker } from 'taro-udesk/core';
import type { TrackerConfig } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';

const neverThrown = (thrown: unknown) => {
  throw new Error(`no listener should throw here: ${String(thrown)}`);
};

describe('createLinkStore', () => {
  it('holds the link, and tells each listener of each set until it unsubscribes', () => {
    const store = createLinkStore();
    const heard: Array<string | undefined> = [];
    const unsubscribe = store.subscribe(() => heard.push(store.trajectoryLink()));
    const other = jest.fn();
    store.subscribe(other);
    expect(store.trajectoryLink()).toBeUndefined();
    store.set('https://t.example.com/t/a', neverThrown);
    store.set(undefined, neverThrown);
    unsubscribe();
    store.set('https://t.example.com/t/b', neverThrown);
    expect(heard).toEqual(['https://t.example.com/t/a', undefined]);
    expect(other).toHaveBeenCalledTimes(3);
    expect(store.trajectoryLink()).toBe('https://t.example.com/t/b');
  });

  it('hands what a listener throws to onThrow, and the other listeners still hear', () => {
    const store = createLinkStore();
    const thrown: unknown[] = [];
    const heard = jest.fn();
    store.subscribe(() => {
      throw new Error('listener broke');
    });
    store.subscribe(heard);
    expect(() => store.set('https://t.example.com/t/a', (e) => thrown.push(e))).not.toThrow();
    expect(thrown).toEqual([new Error('listener broke')]);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("is where a tracker given it puts its link: read without the tracker, the tracker's own methods agree", async () => {
    jest.useFakeTimers();
    const store = createLinkStore();
    const heard: Array<string | undefined> = [];
    store.subscribe(() => heard.push(store.trajectoryLink()));
    const p = createFakePlatform();
    const tracker = createTracker({ platform: p.api, link: store });
    tracker.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b', trajectoryUrl: 'https://t.example.com/' } as TrackerConfig);
    await jest.advanceTimersByTimeAsync(0);
    const visitor = JSON.parse(p.storage.get('taro-udesk:queue') as string).visitor;
    expect(heard).toEqual([`https://t.example.com/t/${visitor}`]);
    expect(tracker.trajectoryLink()).toBe(store.trajectoryLink());
    tracker.identify(null);
    await jest.advanceTimersByTimeAsync(0);
    expect(heard).toHaveLength(2);
    expect(heard[1]).not.toBe(heard[0]);
    expect(tracker.trajectoryLink()).toBe(heard[1]);
    tracker.destroy();
    jest.useRealTimers();
  });
});
