/**
 * Waveform peaks: the minimum and maximum of every `samplesPerPeak` samples, the last bucket
 * possibly shorter. The builder takes audio as it streams in, so the waveform can grow with it.
 */
export interface Peaks {
  min: Float32Array;
  max: Float32Array;
}

/** Incremental peaks: push chunks of any size; partial buckets carry over between chunks. */
export class PeaksBuilder {
  private min = new Float32Array(256);
  private max = new Float32Array(256);
  private complete = 0;
  /** The bucket being filled. */
  private fill = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(readonly samplesPerPeak: number) {
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak < 1) {
      throw new Error(`samplesPerPeak must be a positive integer (got ${samplesPerPeak}).`);
    }
  }

  /** Peaks so far, the bucket being filled included. */
  get length(): number {
    return this.complete + (this.fill > 0 ? 1 : 0);
  }

  push(chunk: Float32Array): void {
    const size = this.samplesPerPeak;
    let { lo, hi, fill } = this;
    let i = 0;
    while (i < chunk.length) {
      const end = Math.min(chunk.length, i + size - fill);
      for (let k = i; k < end; k++) {
        const v = chunk[k]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      fill += end - i;
      i = end;
      if (fill === size) {
        this.append(lo, hi);
        lo = Infinity;
        hi = -Infinity;
        fill = 0;
      }
    }
    this.lo = lo;
    this.hi = hi;
    this.fill = fill;
  }

  /** Copies of the peaks from index `from` on (for sending only what a view has not seen yet). */
  read(from = 0): Peaks {
    const count = Math.max(0, this.length - from);
    const min = new Float32Array(count);
    const max = new Float32Array(count);
    const stored = Math.max(0, this.complete - from);
    min.set(this.min.subarray(from, from + stored));
    max.set(this.max.subarray(from, from + stored));
    if (this.fill > 0 && count > 0) {
      min[count - 1] = this.lo;
      max[count - 1] = this.hi;
    }
    return { min, max };
  }

  private append(lo: number, hi: number): void {
    if (this.complete === this.min.length) {
      const min = new Float32Array(this.min.length * 2);
      const max = new Float32Array(this.max.length * 2);
      min.set(this.min);
      max.set(this.max);
      this.min = min;
      this.max = max;
    }
    this.min[this.complete] = lo;
    this.max[this.complete] = hi;
    this.complete++;
  }
}

/** Peaks of a whole signal in one go. */
export function computePeaks(pcm: Float32Array, samplesPerPeak: number): Peaks {
  const builder = new PeaksBuilder(samplesPerPeak);
  builder.push(pcm);
  return builder.read();
}
