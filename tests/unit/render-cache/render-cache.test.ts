import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav } from '../../../electron/engine/audio/wav';
import { RenderCache } from '../../../electron/engine/render-cache/render-cache';
import { renderCacheKey } from '../../../electron/engine/render-cache/render-cache-key';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const key = (text: string) =>
  renderCacheKey({
    text,
    engine: 'offline',
    voice: { voiceId: 'slt', modelId: 'flite' },
    output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 16000 },
  });

describe('RenderCache', () => {
  it('returns null for a key never stored, and the WAV file once stored', async () => {
    const cache = new RenderCache(join(dir, 'cache'));
    const k = key('one');
    expect(await cache.get(k)).toBeNull();
    const pcm = Float32Array.from({ length: 1600 }, (_, i) => Math.round(Math.sin(i / 7) * 16000) / 32768);
    const path = await cache.put(k, pcm, 16000);
    expect(await cache.get(k)).toBe(path);
    expect(await cache.get(key('two'))).toBeNull();
    const wav = parseWav(new Uint8Array(await readFile(path)));
    expect(wav.sampleRate).toBe(16000);
    expect(Array.from(wav.pcm)).toEqual(Array.from(pcm));
    // Atomic write: no temporary files left beside the entry.
    expect(await readdir(join(dir, 'cache'))).toEqual([`${k}.wav`]);
  });

  it('keeps float samples exactly when asked to store f32', async () => {
    const cache = new RenderCache(dir, 'f32');
    const pcm = Float32Array.from([0.1, -0.25, 0.333]);
    const wav = parseWav(new Uint8Array(await readFile(await cache.put(key('f'), pcm, 8000))));
    expect(Array.from(wav.pcm)).toEqual(Array.from(pcm));
  });

  it('refuses anything that is not a SHA-256 key, so no key reaches outside the folder', async () => {
    const cache = new RenderCache(dir);
    await expect(cache.get('../../etc/passwd')).rejects.toThrow(/Not a render cache key/);
    await expect(cache.put('A'.repeat(64), new Float32Array(1), 8000)).rejects.toThrow(/Not a render cache key/);
  });
});
