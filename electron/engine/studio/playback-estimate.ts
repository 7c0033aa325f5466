/**
 * Where the listener is, as far as the engine can tell without asking: a gapless real-time player
 * that starts each chunk when the previous one ends, or as soon as it arrives when it ran dry.
 * A play stays open for retunes until this player would have played everything.
 */
export class PlaybackEstimate {
  /** When the audio handed out so far runs out, in `now()` milliseconds. */
  private end = 0;
  /** When each sentence's first chunk starts playing. */
  private readonly starts = new Map<number, number>();

  constructor(private readonly now: () => number) {}

  /** A chunk of `seconds` of sentence `index` went out. */
  chunk(index: number, seconds: number): void {
    const start = Math.max(this.now(), this.end);
    if (!this.starts.has(index)) this.starts.set(index, start);
    this.end = start + seconds * 1000;
  }

  /** The player drops sentences from `from` on; what replaces them plays from where they started (or now). */
  rewind(from: number): void {
    const start = this.starts.get(from);
    for (const index of [...this.starts.keys()]) if (index >= from) this.starts.delete(index);
    if (start !== undefined) this.end = Math.max(this.now(), start);
  }

  /** Milliseconds of audio still to be heard. */
  remainingMs(): number {
    return Math.max(0, this.end - this.now());
  }
}
