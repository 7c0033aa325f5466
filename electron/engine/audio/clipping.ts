/**
 * Clipping shows as runs of samples stuck at full scale: a waveform that wanted to go higher and
 * was flattened. One full-scale sample can be a legitimate peak; three in a row almost never are
 * (the usual threshold of clip detectors such as Audacity's "Find Clipping").
 */

/** Samples at or above this magnitude count as full scale (16-bit audio tops out at 32767/32768). */
export const CLIP_LEVEL = 0.999;
/** A run this long at full scale is clipping. */
export const CLIP_MIN_RUN = 3;

export interface Clipping {
  /** Runs of at least CLIP_MIN_RUN consecutive full-scale samples. */
  runs: number;
  /** Samples in those runs. */
  samples: number;
}

/** Counts the clipped runs of `pcm`. */
export function findClipping(pcm: Float32Array): Clipping {
  let runs = 0;
  let samples = 0;
  let run = 0;
  const end = () => {
    if (run >= CLIP_MIN_RUN) {
      runs++;
      samples += run;
    }
    run = 0;
  };
  for (let i = 0; i < pcm.length; i++) {
    if (Math.abs(pcm[i]!) >= CLIP_LEVEL) run++;
    else end();
  }
  end();
  return { runs, samples };
}
