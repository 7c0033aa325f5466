/** Block starts sit on frame boundaries; a playhead a hair short of one (float rounding) is already in it. */
const EDGE_SECONDS = 1e-3;

/**
 * Where each block of a chapter stream starts on the stream's timeline, from its `block-start`
 * messages. They arrive before their audio is heard (the stream runs ahead of playback), so the
 * block being heard is looked up from the player's playhead, never taken from the latest message.
 */
export class BlockTimeline {
  private readonly starts: Array<{ blockId: string; seconds: number }> = [];
  /** Blocks the stream left out (no usable take), in order. */
  readonly skipped: string[] = [];

  add(blockId: string, startSeconds: number, skipped: boolean): void {
    if (skipped) {
      this.skipped.push(blockId);
      return;
    }
    // Messages come in stream order; a start out of order is placed where it belongs all the same.
    let at = this.starts.length;
    while (at > 0 && this.starts[at - 1]!.seconds > startSeconds) at--;
    this.starts.splice(at, 0, { blockId, seconds: startSeconds });
  }

  /** The block heard at `seconds` of the stream; null before the first block (or without a playhead). */
  blockAt(seconds: number | null): string | null {
    if (seconds === null) return null;
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]!.seconds <= seconds + EDGE_SECONDS) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.starts[lo - 1]!.blockId;
  }
}
