import { describe, expect, it } from 'vitest';
import { PlaybackSchedule } from '../../../renderer/audio/schedule';

const LEAD = 800; // 50 ms at 16 kHz

/** Feeds chunks arriving at `arrivals` (frames on the audio clock) with the given lengths. */
function feed(schedule: PlaybackSchedule, chunks: Array<{ at: number; frames: number; sentence?: number }>) {
  let take = 0;
  return chunks.map(({ at, frames, sentence = 0 }) => {
    const placement = schedule.place(sentence, frames, at, take);
    take += frames;
    return placement;
  });
}

describe('PlaybackSchedule', () => {
  it('starts the first chunk one lead after its arrival and every later one at the exact end of the previous', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const placed = feed(schedule, [
      { at: 1000, frames: 800 },
      { at: 1200, frames: 1600 },
      { at: 1900, frames: 333 },
      { at: 2500, frames: 800 },
    ]);
    expect(placed[0]!.startFrame).toBe(1000 + LEAD);
    for (let i = 1; i < placed.length; i++) {
      expect(placed[i]!.startFrame).toBe(placed[i - 1]!.startFrame + placed[i - 1]!.frames);
    }
    expect(schedule.endFrame).toBe(1800 + 800 + 1600 + 333 + 800);
  });

  it('rounds a fractional clock up so buffers land on whole frames', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const [first] = feed(schedule, [{ at: 1000.4, frames: 100 }]);
    expect(first!.startFrame).toBe(1001 + LEAD);
  });

  it('restarts one lead after now when the queue ran dry (a late chunk never starts in the past)', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const placed = feed(schedule, [
      { at: 0, frames: 800 },
      { at: 5000, frames: 800 },
    ]);
    expect(placed[0]!.startFrame + placed[0]!.frames).toBe(1600);
    expect(placed[1]!.startFrame).toBe(5000 + LEAD);
  });

  it('reports the sentence being heard and the playhead on the take from the clock', () => {
    const schedule = new PlaybackSchedule(LEAD);
    feed(schedule, [
      { at: 0, frames: 1000, sentence: 0 },
      { at: 10, frames: 1000, sentence: 1 },
    ]);
    expect(schedule.sentenceAt(0)).toBe(0); // before the first buffer: the one about to play
    expect(schedule.takeFrameAt(0)).toBe(0);
    expect(schedule.sentenceAt(LEAD + 500)).toBe(0);
    expect(schedule.takeFrameAt(LEAD + 500)).toBe(500);
    expect(schedule.sentenceAt(LEAD + 1500)).toBe(1);
    expect(schedule.takeFrameAt(LEAD + 1500)).toBe(1500);
    expect(schedule.sentenceAt(LEAD + 9000)).toBe(1); // after the end: where it stopped
    expect(schedule.takeFrameAt(LEAD + 9000)).toBe(2000);
  });

  it('sentence-reset drops only the not-yet-started buffers of that sentence', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const placed = feed(schedule, [
      { at: 0, frames: 1000, sentence: 0 },
      { at: 0, frames: 1000, sentence: 1 },
      { at: 0, frames: 1000, sentence: 1 },
    ]);
    // Sentence 1's first buffer is sounding (starts at 1800); its second has not started.
    const dropped = schedule.resetSentence(1, 2000);
    expect(dropped.map((p) => p.id)).toEqual([placed[2]!.id]);
    // Audio that follows continues right after what is left.
    const next = schedule.place(1, 500, 2000, 0);
    expect(next.startFrame).toBe(placed[1]!.startFrame + 1000);
  });

  it('rewind drops every unfinished buffer of the sentences from fromSentence on, keeps what came before', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const placed = feed(schedule, [
      { at: 0, frames: 1000, sentence: 0 }, // 800..1800
      { at: 0, frames: 1000, sentence: 1 }, // 1800..2800
      { at: 0, frames: 1000, sentence: 1 }, // 2800..3800
      { at: 0, frames: 1000, sentence: 2 }, // 3800..4800
    ]);
    const now = 2300; // inside sentence 1's first buffer
    const dropped = schedule.rewind(1, now);
    expect(dropped.map((p) => p.id)).toEqual([placed[1]!.id, placed[2]!.id, placed[3]!.id]);
    expect(schedule.pending(now)).toEqual([]);
    expect(schedule.remainingFrames(now)).toBe(0);
    // The replacement audio starts one lead after now: seamless continuation, nothing old replays.
    expect(schedule.place(1, 400, now, 1000).startFrame).toBe(now + LEAD);
  });

  it('rewind leaves earlier sentences still queued in place', () => {
    const schedule = new PlaybackSchedule(LEAD);
    const placed = feed(schedule, [
      { at: 0, frames: 1000, sentence: 0 },
      { at: 0, frames: 1000, sentence: 1 },
      { at: 0, frames: 1000, sentence: 2 },
    ]);
    const dropped = schedule.rewind(2, 900);
    expect(dropped.map((p) => p.id)).toEqual([placed[2]!.id]);
    expect(schedule.pending(900).map((p) => p.id)).toEqual([placed[0]!.id, placed[1]!.id]);
    expect(schedule.place(2, 10, 900, 0).startFrame).toBe(placed[1]!.startFrame + 1000);
  });

  it('clear forgets everything', () => {
    const schedule = new PlaybackSchedule(LEAD);
    feed(schedule, [{ at: 0, frames: 1000 }]);
    expect(schedule.clear()).toHaveLength(1);
    expect(schedule.endFrame).toBeNull();
    expect(schedule.sentenceAt(0)).toBeNull();
  });

  it('keeps only what it needs on a long take', () => {
    const schedule = new PlaybackSchedule(LEAD);
    let now = 0;
    for (let i = 0; i < 1000; i++) {
      schedule.place(0, 800, now, i * 800);
      now += 800;
    }
    expect(schedule.pending(now).length).toBeLessThanOrEqual(2);
    expect(schedule.takeFrameAt(now)).toBe(now - LEAD);
  });
});
