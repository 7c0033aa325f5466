/**
 * Bounds the sentences one synthesis has in flight, for both Async providers: the producer takes a
 * slot before starting a sentence and the consumer frees it once it has taken that sentence's end,
 * so requests run ahead of playback by at most `max`. Each synthesis has one producer, so one
 * waiter at a time is all it needs.
 */
export class InFlightLimit {
  private used = 0;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly max: number) {}

  /** Waits for a free slot and takes it; false, without one, once `stop` has been called. */
  async acquire(): Promise<boolean> {
    while (this.used >= this.max && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.stopped) return false;
    this.used++;
    return true;
  }

  release(): void {
    this.used--;
    this.wakeUp();
  }

  /** The synthesis has ended: a waiting producer returns at once, and no slot is given again. */
  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
