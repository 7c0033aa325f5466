/** Summary of one latency series, in milliseconds. */
export interface LatencySummary {
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** One chunk's path through the renderer. */
export interface ChunkLatency {
  /** The chunk opened its stream (nothing was queued ahead of it). */
  first: boolean;
  /** From the chunk reaching the renderer to its buffer being handed to Web Audio. */
  handlingMs: number;
  /** From the chunk reaching the renderer to the moment it is scheduled to sound. */
  toPlaybackMs: number;
}

const LIMIT = 10_000;

function summarise(values: number[]): LatencySummary {
  if (!values.length) return { count: 0, medianMs: null, p95Ms: null, maxMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted[sorted.length - 1]! };
}

/**
 * "Time from a chunk reaching the renderer to its scheduled playback", kept for the benchmark
 * (read through `window.studioPlayer.latency`). Only the first chunk of a stream measures the
 * pipeline; later chunks mostly measure how much audio is already queued ahead of them.
 */
export class LatencyMeter {
  private samples: ChunkLatency[] = [];

  record(sample: ChunkLatency): void {
    if (this.samples.length >= LIMIT) this.samples.shift();
    this.samples.push(sample);
  }

  reset(): void {
    this.samples = [];
  }

  /** Figures for first chunks (the pipeline's own delay), all chunks, and handling time alone. */
  summary(): { firstChunk: LatencySummary; allChunks: LatencySummary; handling: LatencySummary } {
    return {
      firstChunk: summarise(this.samples.filter((s) => s.first).map((s) => s.toPlaybackMs)),
      allChunks: summarise(this.samples.map((s) => s.toPlaybackMs)),
      handling: summarise(this.samples.map((s) => s.handlingMs)),
    };
  }
}
