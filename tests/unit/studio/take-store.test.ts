import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../../electron/engine/audio/wav';
import { openTakeStore } from '../../../electron/engine/studio/take-store';
import type { TakeSummary } from '../../../shared/takes';
import { captureLogs, recordEvents, tempDataDir } from './fakes';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

function take(id: string, createdAt: string, samples: number, sampleRate = 16000): TakeSummary {
  const settings = { voiceId: 'offline:slt', modelId: 'async_flash_v1.0', language: null };
  return {
    id,
    name: `Take ${id}`,
    createdAt,
    text: 'One. Two.',
    engine: 'offline',
    transport: 'ws',
    settings,
    sampleRate,
    durationSeconds: samples / sampleRate,
    sentences: [
      {
        index: 0,
        text: 'One.',
        startSeconds: 0,
        endSeconds: samples / sampleRate,
        settings,
        metrics: { timeToFirstAudioMs: 12, charactersSent: 4, audioSeconds: samples / sampleRate },
      },
    ],
    timeToFirstAudioMs: 12,
  };
}

const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 200) / 200 - 0.5);

describe('take store', () => {
  it('writes audio as float WAV beside its record, lists newest first and survives a restart', async () => {
    const { emit, events } = recordEvents();
    const store = await openTakeStore({ dataDir: dir, emit });
    await store.save(take('a', '2024-01-01T00:00:00.000Z', 1600), ramp(1600));
    await store.save(take('b', '2024-01-02T00:00:00.000Z', 3200), ramp(3200));
    expect(store.list().map((t) => t.id)).toEqual(['b', 'a']);
    expect(events.map((e) => e.event)).toEqual(['takes:changed', 'takes:changed']);
    expect((events[1]!.payload as { takes: TakeSummary[] }).takes.map((t) => t.id)).toEqual(['b', 'a']);

    const wav = parseWav(await readFile(join(dir, 'takes', 'a.wav')));
    expect(wav.sampleRate).toBe(16000);
    expect(Array.from(wav.pcm)).toEqual(Array.from(ramp(1600)));

    const reopened = await openTakeStore({ dataDir: dir, emit: () => undefined });
    expect(reopened.list()).toEqual(store.list());
    expect((await reopened.audio('b')).pcm.length).toBe(3200);
  });

  it('drops index entries whose audio is gone and re-indexes audio that has a record', async () => {
    const store = await openTakeStore({ dataDir: dir, emit: () => undefined });
    await store.save(take('keep', '2024-01-01T00:00:00.000Z', 800), ramp(800));
    await store.save(take('gone', '2024-01-02T00:00:00.000Z', 800), ramp(800));
    await store.save(take('orphan', '2024-01-03T00:00:00.000Z', 800), ramp(800));
    await rm(join(dir, 'takes', 'gone.wav'));
    // A crash between writing a take's files and the index: the index does not know "orphan".
    const index = JSON.parse(await readFile(join(dir, 'takes', 'takes.json'), 'utf8')) as TakeSummary[];
    await writeFile(join(dir, 'takes', 'takes.json'), JSON.stringify(index.filter((t) => t.id !== 'orphan')));
    // Audio without a record cannot be described, so it is not listed.
    await writeFile(join(dir, 'takes', 'stray.wav'), await readFile(join(dir, 'takes', 'keep.wav')));

    const logs = captureLogs();
    const reopened = await openTakeStore({ dataDir: dir, emit: () => undefined });
    logs.restore();
    expect(reopened.list().map((t) => t.id)).toEqual(['orphan', 'keep']);
    const rebuilt = JSON.parse(await readFile(join(dir, 'takes', 'takes.json'), 'utf8')) as TakeSummary[];
    expect(rebuilt.map((t) => t.id)).toEqual(['orphan', 'keep']);
    expect(logs.lines.some((l) => l.includes('stray.wav'))).toBe(true);
  });

  it('rebuilds a damaged index from the records beside the audio', async () => {
    const store = await openTakeStore({ dataDir: dir, emit: () => undefined });
    await store.save(take('x', '2024-01-01T00:00:00.000Z', 400), ramp(400));
    await writeFile(join(dir, 'takes', 'takes.json'), '{"broken');
    const reopened = await openTakeStore({ dataDir: dir, emit: () => undefined });
    expect(reopened.list().map((t) => t.id)).toEqual(['x']);
  });

  it('ignores records that would point outside the folder', async () => {
    await openTakeStore({ dataDir: dir, emit: () => undefined });
    const hostile = { ...take('ok', '2024-01-01T00:00:00.000Z', 10), id: '../../etc/passwd' };
    await writeFile(join(dir, 'takes', 'takes.json'), JSON.stringify([hostile]));
    const reopened = await openTakeStore({ dataDir: dir, emit: () => undefined });
    expect(reopened.list()).toEqual([]);
  });

  it('renames and deletes, keeping record, index and files in step', async () => {
    const { emit, events } = recordEvents();
    const store = await openTakeStore({ dataDir: dir, emit });
    await store.save(take('t', '2024-01-01T00:00:00.000Z', 400), ramp(400));
    const renamed = await store.rename('t', 'Final read');
    expect(renamed.name).toBe('Final read');
    const record = JSON.parse(await readFile(join(dir, 'takes', 't.json'), 'utf8')) as TakeSummary;
    expect(record.name).toBe('Final read');
    expect((await openTakeStore({ dataDir: dir, emit: () => undefined })).get('t')?.name).toBe('Final read');

    await store.remove('t');
    expect(store.list()).toEqual([]);
    expect((await readdir(join(dir, 'takes'))).filter((f) => !f.startsWith('.'))).toEqual(['takes.json']);
    expect(events.map((e) => e.event)).toEqual(['takes:changed', 'takes:changed', 'takes:changed']);
    await expect(store.remove('t')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.audio('t')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.rename('t', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a take whose audio vanished while listed as not found', async () => {
    const store = await openTakeStore({ dataDir: dir, emit: () => undefined });
    await store.save(take('v', '2024-01-01T00:00:00.000Z', 400), ramp(400));
    await rm(join(dir, 'takes', 'v.wav'));
    const logs = captureLogs();
    await expect(store.audio('v')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    logs.restore();
  });
});
