import { describe, expect, it } from 'vitest';
import { BlockTimeline } from '../../../renderer/audio/block-timeline';

describe('BlockTimeline', () => {
  it('names the block whose span holds the playhead, none before the first', () => {
    const timeline = new BlockTimeline();
    timeline.add('a', 0.5, false);
    timeline.add('b', 3, false);
    timeline.add('c', 7.25, false);
    expect(timeline.blockAt(null)).toBeNull();
    expect(timeline.blockAt(0.2)).toBeNull();
    expect(timeline.blockAt(0.5)).toBe('a');
    expect(timeline.blockAt(2.99)).toBe('a');
    // A playhead a hair short of a start (float rounding of frames) is already in the block.
    expect(timeline.blockAt(2.9995)).toBe('b');
    expect(timeline.blockAt(7.25)).toBe('c');
    expect(timeline.blockAt(600)).toBe('c');
  });

  it('keeps skipped blocks out of the timeline and lists them', () => {
    const timeline = new BlockTimeline();
    timeline.add('a', 0, false);
    timeline.add('gone', 2, true);
    timeline.add('c', 2, false);
    expect(timeline.skipped).toEqual(['gone']);
    expect(timeline.blockAt(2.5)).toBe('c');
  });

  it('places a start that arrives out of order where it belongs', () => {
    const timeline = new BlockTimeline();
    timeline.add('a', 0, false);
    timeline.add('c', 8, false);
    timeline.add('b', 4, false);
    expect([1, 5, 9].map((s) => timeline.blockAt(s))).toEqual(['a', 'b', 'c']);
  });
});
