/**
 * Look-ahead true-peak limiter (streaming). For every sample it works out the gain that keeps the
 * sample and the 4x-oversampled points around it (BS.1770-4 Annex 2) under the ceiling, holds
 * the minimum of that over the look-ahead, lets it recover with an exponential release, then
 * averages it over the look-ahead. The average of a minimum held that long never exceeds the gain
 * any sample needs, and it moves in ramps one look-ahead long: no clicks, no overshoot.
 */
import { INTERPOLATION_BOUND, INTERPOLATION_DELAY, INTERPOLATION_HISTORY, interpolatedPeakAt } from './true-peak';

export interface LimiterOptions {
  /** Gain applied before limiting, dB. */
  gainDb: number;
  /** Highest true peak allowed, dBTP. */
  ceilingDbtp: number;
  lookaheadMs?: number;
  releaseMs?: number;
}

/** Headroom for the gain curve's own effect on inter-sample peaks (it bends the waveform a little). */
const SAFETY_DB = 0.05;

export class TruePeakLimiter {
  private readonly gain: number;
  private readonly ceiling: number;
  private readonly lookahead: number;
  private readonly release: number;
  /** Samples kept between pushes: the not yet output ones and the interpolator's history. */
  private readonly tailLength: number;
  private tail: Float32Array;
  private received = 0;
  private emitted = 0;
  private sinceLoud = Infinity;
  private lastGap = 0;
  /** Monotonic deque (ring) of the needed gains over the look-ahead, for their running minimum. */
  private readonly dqIndex: Float64Array;
  private readonly dqValue: Float64Array;
  private dqHead = 0;
  private dqSize = 0;
  private held = 1;
  /** The last `lookahead` held gains (ring) and their sum. */
  private readonly heldRing: Float64Array;
  private heldSum: number;

  constructor(sampleRate: number, options: LimiterOptions) {
    this.gain = 10 ** (options.gainDb / 20);
    this.ceiling = 10 ** ((options.ceilingDbtp - SAFETY_DB) / 20);
    this.lookahead = Math.max(1, Math.round(((options.lookaheadMs ?? 5) * sampleRate) / 1000));
    this.release = 1 - Math.exp(-1000 / ((options.releaseMs ?? 100) * sampleRate));
    this.tailLength = Math.max(this.lookahead + INTERPOLATION_DELAY - 1, INTERPOLATION_HISTORY);
    this.tail = new Float32Array(this.tailLength);
    this.dqIndex = new Float64Array(this.lookahead + 1);
    this.dqValue = new Float64Array(this.lookahead + 1);
    this.heldRing = new Float64Array(this.lookahead).fill(1);
    this.heldSum = this.lookahead;
  }

  /** Output lags input by this many samples; `flush()` returns the rest. */
  get latency(): number {
    return this.lookahead + INTERPOLATION_DELAY - 1;
  }

  /** Takes the next chunk; returns the limited samples now complete. */
  push(chunk: Float32Array): Float32Array {
    const T = this.tailLength;
    const L = this.lookahead;
    const c = this.ceiling;
    const loud = c / INTERPOLATION_BOUND;
    const buf = new Float32Array(T + chunk.length);
    buf.set(this.tail);
    for (let k = 0; k < chunk.length; k++) buf[T + k] = chunk[k]! * this.gain;
    const base = this.received - T;
    const out = new Float32Array(chunk.length);
    let count = 0;
    let { sinceLoud, lastGap, held, heldSum, dqHead, dqSize } = this;
    const { dqIndex, dqValue, heldRing, release } = this;
    const ring = dqIndex.length;
    for (let i = this.received; i < this.received + chunk.length; i++) {
      const bi = i - base;
      const a = Math.abs(buf[bi]!);
      sinceLoud = a > loud ? 0 : sinceLoud + 1;
      // Oversampled points between samples i-6 and i-5; skipped when they cannot reach the ceiling.
      const gap = sinceLoud <= INTERPOLATION_HISTORY ? interpolatedPeakAt(buf, bi) : 0;
      const m = i - INTERPOLATION_DELAY;
      const e = Math.max(Math.abs(buf[bi - INTERPOLATION_DELAY]!), lastGap, gap);
      lastGap = gap;
      if (m < 0) continue;
      const need = e > c ? c / e : 1;
      while (dqSize > 0 && dqValue[(dqHead + dqSize - 1) % ring]! >= need) dqSize--;
      dqIndex[(dqHead + dqSize) % ring] = m;
      dqValue[(dqHead + dqSize) % ring] = need;
      dqSize++;
      while (dqIndex[dqHead]! <= m - L) {
        dqHead = (dqHead + 1) % ring;
        dqSize--;
      }
      held = Math.min(dqValue[dqHead]!, held + (1 - held) * release);
      const slot = m % L;
      heldSum += held - heldRing[slot]!;
      heldRing[slot] = held;
      const n = m - L + 1;
      if (n >= 0) out[count++] = buf[n - base]! * (heldSum / L);
    }
    this.sinceLoud = sinceLoud;
    this.lastGap = lastGap;
    this.held = held;
    this.heldSum = heldSum;
    this.dqHead = dqHead;
    this.dqSize = dqSize;
    this.received += chunk.length;
    this.emitted += count;
    this.tail = buf.slice(buf.length - T);
    return out.subarray(0, count);
  }

  /** Ends the stream (as if silence followed) and returns the remaining samples. */
  flush(): Float32Array {
    const remaining = this.received - this.emitted;
    const out = this.push(new Float32Array(this.latency));
    return out.subarray(0, remaining);
  }
}
