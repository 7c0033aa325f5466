/**
 * Where each piece of streamed audio goes on the audio clock, kept as pure arithmetic so it can be
 * tested without Web Audio. Everything is counted in frames at the stream's sample rate: integer
 * frame positions make back-to-back buffers exactly contiguous (no float drift, so no gap or
 * overlap to click at the joins).
 */
export interface Placement {
  id: number;
  /** Sentence the audio belongs to (a reset or rewind drops audio by sentence). */
  sentence: number;
  /** Start on the audio clock, in frames. */
  startFrame: number;
  frames: number;
  /** Where this audio sits in the take, in frames from the take's start. */
  takeFrame: number;
}

export class PlaybackSchedule {
  private placements: Placement[] = [];
  private nextFrame: number | null = null;
  private lastId = 0;

  /** `leadFrames`: how far ahead of "now" audio starts when nothing is queued, so the first buffer is never late. */
  constructor(readonly leadFrames: number) {}

  /**
   * Places a buffer at the exact end of the previous one; when the queue has run dry (first chunk,
   * or the stream fell behind) it starts `leadFrames` after now instead.
   */
  place(sentence: number, frames: number, nowFrame: number, takeFrame: number): Placement {
    this.prune(nowFrame);
    const startFrame =
      this.nextFrame !== null && this.nextFrame > nowFrame ? this.nextFrame : Math.ceil(nowFrame) + this.leadFrames;
    const placement = { id: ++this.lastId, sentence, startFrame, frames, takeFrame };
    this.placements.push(placement);
    this.nextFrame = startFrame + frames;
    return placement;
  }

  /** A sentence is being synthesised again: its audio that has not started yet is dropped. */
  resetSentence(sentence: number, nowFrame: number): Placement[] {
    return this.drop((p) => p.sentence === sentence && p.startFrame > nowFrame, nowFrame);
  }

  /** Audio of sentences from `fromSentence` on is replaced: everything of theirs not yet finished goes. */
  rewind(fromSentence: number, nowFrame: number): Placement[] {
    return this.drop((p) => p.sentence >= fromSentence && p.startFrame + p.frames > nowFrame, nowFrame);
  }

  /** Forgets everything (Stop). */
  clear(): Placement[] {
    const dropped = this.placements;
    this.placements = [];
    this.nextFrame = null;
    return dropped;
  }

  /** The placement sounding at `nowFrame`, else the next one to sound, else the last one that did. */
  private relevant(nowFrame: number): Placement | undefined {
    return (
      this.placements.find((p) => p.startFrame + p.frames > nowFrame) ?? this.placements[this.placements.length - 1]
    );
  }

  /** Which sentence the listener is hearing (or about to hear); null before any audio. */
  sentenceAt(nowFrame: number): number | null {
    return this.relevant(nowFrame)?.sentence ?? null;
  }

  /** The playhead in take frames: inside a buffer it moves with the clock, in a gap it waits. */
  takeFrameAt(nowFrame: number): number | null {
    const p = this.relevant(nowFrame);
    if (!p) return null;
    const into = Math.min(Math.max(nowFrame - p.startFrame, 0), p.frames);
    return p.takeFrame + into;
  }

  /** When the last queued audio ends, in frames; null when nothing is queued. */
  get endFrame(): number | null {
    return this.nextFrame;
  }

  /** Frames of audio still to be heard after `nowFrame`. */
  remainingFrames(nowFrame: number): number {
    return this.nextFrame === null ? 0 : Math.max(this.nextFrame - nowFrame, 0);
  }

  /** Placements not yet finished, oldest first (what a Stop must silence). */
  pending(nowFrame: number): Placement[] {
    return this.placements.filter((p) => p.startFrame + p.frames > nowFrame);
  }

  private drop(matches: (p: Placement) => boolean, nowFrame: number): Placement[] {
    const dropped = this.placements.filter(matches);
    if (!dropped.length) return dropped;
    this.placements = this.placements.filter((p) => !matches(p));
    const last = this.placements[this.placements.length - 1];
    this.nextFrame = last && last.startFrame + last.frames > nowFrame ? last.startFrame + last.frames : null;
    return dropped;
  }

  /** Keeps memory flat on long takes: finished placements go, except the last one (the playhead rests on it). */
  private prune(nowFrame: number): void {
    let finished = 0;
    while (finished < this.placements.length - 1) {
      const p = this.placements[finished]!;
      if (p.startFrame + p.frames > nowFrame) break;
      finished++;
    }
    if (finished > 0) this.placements.splice(0, finished);
  }
}
