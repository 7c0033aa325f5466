import { StudioError } from '../../../shared/errors';

export interface Region {
  startSeconds: number;
  endSeconds: number;
}

/** The samples `[start, end)` of a take a region covers (the whole take for none), clamped to its end. */
export function regionSamples(
  region: Region | null,
  length: number,
  sampleRate: number,
): { start: number; end: number } {
  if (!region) return { start: 0, end: length };
  const start = Math.min(length, Math.round(region.startSeconds * sampleRate));
  const end = Math.min(length, Math.round(region.endSeconds * sampleRate));
  if (end <= start) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `The region ${region.startSeconds.toFixed(2)}–${region.endSeconds.toFixed(2)} s is outside the take (${(length / sampleRate).toFixed(2)} s).`,
      hint: 'Select a region inside the waveform.',
    });
  }
  return { start, end };
}
