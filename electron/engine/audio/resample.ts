/**
 * Band-limited resampling with a Kaiser-windowed sinc kernel: alias-free to about -90 dB, which
 * linear interpolation (audible aliasing on sibilants) is not. The kernel is tabulated in phases
 * and interpolated linearly between them so that any rate ratio costs the same.
 */
const ZERO_CROSSINGS = 16;
const PHASES = 512;
const KAISER_BETA = 8.6;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** Half a windowed sinc from 0 to ZERO_CROSSINGS, PHASES samples per zero crossing. */
const KERNEL = (() => {
  const length = ZERO_CROSSINGS * PHASES + 2;
  const table = new Float32Array(length);
  const i0Beta = besselI0(KAISER_BETA);
  for (let i = 0; i < length; i++) {
    const x = i / PHASES;
    if (x >= ZERO_CROSSINGS) continue;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = x / ZERO_CROSSINGS;
    table[i] = sinc * (besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta);
  }
  return table;
})();

/** Resamples mono float PCM from one rate to another; returns the input itself when they match. */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate || input.length === 0) return input;
  const ratio = toRate / fromRate;
  const outLength = Math.round(input.length * ratio);
  const out = new Float32Array(outLength);
  // Downsampling lowers the cutoff to the new Nyquist frequency, widening the kernel in input samples.
  const cutoff = Math.min(1, ratio);
  const halfWidth = ZERO_CROSSINGS / cutoff;
  const step = PHASES * cutoff;
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const t = n / ratio;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const end = Math.min(last, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = first; k <= end; k++) {
      const pos = Math.abs(t - k) * step;
      const idx = pos | 0;
      const frac = pos - idx;
      const w = KERNEL[idx]! + frac * (KERNEL[idx + 1]! - KERNEL[idx]!);
      acc += input[k]! * w;
    }
    out[n] = acc * cutoff;
  }
  return out;
}
