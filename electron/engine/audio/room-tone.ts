/**
 * What ACX checks besides level: the room tone at the head and tail of a file (how long it is
 * before the first and after the last sound) and the noise floor (the RMS of the quietest half
 * second, as ACX's own checker measures it). Streaming: push chunks in order, read `result()`.
 */

/**
 * Quieter than this is room tone: ACX's noise floor limit, so anything louder could not pass as
 * room tone anyway. Speech onsets pass it within a millisecond or two.
 */
export const ROOM_TONE_THRESHOLD_DBFS = -60;
/** ACX measures the noise floor over half a second. */
const WINDOW_SECONDS = 0.5;
/** The window slides in steps of a tenth of a second. */
const STEPS_PER_WINDOW = 5;

export interface RoomTone {
  /** Seconds before the first sample at or above the threshold (the whole length when there is none). */
  headSeconds: number;
  /** Seconds after the last such sample. */
  tailSeconds: number;
  /** RMS of the quietest half second, dBFS (of the whole signal when shorter); -Infinity for digital silence. */
  noiseFloorDbfs: number;
  samples: number;
}

export class RoomToneMeter {
  private readonly threshold = 10 ** (ROOM_TONE_THRESHOLD_DBFS / 20);
  private readonly stepLength: number;
  /** Sums of squares of the last STEPS_PER_WINDOW complete steps (ring), and the current step's. */
  private readonly steps = new Float64Array(STEPS_PER_WINDOW);
  private completeSteps = 0;
  private stepSum = 0;
  private stepFill = 0;
  private totalSum = 0;
  private quietestWindow = Infinity;
  private first = -1;
  private last = -1;
  private received = 0;

  constructor(private readonly sampleRate: number) {
    this.stepLength = Math.max(1, Math.round((sampleRate * WINDOW_SECONDS) / STEPS_PER_WINDOW));
  }

  push(chunk: Float32Array): void {
    const { threshold, stepLength } = this;
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i]!;
      if (Math.abs(x) >= threshold) {
        if (this.first < 0) this.first = this.received + i;
        this.last = this.received + i;
      }
      this.stepSum += x * x;
      if (++this.stepFill === stepLength) this.endStep();
    }
    this.received += chunk.length;
  }

  result(): RoomTone {
    const rate = this.sampleRate;
    const total = this.received;
    const windowed = this.completeSteps >= STEPS_PER_WINDOW;
    const meanSquare = windowed
      ? this.quietestWindow / (this.stepLength * STEPS_PER_WINDOW)
      : (this.totalSum + this.stepSum) / Math.max(1, total);
    return {
      headSeconds: (this.first < 0 ? total : this.first) / rate,
      tailSeconds: (this.last < 0 ? total : total - this.last - 1) / rate,
      noiseFloorDbfs: 10 * Math.log10(meanSquare),
      samples: total,
    };
  }

  private endStep(): void {
    this.steps[this.completeSteps % STEPS_PER_WINDOW] = this.stepSum;
    this.completeSteps++;
    this.totalSum += this.stepSum;
    this.stepSum = 0;
    this.stepFill = 0;
    if (this.completeSteps >= STEPS_PER_WINDOW) {
      let window = 0;
      for (const sum of this.steps) window += sum;
      this.quietestWindow = Math.min(this.quietestWindow, window);
    }
  }
}
