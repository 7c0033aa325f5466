import { describe, expect, it } from 'vitest';
import { InFlightLimit } from '../../../electron/engine/async/in-flight-limit';

/** Whether the promise has settled after pending callbacks have run, and with what. */
async function settled<T>(promise: Promise<T>): Promise<{ value: T } | 'pending'> {
  let result: { value: T } | 'pending' = 'pending';
  void promise.then((value) => (result = { value }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return result;
}

describe('InFlightLimit', () => {
  it('gives max slots at once, and the next only once one is released', async () => {
    const limit = new InFlightLimit(2);
    expect(await limit.acquire()).toBe(true);
    expect(await limit.acquire()).toBe(true);
    const third = limit.acquire();
    expect(await settled(third)).toBe('pending');
    limit.release();
    expect(await settled(third)).toEqual({ value: true });
    expect(await settled(limit.acquire())).toBe('pending');
  });

  it('ends a wait when stopped, and gives no slot after', async () => {
    const limit = new InFlightLimit(1);
    await limit.acquire();
    const waiting = limit.acquire();
    limit.stop();
    expect(await settled(waiting)).toEqual({ value: false });
    limit.release();
    expect(await limit.acquire()).toBe(false);
  });
});
