import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../../electron/engine/studio/settings-store';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { StudioError } from '../../../shared/errors';
import { captureLogs, recordEvents, tempDataDir } from './fakes';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const readStored = async () =>
  JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('settings store', () => {
  it('starts from the defaults, writes an update to disk and emits settings:changed', async () => {
    const { emit, events } = recordEvents();
    const store = await openSettingsStore({ dataDir: dir, emit });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const next = await store.update({ speed: 1.2, transport: 'http' });
    expect(next).toMatchObject({ speed: 1.2, transport: 'http', engine: 'offline' });
    expect(await readStored()).toMatchObject({ speed: 1.2, transport: 'http' });
    expect(events).toEqual([{ event: 'settings:changed', payload: next }]);
    const reopened = await openSettingsStore({ dataDir: dir, emit });
    expect(reopened.get()).toEqual(next);
  });

  it.each([
    ['not JSON', '{"engine": "async",'],
    ['invalid values', JSON.stringify({ ...DEFAULT_SETTINGS, sampleRate: 5, httpUrl: 'ftp://x' })],
    ['not an object', '[1, 2, 3]'],
  ])('keeps a damaged file (%s) aside, starts from defaults and says so', async (_, content) => {
    await writeFile(join(dir, 'settings.json'), content);
    const logs = captureLogs();
    try {
      const store = await openSettingsStore({ dataDir: dir, emit: () => undefined });
      expect(store.get()).toEqual(DEFAULT_SETTINGS);
    } finally {
      logs.restore();
    }
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(content);
    expect(files).not.toContain('settings.json');
    expect(logs.lines.some((l) => l.includes('[warn] settings') && l.includes(aside!))).toBe(true);
  });

  it('fills fields missing from an older file with the defaults instead of discarding it', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ engine: 'async', speed: 0.9 }));
    const store = await openSettingsStore({ dataDir: dir, emit: () => undefined });
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, engine: 'async', speed: 0.9 });
    expect((await readdir(dir)).some((f) => f.includes('corrupt'))).toBe(false);
  });

  it('refuses an update whose result is invalid, leaving memory and disk as they were', async () => {
    const { emit, events } = recordEvents();
    const store = await openSettingsStore({ dataDir: dir, emit });
    await store.update({ speed: 1.1 });
    const before = await readStored();
    await expect(store.update({ speed: 9 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(() => store.preview({ sampleRate: 100 })).toThrow(StudioError);
    expect(store.get().speed).toBe(1.1);
    expect(await readStored()).toEqual(before);
    expect(events).toHaveLength(1);
  });

  it('lands quick successive updates in order, none lost', async () => {
    const store = await openSettingsStore({ dataDir: dir, emit: () => undefined });
    await Promise.all([
      store.update({ speed: 1.5 }),
      store.noteVoiceUsed('voice-a'),
      store.update({ stability: 40 }),
      store.noteVoiceUsed('voice-b'),
    ]);
    expect(store.get()).toMatchObject({ speed: 1.5, stability: 40, recentVoiceIds: ['voice-b', 'voice-a'] });
    expect(await readStored()).toMatchObject({ speed: 1.5, stability: 40, recentVoiceIds: ['voice-b', 'voice-a'] });
  });

  it('keeps recently used voices most recent first, without repeats, at most 20', async () => {
    const store = await openSettingsStore({ dataDir: dir, emit: () => undefined });
    for (let i = 0; i < 25; i++) await store.noteVoiceUsed(`v${i}`);
    await store.noteVoiceUsed('v10');
    const recent = store.get().recentVoiceIds;
    expect(recent).toHaveLength(20);
    expect(recent.slice(0, 3)).toEqual(['v10', 'v24', 'v23']);
    expect(new Set(recent).size).toBe(20);
  });

  it('lets start-up overrides win for the run without writing them, until the user changes that field', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, httpUrl: 'https://saved.example' }),
    );
    const store = await openSettingsStore({
      dataDir: dir,
      emit: () => undefined,
      overrides: { httpUrl: 'http://127.0.0.1:9', engine: 'async' },
    });
    expect(store.get()).toMatchObject({ httpUrl: 'http://127.0.0.1:9', engine: 'async' });
    await store.update({ speed: 1.3 });
    expect(await readStored()).toMatchObject({ httpUrl: 'https://saved.example', engine: 'offline', speed: 1.3 });
    await store.update({ engine: 'offline' });
    expect(store.get()).toMatchObject({ httpUrl: 'http://127.0.0.1:9', engine: 'offline' });
    await store.update({ engine: 'async' });
    expect(await readStored()).toMatchObject({ engine: 'async', httpUrl: 'https://saved.example' });
  });

  it('ignores invalid overrides rather than failing to start', async () => {
    const logs = captureLogs();
    try {
      const store = await openSettingsStore({
        dataDir: dir,
        emit: () => undefined,
        overrides: { httpUrl: 'not a url' },
      });
      expect(store.get()).toEqual(DEFAULT_SETTINGS);
    } finally {
      logs.restore();
    }
    expect(logs.lines.some((l) => l.includes('overrides'))).toBe(true);
  });
});
