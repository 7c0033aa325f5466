/**
 * True-peak estimation per ITU-R BS.1770-4 Annex 2: 4x oversampling with the Annex's 48-tap
 * polyphase FIR (4 phases of 12 taps). The phases are symmetric: phase 2 is phase 1 reversed and
 * phase 3 is phase 0 reversed.
 */
const PHASE_0 = [
  0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625, 0.97216796875,
  -0.102294921875, 0.047607421875, -0.026611328125, 0.014892578125, -0.00830078125,
];
const PHASE_1 = [
  -0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625, 0.77978515625,
  -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
];

/** Samples of history one interpolated point reads besides the newest. */
export const INTERPOLATION_HISTORY = PHASE_0.length - 1;

/**
 * Points computed at buffer index i lie between samples i-6 and i-5 (the filter delays by 5.875
 * samples): this many samples of look-ahead are needed to know the peaks around a sample.
 */
export const INTERPOLATION_DELAY = 6;

/** No interpolated point can exceed the window's largest |sample| times this (the largest phase's sum of |taps|). */
export const INTERPOLATION_BOUND = Math.max(
  PHASE_0.reduce((s, c) => s + Math.abs(c), 0),
  PHASE_1.reduce((s, c) => s + Math.abs(c), 0),
);

const P0 = Float64Array.from(PHASE_0);
const P1 = Float64Array.from(PHASE_1);

/** Largest |value| of the four oversampled points computed from buf[i-11..i]. */
export function interpolatedPeakAt(buf: Float32Array, i: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let k = 0; k < 12; k++) {
    const x = buf[i - k]!;
    a0 += P0[k]! * x;
    a1 += P1[k]! * x;
    a2 += P1[11 - k]! * x;
    a3 += P0[11 - k]! * x;
  }
  return Math.max(Math.abs(a0), Math.abs(a1), Math.abs(a2), Math.abs(a3));
}

/** Streaming true-peak meter: push chunks, read `peak` (linear, never below the sample peak). */
export class TruePeakDetector {
  private work = new Float32Array(0);
  private readonly history = new Float32Array(INTERPOLATION_HISTORY);
  /** Samples since one loud enough to matter; beyond the window, interpolation cannot beat `peak`. */
  private sinceLoud = Infinity;
  peak = 0;

  push(pcm: Float32Array): void {
    const h = INTERPOLATION_HISTORY;
    if (this.work.length < h + pcm.length) this.work = new Float32Array(h + pcm.length);
    const buf = this.work;
    buf.set(this.history);
    buf.set(pcm, h);
    let peak = this.peak;
    let sinceLoud = this.sinceLoud;
    let threshold = peak / INTERPOLATION_BOUND;
    for (let i = h; i < h + pcm.length; i++) {
      const a = Math.abs(buf[i]!);
      if (a > threshold) {
        sinceLoud = 0;
        if (a > peak) peak = a;
      } else sinceLoud++;
      if (sinceLoud <= h) {
        const p = interpolatedPeakAt(buf, i);
        if (p > peak) peak = p;
        threshold = peak / INTERPOLATION_BOUND;
      }
    }
    this.peak = peak;
    this.sinceLoud = sinceLoud;
    this.history.set(buf.subarray(pcm.length, pcm.length + h));
  }
}
