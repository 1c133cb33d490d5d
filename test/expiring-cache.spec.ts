import { describe, expect, it } from 'vitest';
import { ExpiringCache } from '../src/common/expiring-cache.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

/** A loader that counts its calls and answers `value`. */
function loader<V>(value: V) {
  const load = async () => {
    load.calls += 1;
    return value;
  };
  load.calls = 0;
  return load;
}

describe('ExpiringCache', () => {
  it('answers from memory until ttlMs has passed since the load, then loads again', async () => {
    const clock = fakeClock();
    const cache = new ExpiringCache<string, string>(2000, clock.read);
    const load = loader('active');
    expect(await cache.get('u1', load)).toBe('active');
    clock.now += 1999;
    expect(await cache.get('u1', load)).toBe('active');
    expect(load.calls).toBe(1);
    clock.now += 1;
    expect(await cache.get('u1', load)).toBe('active');
    expect(load.calls).toBe(2);
  });

  it('peek answers a fresh value from memory without loading, and nothing once it expired, was deleted or the cache is off', async () => {
    const clock = fakeClock();
    const cache = new ExpiringCache<string, string>(2000, clock.read);
    expect(cache.peek('u1')).toBeUndefined();
    await cache.get('u1', loader('active'));
    expect(cache.peek('u1')).toBe('active');
    clock.now += 2000;
    expect(cache.peek('u1')).toBeUndefined();
    await cache.get('u1', loader('inactive'));
    expect(cache.peek('u1')).toBe('inactive');
    cache.delete('u1');
    expect(cache.peek('u1')).toBeUndefined();

    const off = new ExpiringCache<string, string>(0, clock.read);
    await off.get('u1', loader('active'));
    expect(off.peek('u1')).toBeUndefined();
  });

  it('does not keep a null answer: the next read asks again', async () => {
    const cache = new ExpiringCache<string, string>(2000, fakeClock().read);
    const load = loader<string | null>(null);
    expect(await cache.get('missing', load)).toBeNull();
    expect(await cache.get('missing', load)).toBeNull();
    expect(load.calls).toBe(2);
  });

  it('with ttlMs 0 loads on every read', async () => {
    const cache = new ExpiringCache<string, string>(0, fakeClock().read);
    const load = loader('x');
    await cache.get('k', load);
    await cache.get('k', load);
    expect(load.calls).toBe(2);
  });

  it('delete, deleteWhere and clear make the next read load again', async () => {
    const cache = new ExpiringCache<string, { oem: string }>(60_000, fakeClock().read);
    const a = loader({ oem: 'tata' });
    const b = loader({ oem: 'mg' });
    await cache.get('a', a);
    await cache.get('b', b);
    cache.deleteWhere((value) => value.oem === 'tata');
    await cache.get('a', a);
    await cache.get('b', b);
    expect([a.calls, b.calls]).toEqual([2, 1]);
    cache.delete('b');
    await cache.get('b', b);
    expect(b.calls).toBe(2);
    cache.clear();
    await cache.get('a', a);
    await cache.get('b', b);
    expect([a.calls, b.calls]).toEqual([3, 3]);
  });

  it('does not keep a value loaded while an invalidation ran: it may be the value invalidated', async () => {
    const cache = new ExpiringCache<string, string>(60_000, fakeClock().read);
    let finish!: (value: string) => void;
    const slow = cache.get('u1', () => new Promise<string>((resolve) => (finish = resolve)));
    // The account changes (and is forgotten) while the read of its old state is in flight.
    cache.delete('u1');
    finish('active');
    expect(await slow).toBe('active');
    const load = loader('inactive');
    expect(await cache.get('u1', load)).toBe('inactive');
    expect(load.calls).toBe(1);
  });

  it('with shareLoads, reads that miss while a load is in flight wait for it; after an invalidation the next read loads anew', async () => {
    const cache = new ExpiringCache<string, string>(60_000, fakeClock().read, 10, { shareLoads: true });
    let calls = 0;
    const finishers: Array<(value: string) => void> = [];
    const slow = () => {
      calls += 1;
      return new Promise<string>((resolve) => finishers.push(resolve));
    };
    const first = [cache.get('all', slow), cache.get('all', slow), cache.get('all', slow)];
    expect(calls).toBe(1);
    cache.clear();
    const afterClear = cache.get('all', slow);
    expect(calls).toBe(2);
    finishers[0]('before');
    finishers[1]('after');
    expect(await Promise.all(first)).toEqual(['before', 'before', 'before']);
    expect(await afterClear).toBe('after');
    expect(await cache.get('all', slow)).toBe('after');
    expect(calls).toBe(2);
  });

  it('without shareLoads each read that misses loads: its loader may run in the caller\'s transaction', async () => {
    const cache = new ExpiringCache<string, string>(60_000, fakeClock().read);
    let calls = 0;
    const slow = () => {
      calls += 1;
      return Promise.resolve(`load ${calls}`);
    };
    expect(await Promise.all([cache.get('k', slow), cache.get('k', slow)])).toEqual(['load 1', 'load 2']);
  });

  it('a failed shared load is not shared with the reads after it', async () => {
    const cache = new ExpiringCache<string, string>(60_000, fakeClock().read, 10, { shareLoads: true });
    await expect(cache.get('k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    const load = loader('back');
    expect(await cache.get('k', load)).toBe('back');
    expect(load.calls).toBe(1);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new ExpiringCache<number, number>(60_000, fakeClock().read, 2);
    const loads = [loader(0), loader(1), loader(2)];
    for (const n of [0, 1, 2]) await cache.get(n, loads[n]);
    for (const n of [1, 2, 0]) await cache.get(n, loads[n]);
    expect(loads.map((l) => l.calls)).toEqual([2, 1, 1]);
  });
});
