/**
 * The one way the CLI, the studio and exports write audio files: resample, optionally normalise
 * (gain plus true-peak limiter), encode to WAV, MP3 or Ogg Vorbis with chapters, and measure the
 * loudness of exactly what was written. Streams chunk by chunk: the input is never copied whole.
 */
import { EXPORT_FORMATS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN, type ExportFormat } from '../../../shared/audio-format';
import { StudioError } from '../../../shared/errors';
import type { LoudnessReport } from '../../../shared/loudness';
import { inChunks, runJobAsync, withinProgress, type ChunkedJob, type PcmSource } from './chunked-job';
import { checkChapters, type ChapterMarker } from './id3-chapters';
import { TruePeakLimiter } from './limiter';
import { LoudnessMeter } from './loudness';
import { Mp3Writer, mp3SampleRate } from './mp3';
import { planNormalizationJob, type NormalizeOptions } from './normalize';
import { OggWriter } from './ogg';
import { StreamResampler } from './resample';
import { WavWriter } from './wav';

export interface EncodeFileOptions {
  format: ExportFormat;
  /** Rate of the file (resampled to it); MP3 takes the nearest MPEG rate. Default: the input's. */
  sampleRate?: number;
  /** MP3 constant bit rate in bits per second (default 192000); other formats have none. */
  bitRate?: number;
  normalize?: NormalizeOptions;
  /** ID3 CHAP frames in MP3, cue points in WAV; Ogg export refuses them rather than drop them. */
  chapters?: readonly ChapterMarker[];
  /** Sees every chunk handed to the encoder, e.g. to measure what an MP3 holds without decoding it. */
  onEncoderInput?: (chunk: Float32Array) => void;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface EncodedFile {
  bytes: Uint8Array;
  sampleRate: number;
  durationSeconds: number;
  /** Measured on the samples handed to the encoder (after resampling and normalisation). */
  loudness: LoudnessReport;
}

/** The export format a file name asks for by its extension, or null. */
export function exportFormatFromPath(path: string): ExportFormat | null {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return EXPORT_FORMATS.find((format) => format === extension) ?? null;
}

interface FileWriter {
  push(pcm: Float32Array): void;
  finish(): Uint8Array;
}

/** Share of the progress bar the normalisation analysis takes; the encoding pass is the slower part. */
export const ANALYSIS_SHARE = 0.3;

/** Resamples, normalises, encodes and measures mono PCM (an array or a PcmSource) into a file's bytes. */
export async function encodeAudioFile(
  pcm: Float32Array | PcmSource,
  sampleRate: number,
  options: EncodeFileOptions,
): Promise<EncodedFile> {
  const requested = options.sampleRate ?? sampleRate;
  if (!Number.isInteger(requested) || requested < SAMPLE_RATE_MIN || requested > SAMPLE_RATE_MAX) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `Sample rate ${requested} Hz is not supported for export.`,
      hint: `Choose a rate from ${SAMPLE_RATE_MIN} to ${SAMPLE_RATE_MAX} Hz.`,
    });
  }
  if (options.format === 'ogg' && options.chapters?.length) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: 'Ogg Vorbis export cannot carry chapters.',
      hint: 'Export chapters as MP3 (ID3 chapters) or WAV (cue points).',
    });
  }
  checkChapters(options.chapters ?? []);
  const rate = options.format === 'mp3' ? mp3SampleRate(requested) : requested;
  const length = rate === sampleRate ? pcm.length : Math.round((pcm.length * rate) / sampleRate);
  const writer = await openWriter(options, rate, length);
  return runJobAsync(encodeJob(pcm, sampleRate, rate, writer, options), options);
}

async function openWriter(options: EncodeFileOptions, rate: number, length: number): Promise<FileWriter> {
  switch (options.format) {
    case 'mp3':
      return Mp3Writer.create(rate, { bitRate: options.bitRate, chapters: options.chapters });
    case 'ogg':
      return OggWriter.create(rate);
    case 'wav': {
      const cues = (options.chapters ?? []).map((c) => ({
        sample: Math.round((c.startMs * rate) / 1000),
        label: c.title,
      }));
      return new WavWriter(length, rate, { cues });
    }
  }
}

function* encodeJob(
  pcm: Float32Array | PcmSource,
  inputRate: number,
  rate: number,
  writer: FileWriter,
  options: EncodeFileOptions,
): ChunkedJob<EncodedFile> {
  let limiter: TruePeakLimiter | null = null;
  let encodeFrom = 0;
  if (options.normalize) {
    // Planned at the input's rate: loudness barely depends on the rate, and the limiter runs at the output's anyway.
    const plan = yield* withinProgress(planNormalizationJob(pcm, inputRate, options.normalize), 0, ANALYSIS_SHARE);
    limiter = new TruePeakLimiter(rate, { gainDb: plan.gainDb, ceilingDbtp: options.normalize.truePeakCeilingDbtp });
    encodeFrom = ANALYSIS_SHARE;
  }
  const resampler = new StreamResampler(inputRate, rate);
  const meter = new LoudnessMeter(rate);
  let written = 0;
  const write = (chunk: Float32Array) => {
    meter.push(chunk);
    options.onEncoderInput?.(chunk);
    writer.push(chunk);
    written += chunk.length;
  };
  const process = (chunk: Float32Array) => write(limiter ? limiter.push(chunk) : chunk);
  yield* withinProgress(
    inChunks(pcm, (chunk) => process(resampler.push(chunk))),
    encodeFrom,
    1,
  );
  process(resampler.flush());
  if (limiter) write(limiter.flush());
  const bytes = writer.finish();
  return { bytes, sampleRate: rate, durationSeconds: written / rate, loudness: meter.result() };
}
