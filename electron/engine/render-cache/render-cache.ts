import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWav, type WavSampleFormat } from '../audio/wav';
import { writeFileAtomic } from '../fs/atomic-write';

const KEY = /^[0-9a-f]{64}$/;

/**
 * Content-addressed store of rendered audio: one WAV per render key in `dir`. Writes are atomic,
 * so a crash leaves either no entry or a whole one; a key that is not a SHA-256 hex string is
 * refused, so no key can name a file outside the folder.
 */
export class RenderCache {
  constructor(
    readonly dir: string,
    private readonly format: WavSampleFormat = 's16',
  ) {}

  /** Where the entry for `key` lives (whether or not it exists). */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not a render cache key: ${JSON.stringify(key.slice(0, 80))}.`);
    return join(this.dir, `${key}.wav`);
  }

  /** The WAV file for `key`, or null when it was never rendered. */
  async get(key: string): Promise<string | null> {
    const path = this.pathOf(key);
    try {
      await access(path);
      return path;
    } catch {
      return null;
    }
  }

  /** Stores a rendering under its key and returns the file's path. */
  async put(key: string, pcm: Float32Array, sampleRate: number): Promise<string> {
    const path = this.pathOf(key);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(path, encodeWav(pcm, sampleRate, { format: this.format }));
    return path;
  }
}
