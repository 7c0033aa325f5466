/**
 * MP3 export with the WASM build of LAME: CBR or VBR, mono, an Info/Xing frame with a LAME tag
 * (exact duration, gapless playback) and optional ID3v2 chapters.
 */
import type { WasmMediaEncoder } from 'wasm-media-encoders';
import { StudioError } from '../../../shared/errors';
import { encodeId3Chapters, type ChapterMarker } from './id3-chapters';
import { infoFrameSize, writeInfoFrame } from './mp3-frame';
import { StreamResampler } from './resample';
import { EncodedParts, openWasmEncoder } from './wasm-encoder';

/** The rates MPEG-1, 2 and 2.5 Layer III define; LAME takes no other. */
export const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
/** LAME's constant bit rates, in bits per second (MPEG-1 takes 32k and up, MPEG-2/2.5 up to 160k). */
export const MP3_BIT_RATES = [8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320].map(
  (k) => k * 1000,
);
export const DEFAULT_MP3_BIT_RATE = 192000;

type LameBitRate = 8 | 16 | 24 | 32 | 40 | 48 | 64 | 80 | 96 | 112 | 128 | 160 | 192 | 224 | 256 | 320;
type Mp3Rate = (typeof MP3_SAMPLE_RATES)[number];

export interface Mp3Options {
  /** Constant bit rate in bits per second, one of MP3_BIT_RATES (default 192000). */
  bitRate?: number;
  /** VBR instead of CBR: LAME's -V quality, 0 (best) to 9.999. */
  vbrQuality?: number;
  /** Written as ID3v2 CHAP/CTOC frames. */
  chapters?: readonly ChapterMarker[];
}

/** The MPEG rate nearest to `sampleRate` (the higher one on a tie): what an MP3 of it is written at. */
export function mp3SampleRate(sampleRate: number): Mp3Rate {
  let best: Mp3Rate = MP3_SAMPLE_RATES[0];
  for (const rate of MP3_SAMPLE_RATES) if (Math.abs(rate - sampleRate) <= Math.abs(best - sampleRate)) best = rate;
  return best;
}

/**
 * Streaming MP3 writer: push mono chunks, then `finish()` for the file. Only encoded bytes are
 * kept, so a long export holds its PCM once (the caller's) and the MP3 once.
 */
export class Mp3Writer {
  private readonly parts = new EncodedParts();
  private readonly resampler: StreamResampler;
  private samples = 0;
  private finished = false;

  private constructor(
    private readonly encoder: WasmMediaEncoder<'audio/mpeg'>,
    /** The rate of the file (the nearest MPEG rate to the input's). */
    readonly sampleRate: number,
    inputRate: number,
    private readonly options: Mp3Options,
    /** The ID3 chapter tag, encoded up front so that bad chapters fail before any encoding. */
    private readonly id3: Uint8Array,
  ) {
    this.resampler = new StreamResampler(inputRate, sampleRate);
  }

  /** Opens a writer for mono input at `inputRate` (resampled to the nearest MPEG rate if needed). */
  static async create(inputRate: number, options: Mp3Options = {}): Promise<Mp3Writer> {
    const bitRate = options.bitRate ?? DEFAULT_MP3_BIT_RATE;
    if (options.vbrQuality === undefined && !MP3_BIT_RATES.includes(bitRate)) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `MP3 bit rate ${bitRate} is not supported.`,
        hint: `Choose one of ${MP3_BIT_RATES.map((b) => b / 1000).join(', ')} kbit/s.`,
      });
    }
    if (options.vbrQuality !== undefined && !(options.vbrQuality >= 0 && options.vbrQuality < 10)) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `MP3 VBR quality must be from 0 to 9.999 (got ${options.vbrQuality}).`,
      });
    }
    const id3 = options.chapters?.length ? encodeId3Chapters(options.chapters) : new Uint8Array(0);
    const sampleRate = mp3SampleRate(inputRate);
    const encoder = await openWasmEncoder('audio/mpeg');
    const common = { channels: 1 as const, sampleRate, outputSampleRate: sampleRate };
    // LAME would otherwise pick its own output rate for low bit rates; the Info frame assumes ours.
    if (options.vbrQuality !== undefined) encoder.configure({ ...common, vbrQuality: options.vbrQuality });
    else encoder.configure({ ...common, bitrate: (bitRate / 1000) as LameBitRate });
    return new Mp3Writer(encoder, sampleRate, inputRate, { ...options, bitRate }, id3);
  }

  push(pcm: Float32Array): void {
    if (this.finished) throw new Error('Mp3Writer: push after finish.');
    const out = this.resampler.push(pcm);
    this.samples += out.length;
    this.parts.encode(this.encoder, out);
  }

  /** Flushes the encoder and returns the whole file: ID3 chapters, Info frame, audio. */
  finish(): Uint8Array {
    if (this.finished) throw new Error('Mp3Writer: finished twice.');
    this.finished = true;
    const tail = this.resampler.flush();
    this.samples += tail.length;
    this.parts.encode(this.encoder, tail);
    this.parts.add(this.encoder.finalize());
    const { id3 } = this;
    const vbr = this.options.vbrQuality !== undefined;
    const bitRate = this.options.bitRate!;
    const infoSize = infoFrameSize(this.parts.head(4), vbr ? 0 : bitRate);
    const file = new Uint8Array(id3.length + infoSize + this.parts.length);
    file.set(id3);
    this.parts.moveInto(file, id3.length + infoSize);
    writeInfoFrame(file, id3.length, file.subarray(id3.length + infoSize), { samples: this.samples, vbr, bitRate });
    return file;
  }
}

/** Encodes a whole mono signal to an MP3 file (see Mp3Writer). */
export async function encodeMp3(pcm: Float32Array, sampleRate: number, options: Mp3Options = {}): Promise<Uint8Array> {
  const writer = await Mp3Writer.create(sampleRate, options);
  writer.push(pcm);
  return writer.finish();
}
