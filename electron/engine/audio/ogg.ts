/** Ogg Vorbis export with the WASM build of libvorbis: mono, quality-based VBR. */
import type { WasmMediaEncoder } from 'wasm-media-encoders';
import { StudioError } from '../../../shared/errors';
import { EncodedParts, openWasmEncoder } from './wasm-encoder';

/** Vorbis quality -1 (about 45 kbit/s stereo) to 10 (about 500); 4 (about 128 stereo) is ample for speech. */
export const DEFAULT_OGG_QUALITY = 4;

export interface OggOptions {
  /** Vorbis quality, -1 to 10 (default 4). */
  quality?: number;
}

/** Streaming Ogg Vorbis writer: push mono chunks, then `finish()` for the file. */
export class OggWriter {
  private readonly parts = new EncodedParts();
  private finished = false;

  private constructor(
    private readonly encoder: WasmMediaEncoder<'audio/ogg'>,
    readonly sampleRate: number,
  ) {}

  /** Opens a writer for mono input at `sampleRate` (Vorbis takes any rate, none is changed). */
  static async create(sampleRate: number, options: OggOptions = {}): Promise<OggWriter> {
    const quality = options.quality ?? DEFAULT_OGG_QUALITY;
    if (!(quality >= -1 && quality <= 10)) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `Ogg Vorbis quality must be from -1 to 10 (got ${quality}).`,
      });
    }
    const encoder = await openWasmEncoder('audio/ogg');
    encoder.configure({ channels: 1, sampleRate, vbrQuality: quality });
    return new OggWriter(encoder, sampleRate);
  }

  push(pcm: Float32Array): void {
    if (this.finished) throw new Error('OggWriter: push after finish.');
    this.parts.encode(this.encoder, pcm);
  }

  /** Flushes the encoder (the last page carries the exact sample count) and returns the file. */
  finish(): Uint8Array {
    if (this.finished) throw new Error('OggWriter: finished twice.');
    this.finished = true;
    this.parts.add(this.encoder.finalize());
    const file = new Uint8Array(this.parts.length);
    this.parts.moveInto(file, 0);
    return file;
  }
}

/** Encodes a whole mono signal to an Ogg Vorbis file. */
export async function encodeOgg(pcm: Float32Array, sampleRate: number, options: OggOptions = {}): Promise<Uint8Array> {
  const writer = await OggWriter.create(sampleRate, options);
  writer.push(pcm);
  return writer.finish();
}
