/** Test signals and simple measurements for the audio tests. */
import { concatPcm } from '../../../electron/engine/audio/concat-pcm';

/** A sine of `seconds` at `frequency` Hz, peak `amplitude`, starting at `phase` radians. */
export function tone(sampleRate: number, seconds: number, frequency: number, amplitude = 1, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase);
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Speech-like test signal: bursts of a harmonic-rich voiced sound with a wandering pitch, noise
 * bursts (sibilants) and pauses, at a speech-like level.
 */
export function speechLike(sampleRate: number, seconds: number, seed = 1): Float32Array {
  const rnd = random(seed);
  const out = new Float32Array(Math.round(sampleRate * seconds));
  let i = 0;
  while (i < out.length) {
    const kind = rnd();
    const length = Math.round(sampleRate * (0.08 + rnd() * 0.3));
    const level = 0.1 + rnd() * 0.25;
    const f0 = 90 + rnd() * 140;
    let phase = 0;
    for (let k = 0; k < length && i < out.length; k++, i++) {
      const envelope = Math.sin((Math.PI * k) / length);
      if (kind < 0.6) {
        phase += (2 * Math.PI * f0 * (1 + 0.05 * Math.sin(k / 800))) / sampleRate;
        let v = 0;
        for (let h = 1; h <= 12; h++) v += Math.sin(h * phase) / h;
        out[i] = level * envelope * v * 0.5;
      } else if (kind < 0.8) {
        out[i] = level * envelope * (rnd() * 2 - 1) * 0.5;
      } else {
        out[i] = 0;
      }
    }
  }
  return out;
}

/** Amplitude and phase-free fit of a sine at `frequency` over `pcm` (least squares on sin and cos). */
export function sineAmplitude(pcm: Float32Array, sampleRate: number, frequency: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < pcm.length; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    s += pcm[i]! * Math.sin(w);
    c += pcm[i]! * Math.cos(w);
  }
  return (2 * Math.hypot(s, c)) / pcm.length;
}

/** Frequency from the count of rising zero crossings, interpolated between samples. */
export function zeroCrossingFrequency(pcm: Float32Array, sampleRate: number): number {
  let first = -1;
  let last = -1;
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) {
    if (pcm[i - 1]! < 0 && pcm[i]! >= 0) {
      const at = i - 1 + -pcm[i - 1]! / (pcm[i]! - pcm[i - 1]!);
      if (first < 0) first = at;
      else crossings++;
      last = at;
    }
  }
  return (crossings * sampleRate) / (last - first);
}

/** Joins signals (the engine's own concatenation). */
export const concat = (...parts: Float32Array[]): Float32Array => concatPcm(parts);

/** Splits a signal into random-sized chunks (1 to `max` samples). */
export function randomChunks(pcm: Float32Array, max: number, seed: number): Float32Array[] {
  const rnd = random(seed);
  const chunks: Float32Array[] = [];
  for (let i = 0; i < pcm.length;) {
    const size = 1 + Math.floor(rnd() * max);
    chunks.push(pcm.subarray(i, i + size));
    i += size;
  }
  return chunks;
}
