import type { StreamMessageBody } from '../../../shared/ipc-contract';
import { concatPcm } from '../audio/concat-pcm';

/** Fewer, larger messages are cheaper to carry; longer ones would delay the first sound. */
const MIN_CHUNK_MS = 50;
const MAX_CHUNK_MS = 100;

/** Float PCM as the bytes a stream carries, in a buffer of its own (a view would carry its whole buffer). */
export function pcmBytes(pcm: Float32Array): Uint8Array {
  const own = pcm.byteOffset === 0 && pcm.byteLength === pcm.buffer.byteLength ? pcm : pcm.slice();
  return new Uint8Array(own.buffer, own.byteOffset, own.byteLength);
}

/**
 * Gathers a sentence's audio into stream `chunk` messages of 50–100 ms: upstream frames can be a
 * few milliseconds each (token mode) or much longer (offline engine), and neither suits the IPC.
 */
export class ChunkCoalescer {
  private index = -1;
  private parts: Float32Array[] = [];
  private samples = 0;
  private readonly minSamples: number;
  private readonly maxSamples: number;

  constructor(
    private readonly send: (message: StreamMessageBody) => void,
    sampleRate: number,
  ) {
    this.minSamples = Math.max(1, Math.round((sampleRate * MIN_CHUNK_MS) / 1000));
    this.maxSamples = Math.max(1, Math.round((sampleRate * MAX_CHUNK_MS) / 1000));
  }

  push(index: number, pcm: Float32Array): void {
    if (index !== this.index) this.flush();
    this.index = index;
    this.parts.push(pcm);
    this.samples += pcm.length;
    if (this.samples >= this.minSamples) this.flush();
  }

  /** Sends what is held (a sentence ended). */
  flush(): void {
    if (this.samples === 0) return;
    const all = concatPcm(this.parts);
    this.drop();
    for (let at = 0; at < all.length; at += this.maxSamples) {
      this.send({ type: 'chunk', index: this.index, pcm: pcmBytes(all.subarray(at, at + this.maxSamples)) });
    }
  }

  /** Forgets what is held (its sentence is being spoken again). */
  drop(): void {
    this.parts = [];
    this.samples = 0;
  }
}
