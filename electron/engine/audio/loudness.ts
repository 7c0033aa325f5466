/**
 * Loudness of mono audio per ITU-R BS.1770-4 and EBU R128 / Tech 3342: integrated loudness
 * (400 ms blocks, 75% overlap, absolute gate -70 LUFS, relative gate -10 LU), loudness range
 * (3 s windows every 100 ms, relative gate -20 LU, 10th to 95th percentile), true peak, sample
 * peak and RMS. Streaming: push chunks as they come, read the result at any time.
 */
import type { LoudnessReport } from '../../../shared/loudness';
import { TruePeakDetector } from './true-peak';

export type { LoudnessReport };

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * The K-weighting pre-filter (a high shelf) and RLB high-pass for any sample rate, from their
 * analogue prototypes by the bilinear transform (the libebur128/pyloudnorm derivation); at 48 kHz
 * they reproduce the coefficients printed in BS.1770.
 */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  let K = Math.tan((Math.PI * 1681.974450955533) / sampleRate);
  let Q = 0.7071752369554196;
  const Vh = 10 ** (3.999843853973347 / 20);
  const Vb = Vh ** 0.4996667741545416;
  let a0 = 1 + K / Q + K * K;
  const shelf = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  K = Math.tan((Math.PI * 38.13547087602444) / sampleRate);
  Q = 0.5003270373238773;
  a0 = 1 + K / Q + K * K;
  const highPass = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  return [shelf, highPass];
}

const ABSOLUTE_GATE_LUFS = -70;
const INTEGRATED_RELATIVE_GATE_LU = -10;
const RANGE_RELATIVE_GATE_LU = -20;
/** Sub-blocks are 100 ms; a gating block is 4 of them, a short-term window 30. */
const BLOCK_SUBS = 4;
const SHORT_TERM_SUBS = 30;

const lufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare);
const dbfs = (amplitude: number) => 20 * Math.log10(amplitude);

/** Growable list of doubles. */
class DoubleList {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/** Streaming BS.1770-4 meter for one mono signal. */
export class LoudnessMeter {
  private readonly shelf: Biquad;
  private readonly highPass: Biquad;
  /** Filter states (transposed direct form II). */
  private s1 = 0;
  private s2 = 0;
  private h1 = 0;
  private h2 = 0;
  /** Sum of K-weighted squares of each complete 100 ms sub-block, and its sample count. */
  private readonly subSums = new DoubleList();
  private readonly subCounts = new DoubleList();
  private subSum = 0;
  private position = 0;
  private subStart = 0;
  private subEnd: number;
  private squareSum = 0;
  private samplePeak = 0;
  private readonly truePeak = new TruePeakDetector();

  constructor(private readonly sampleRate: number) {
    [this.shelf, this.highPass] = kWeightingFilters(sampleRate);
    this.subEnd = this.subBoundary(1);
  }

  /** Sub-block k ends here; rounding keeps 100 ms exact on average at rates like 11025 Hz. */
  private subBoundary(k: number): number {
    return Math.round((k * this.sampleRate) / 10);
  }

  push(pcm: Float32Array): void {
    const { b0, b1, b2, a1, a2 } = this.shelf;
    const { b0: c0, b1: c1, b2: c2, a1: d1, a2: d2 } = this.highPass;
    let { s1, s2, h1, h2, subSum, squareSum, samplePeak } = this;
    let i = 0;
    while (i < pcm.length) {
      const start = i;
      const stop = Math.min(pcm.length, i + (this.subEnd - this.position));
      for (; i < stop; i++) {
        const x = pcm[i]!;
        squareSum += x * x;
        const a = x < 0 ? -x : x;
        if (a > samplePeak) samplePeak = a;
        const y = b0 * x + s1;
        s1 = b1 * x - a1 * y + s2;
        s2 = b2 * x - a2 * y;
        const z = c0 * y + h1;
        h1 = c1 * y - d1 * z + h2;
        h2 = c2 * y - d2 * z;
        subSum += z * z;
      }
      this.position += stop - start;
      if (this.position === this.subEnd) {
        this.subSums.push(subSum);
        this.subCounts.push(this.subEnd - this.subStart);
        subSum = 0;
        this.subStart = this.subEnd;
        this.subEnd = this.subBoundary(this.subSums.length + 1);
      }
    }
    this.s1 = s1;
    this.s2 = s2;
    this.h1 = h1;
    this.h2 = h2;
    this.subSum = subSum;
    this.squareSum = squareSum;
    this.samplePeak = samplePeak;
    this.truePeak.push(pcm);
  }

  result(): LoudnessReport {
    const n = this.subSums.length;
    const sums = this.subSums.data;
    const counts = this.subCounts.data;
    const prefixSum = new Float64Array(n + 1);
    const prefixCount = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      prefixSum[k + 1] = prefixSum[k]! + sums[k]!;
      prefixCount[k + 1] = prefixCount[k]! + counts[k]!;
    }
    const windows = (size: number) => {
      const out = new Float64Array(Math.max(0, n - size + 1));
      for (let k = 0; k < out.length; k++) {
        out[k] = (prefixSum[k + size]! - prefixSum[k]!) / (prefixCount[k + size]! - prefixCount[k]!);
      }
      return out;
    };
    const truePeak = Math.max(this.truePeak.peak, this.samplePeak);
    return {
      integratedLufs: integrated(windows(BLOCK_SUBS)),
      loudnessRangeLu: loudnessRange(windows(SHORT_TERM_SUBS)),
      truePeakDbtp: dbfs(truePeak),
      samplePeakDbfs: dbfs(this.samplePeak),
      rmsDbfs: this.squareSum > 0 ? 10 * Math.log10(this.squareSum / this.position) : -Infinity,
    };
  }
}

/** Mean squares of the blocks passing both gates of BS.1770-4, as LUFS. */
function integrated(blocks: Float64Array): number {
  const absolute = blocks.filter((z) => lufs(z) > ABSOLUTE_GATE_LUFS);
  if (absolute.length === 0) return -Infinity;
  const relativeGate = lufs(mean(absolute)) + INTEGRATED_RELATIVE_GATE_LU;
  const gated = absolute.filter((z) => lufs(z) > relativeGate);
  return lufs(mean(gated));
}

/** EBU Tech 3342: spread between the 10th and 95th percentiles of the gated short-term loudness. */
function loudnessRange(shortTerm: Float64Array): number {
  const absolute = shortTerm.filter((z) => lufs(z) > ABSOLUTE_GATE_LUFS);
  if (absolute.length === 0) return 0;
  const relativeGate = lufs(mean(absolute)) + RANGE_RELATIVE_GATE_LU;
  const values = Float64Array.from(
    absolute.filter((z) => lufs(z) > relativeGate),
    lufs,
  ).sort();
  return percentile(values, 0.95) - percentile(values, 0.1);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Linear interpolation between the closest ranks of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Loudness report of a whole signal. */
export function measureLoudness(pcm: Float32Array, sampleRate: number): LoudnessReport {
  const meter = new LoudnessMeter(sampleRate);
  meter.push(pcm);
  return meter.result();
}
