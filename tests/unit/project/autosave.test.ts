import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave } from '../../../electron/engine/project/autosave';

/**
 * A save function whose calls stay pending until the test settles them, recording the state it
 * saved and how many saves ran at once.
 */
function controlledSave(state: { value: number }) {
  const calls: Array<{ saved: number; resolve: () => void; reject: (e: Error) => void }> = [];
  let running = 0;
  let maxRunning = 0;
  const save = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const done = () => running--;
        calls.push({
          saved: state.value,
          resolve: () => (done(), resolve()),
          reject: (e) => (done(), reject(e)),
        });
      }),
  );
  return { save, calls, maxRunning: () => maxRunning };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('saves once, within the delay, for a burst of changes', async () => {
    const state = { value: 0 };
    const { save, calls } = controlledSave(state);
    const autosave = createAutosave({ save, delayMs: 1000 });
    for (let i = 1; i <= 5; i++) {
      state.value = i;
      autosave.markDirty();
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400); // 1000 ms after the first change
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.dirty).toBe(false);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(calls[0]!.saved).toBe(5);
  });

  it('keeps a steady stream of changes at most 2 s from disk, never running two saves at once', async () => {
    const state = { value: 0 };
    const saves: Array<{ startedAt: number; endedAt: number; value: number }> = [];
    let running = 0;
    let maxRunning = 0;
    // Each save takes 700 ms; a change comes every 100 ms for 5 s.
    const save = () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const started = { startedAt: Date.now(), value: state.value };
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          running--;
          saves.push({ ...started, endedAt: Date.now() });
          resolve();
        }, 700),
      );
    };
    const autosave = createAutosave({ save, delayMs: 1000 });
    const changes: number[] = [];
    for (let i = 1; i <= 50; i++) {
      state.value = i;
      changes.push(Date.now());
      autosave.markDirty();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(maxRunning).toBe(1);
    for (const changedAt of changes) {
      const onDisk = saves.find((s) => s.startedAt >= changedAt);
      expect(onDisk, `change at ${changedAt}`).toBeDefined();
      expect(onDisk!.endedAt - changedAt).toBeLessThanOrEqual(2000);
    }
    expect(saves.at(-1)!.value).toBe(50);
    expect(saves.length).toBeLessThan(10);
    expect(autosave.dirty).toBe(false);
  });

  it('saves right after a save in progress when a change waited its full delay behind it', async () => {
    const state = { value: 1 };
    const { save, calls } = controlledSave(state);
    const autosave = createAutosave({ save, delayMs: 1000 });
    autosave.markDirty();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    state.value = 2;
    autosave.markDirty();
    await vi.advanceTimersByTimeAsync(1500); // the second change's timer fires while the first save runs
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.saved).toBe(2);
  });

  it('saves right after a flushed save when a change waited its full delay behind it', async () => {
    const state = { value: 1 };
    const { save, calls } = controlledSave(state);
    const autosave = createAutosave({ save, delayMs: 1000 });
    autosave.markDirty();
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    state.value = 2;
    autosave.markDirty();
    await vi.advanceTimersByTimeAsync(1500); // the change's timer fires while the flushed save runs
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await flushed;
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.saved).toBe(2);
  });

  it('reports a failed save and retries it until it succeeds', async () => {
    const state = { value: 1 };
    const { save, calls } = controlledSave(state);
    const errors: unknown[] = [];
    const autosave = createAutosave({ save, delayMs: 500, retryMs: 2000, onError: (e) => errors.push(e) });
    autosave.markDirty();
    await vi.advanceTimersByTimeAsync(500);
    calls[0]!.reject(new Error('disk full'));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([new Error('disk full')]);
    expect(autosave.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it('flush saves pending changes at once, after the save in progress, and rejects when that fails', async () => {
    const state = { value: 1 };
    const { save, calls, maxRunning } = controlledSave(state);
    const autosave = createAutosave({ save, delayMs: 1000 });
    autosave.markDirty();
    await vi.advanceTimersByTimeAsync(1000);
    state.value = 2;
    autosave.markDirty();
    const flushed = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.saved).toBe(2);
    calls[1]!.resolve();
    await flushed;
    expect(autosave.dirty).toBe(false);
    expect(maxRunning()).toBe(1);

    state.value = 3;
    autosave.markDirty();
    const failing = autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    calls[2]!.reject(new Error('read-only'));
    await expect(failing).rejects.toThrow('read-only');
    expect(autosave.dirty).toBe(true);
  });

  it('flush with nothing unsaved writes nothing; dispose stops pending saves', async () => {
    const state = { value: 1 };
    const { save } = controlledSave(state);
    const autosave = createAutosave({ save, delayMs: 1000 });
    await autosave.flush();
    expect(save).not.toHaveBeenCalled();
    autosave.markDirty();
    autosave.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).not.toHaveBeenCalled();
    expect(autosave.dirty).toBe(true);
  });
});
