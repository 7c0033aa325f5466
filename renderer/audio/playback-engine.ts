import { createSignal } from '../lib/signal';
import type { PeakChannels } from './live-take';
import { StreamPlayer } from './stream-player';

/** What the waveform shows: a take's peaks, growing while `live`. */
export interface WaveformView {
  /** null while the take is still being made. */
  takeId: string | null;
  peaks: PeakChannels;
  live: boolean;
}

/** The one audio player (outside React and zustand: it holds AudioBuffers and the audio clock). */
export const player = new StreamPlayer();

/** The waveform's data: binary peaks stay out of zustand and reach wavesurfer through this signal. */
export const waveformView = createSignal<WaveformView | null>(null);

/** Ten-millisecond peak bins: fine enough to see syllables, small enough to redraw while streaming. */
export function livePeakSize(sampleRate: number): number {
  return Math.max(16, Math.round(sampleRate / 100));
}

/** Bins for a stored take: ten-millisecond bins, coarser for long takes so an hour stays about 200k bins. */
export function storedPeakSize(sampleRate: number, durationSeconds: number): number {
  return Math.max(livePeakSize(sampleRate), Math.ceil((durationSeconds * sampleRate) / 200_000));
}
