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

interface Geometry {
  ratio: number;
  cutoff: number;
  /** Kernel half-width in input samples. */
  halfWidth: number;
  /** Kernel table steps per input sample. */
  step: number;
}

function geometry(fromRate: number, toRate: number): Geometry {
  const ratio = toRate / fromRate;
  // Downsampling lowers the cutoff to the new Nyquist frequency, widening the kernel in input samples.
  const cutoff = Math.min(1, ratio);
  return { ratio, cutoff, halfWidth: ZERO_CROSSINGS / cutoff, step: PHASES * cutoff };
}

/**
 * Writes output samples [nFrom, nTo) into out[outOffset...]. `src[0]` is input sample `srcStart`;
 * input samples at or beyond `inputEnd` (or before 0) count as silence.
 */
function render(
  g: Geometry,
  src: Float32Array,
  srcStart: number,
  inputEnd: number,
  nFrom: number,
  nTo: number,
  out: Float32Array,
  outOffset: number,
): void {
  const { ratio, cutoff, halfWidth, step } = g;
  const last = Math.min(inputEnd, srcStart + src.length) - 1;
  for (let n = nFrom; n < nTo; n++) {
    const t = n / ratio;
    const first = Math.max(0, Math.ceil(t - halfWidth));
    const end = Math.min(last, Math.floor(t + halfWidth));
    let acc = 0;
    for (let k = first; k <= end; k++) {
      const pos = Math.abs(t - k) * step;
      const idx = pos | 0;
      const frac = pos - idx;
      const w = KERNEL[idx]! + frac * (KERNEL[idx + 1]! - KERNEL[idx]!);
      acc += src[k - srcStart]! * w;
    }
    out[outOffset + n - nFrom] = acc * cutoff;
  }
}

/** Resamples mono float PCM from one rate to another; returns the input itself when they match. */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate || input.length === 0) return input;
  const g = geometry(fromRate, toRate);
  const out = new Float32Array(Math.round(input.length * g.ratio));
  render(g, input, 0, input.length, 0, out.length, out, 0);
  return out;
}

/**
 * The same resampler fed chunk by chunk (a long export, a live stream): it keeps the kernel's
 * worth of history between chunks, so the concatenated output equals `resample()` on the whole.
 */
export class StreamResampler {
  private readonly g: Geometry | null;
  /** Input samples still needed, starting at absolute input index `historyStart`. */
  private history = new Float32Array(0);
  private historyStart = 0;
  private received = 0;
  private produced = 0;

  constructor(fromRate: number, toRate: number) {
    this.g = fromRate === toRate ? null : geometry(fromRate, toRate);
  }

  /** Takes the next input chunk; returns the output samples it completes (possibly none). */
  push(chunk: Float32Array): Float32Array {
    if (!this.g) return chunk;
    const src = new Float32Array(this.history.length + chunk.length);
    src.set(this.history);
    src.set(chunk, this.history.length);
    this.received += chunk.length;
    // Output n is complete once every input it reads, up to floor(t + halfWidth), has arrived.
    const nTo = Math.max(this.produced, Math.floor((this.received - 1 - this.g.halfWidth) * this.g.ratio) + 1);
    return this.emit(src, nTo, this.received);
  }

  /** Ends the stream: returns the remaining output, reading silence past the end of the input. */
  flush(): Float32Array {
    if (!this.g) return new Float32Array(0);
    const nTo = Math.round(this.received * this.g.ratio);
    return this.emit(this.history, nTo, this.received);
  }

  private emit(src: Float32Array, nTo: number, inputEnd: number): Float32Array {
    const g = this.g!;
    const out = new Float32Array(Math.max(0, nTo - this.produced));
    render(g, src, this.historyStart, inputEnd, this.produced, nTo, out, 0);
    this.produced = Math.max(this.produced, nTo);
    const keepFrom = Math.max(this.historyStart, Math.ceil(this.produced / g.ratio - g.halfWidth));
    this.history = src.slice(Math.min(src.length, keepFrom - this.historyStart));
    this.historyStart = keepFrom;
    return out;
  }
}
