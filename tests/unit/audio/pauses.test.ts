import { describe, expect, it } from 'vitest';
import { concatPcm } from '../../../electron/engine/audio/concat-pcm';
import {
  assembleTimeline,
  blockTimeToSample,
  planTimeline,
  timelineChunks,
  type PauseSettings,
  type TimelineInput,
} from '../../../electron/engine/audio/pauses';

const RATE = 8000;
/** 1 ms = 8 samples at 8 kHz, so every pause below is a whole number of samples. */
const ms = (n: number) => (n * RATE) / 1000;

/** Audible samples (none below the silence threshold) that say which block they came from. */
function voiced(n: number, tag: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (0.1 + tag * 0.1 + (i % 5) * 0.01));
}
const zeros = (n: number) => new Float32Array(n);
/** Engine-style near-silence: a low noise floor under the −50 dBFS threshold. */
const floor = (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 0.0005);

const pauses = (p: Partial<PauseSettings> = {}): PauseSettings => ({
  betweenSentencesMs: null,
  betweenBlocksMs: 100,
  betweenChaptersMs: 500,
  headRoomMs: 20,
  tailRoomMs: 30,
  ...p,
});

describe('assembleTimeline', () => {
  it('trims block edges and splices exact head, block, chapter and tail silence', () => {
    const a = voiced(200, 1);
    const b = voiced(150, 2);
    const c = voiced(120, 3);
    const input: TimelineInput = {
      sampleRate: RATE,
      pauses: pauses(),
      chapters: [
        {
          id: 'c1',
          blocks: [
            { id: 'a', pcm: concatPcm([floor(40), a, zeros(70)]), sampleRate: RATE },
            { id: 'b', pcm: concatPcm([zeros(10), b, floor(33)]), sampleRate: RATE },
          ],
        },
        { id: 'c2', blocks: [{ id: 'c', pcm: c, sampleRate: RATE }] },
      ],
    };
    const result = assembleTimeline(input);
    const expected = concatPcm([zeros(ms(20)), a, zeros(ms(100)), b, zeros(ms(500)), c, zeros(ms(30))]);
    expect(result.pcm.length).toBe(expected.length);
    expect(Array.from(result.pcm)).toEqual(Array.from(expected));
    const headA = ms(20);
    const headB = headA + 200 + ms(100);
    const headC = headB + 150 + ms(500);
    expect(result.blocks.map((x) => [x.id, x.chapterId, x.start, x.end])).toEqual([
      ['a', 'c1', headA, headA + 200],
      ['b', 'c1', headB, headB + 150],
      ['c', 'c2', headC, headC + 120],
    ]);
    expect(result.chapters).toEqual([
      { id: 'c1', start: headA, end: headB + 150 },
      { id: 'c2', start: headC, end: headC + 120 },
    ]);
    expect(result.length).toBe(headC + 120 + ms(30));
  });

  it('uses a block override within a chapter and the chapter pause across chapters', () => {
    const block = (id: string, pauseAfterMs: number | null) => ({
      id,
      pcm: voiced(80, 1),
      sampleRate: RATE,
      pauseAfterMs,
    });
    const result = assembleTimeline({
      sampleRate: RATE,
      pauses: pauses({ headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [
        { id: 'c1', blocks: [block('a', 250), block('b', 40), block('c', 700)] },
        { id: 'c2', blocks: [block('d', null), block('e', null)] },
      ],
    });
    const gaps = result.blocks.slice(1).map((x, i) => x.start - result.blocks[i]!.end);
    expect(gaps).toEqual([ms(250), ms(40), ms(500), ms(100)]);
  });

  it('keeps natural sentence pauses when betweenSentencesMs is null, splitting at the given starts', () => {
    const s1 = voiced(100, 1);
    const s2 = voiced(90, 2);
    const pcm = concatPcm([s1, floor(300), s2]);
    const result = assembleTimeline({
      sampleRate: RATE,
      pauses: pauses({ headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: RATE, sentenceStarts: [250] }] }],
    });
    expect(Array.from(result.pcm)).toEqual(Array.from(pcm));
    expect(result.blocks[0]!.sentences).toEqual([
      { start: 0, end: 250, voicedStart: 0, voicedEnd: 100 },
      { start: 250, end: 490, voicedStart: 400, voicedEnd: 490 },
    ]);
  });

  it('replaces the natural pause between sentences with exact silence, trimming the old one', () => {
    const s1 = voiced(100, 1);
    const s2 = voiced(90, 2);
    const s3 = voiced(60, 3);
    const pcm = concatPcm([s1, floor(300), s2, zeros(17), s3]);
    const result = assembleTimeline({
      sampleRate: RATE,
      pauses: pauses({ betweenSentencesMs: 5, headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: RATE, sentenceStarts: [250, 400 + 90 + 5] }] }],
    });
    expect(Array.from(result.pcm)).toEqual(Array.from(concatPcm([s1, zeros(40), s2, zeros(40), s3])));
    expect(result.blocks[0]!.sentences.map((s) => [s.start, s.end])).toEqual([
      [0, 100],
      [140, 230],
      [270, 330],
    ]);
  });

  it('gives a sentence that is only silence no pause of its own', () => {
    const s1 = voiced(100, 1);
    const s3 = voiced(60, 3);
    const result = assembleTimeline({
      sampleRate: RATE,
      pauses: pauses({ betweenSentencesMs: 5, headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [
        {
          id: 'c',
          blocks: [{ id: 'a', pcm: concatPcm([s1, zeros(200), s3]), sampleRate: RATE, sentenceStarts: [150, 250] }],
        },
      ],
    });
    expect(Array.from(result.pcm)).toEqual(Array.from(concatPcm([s1, zeros(40), s3])));
    expect(result.blocks[0]!.sentences.map((s) => [s.start, s.end, s.voicedStart, s.voicedEnd])).toEqual([
      [0, 100, 0, 100],
      [100, 100, 100, 100],
      [140, 200, 140, 200],
    ]);
  });

  it('trims at most maxTrimMs on each side of a spliced pause', () => {
    const pcm = concatPcm([voiced(100, 1), zeros(400), voiced(100, 2)]);
    const result = assembleTimeline({
      sampleRate: RATE,
      pauses: pauses({ betweenSentencesMs: 5, headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: RATE, sentenceStarts: [300] }] }],
      silence: { maxTrimMs: 10 },
    });
    // 200 + 200 samples of silence either side of the start, 80 trimmed from each, 40 spliced in.
    expect(result.pcm.length).toBe(100 + 120 + 40 + 120 + 100);
    expect(result.blocks[0]!.sentences.map((s) => [s.voicedStart, s.voicedEnd])).toEqual([
      [0, 100],
      [380, 480],
    ]);
  });

  it('keeps block edges when asked; a block trimmed to nothing takes no pause', () => {
    const a = concatPcm([zeros(30), voiced(50, 1), zeros(20)]);
    const assemble = (trimBlockEdges: boolean) =>
      assembleTimeline({
        sampleRate: RATE,
        pauses: pauses({ headRoomMs: 0, tailRoomMs: 0 }),
        chapters: [
          {
            id: 'c',
            blocks: [
              { id: 'a', pcm: a, sampleRate: RATE },
              { id: 'empty', pcm: zeros(500), sampleRate: RATE },
              { id: 'b', pcm: a, sampleRate: RATE },
            ],
          },
        ],
        silence: { trimBlockEdges },
      });
    expect(assemble(false).pcm.length).toBe(100 + ms(100) + 500 + ms(100) + 100);
    const trimmed = assemble(true);
    expect(trimmed.pcm.length).toBe(50 + ms(100) + 50);
    expect(trimmed.blocks[1]).toMatchObject({ start: 50, end: 50 });
  });

  it('resamples blocks to the timeline rate and scales their sentence starts', () => {
    const pcm = concatPcm([voiced(1600, 1), zeros(1600), voiced(1600, 2)]);
    const plan = planTimeline({
      sampleRate: RATE,
      pauses: pauses({ headRoomMs: 0, tailRoomMs: 0 }),
      chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: 16000, sentenceStarts: [2400] }] }],
      silence: { trimBlockEdges: false },
    });
    expect(plan.length).toBe(2400);
    expect(plan.blocks[0]!.sentences.map((s) => [s.start, s.end])).toEqual([
      [0, 1200],
      [1200, 2400],
    ]);
  });

  it('streams the same audio it assembles', () => {
    const input: TimelineInput = {
      sampleRate: RATE,
      pauses: pauses({ betweenChaptersMs: 20000, betweenSentencesMs: 3 }),
      chapters: [
        {
          id: 'c1',
          blocks: [
            {
              id: 'a',
              pcm: concatPcm([voiced(90, 1), zeros(50), voiced(70, 2)]),
              sampleRate: RATE,
              sentenceStarts: [100],
            },
          ],
        },
        { id: 'c2', blocks: [{ id: 'b', pcm: voiced(40, 3), sampleRate: RATE }] },
      ],
    };
    const chunks = [...timelineChunks(planTimeline(input))].map((c) => Float32Array.from(c));
    const assembled = assembleTimeline(input);
    expect(chunks.every((c) => c.length <= 65536)).toBe(true);
    expect(Array.from(concatPcm(chunks))).toEqual(Array.from(assembled.pcm));
    expect(assembled.pcm.length).toBe(ms(20) + 90 + 24 + 70 + ms(20000) + 40 + ms(30));
  });
});

describe('blockTimeToSample', () => {
  const pcm = concatPcm([zeros(80), voiced(160, 1), zeros(400), voiced(160, 2), zeros(80)]);
  const plan = planTimeline({
    sampleRate: RATE,
    pauses: pauses({ betweenSentencesMs: 10, headRoomMs: 100, tailRoomMs: 0 }),
    chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: RATE, sentenceStarts: [400] }] }],
  });
  const block = plan.blocks[0]!;
  const head = ms(100);

  it('maps a moment of kept audio by the splice offsets', () => {
    expect(blockTimeToSample(plan, block, 10, 'start')).toBe(head); // sample 80: first voiced sample
    expect(blockTimeToSample(plan, block, 20, 'start')).toBe(head + 80);
    expect(blockTimeToSample(plan, block, 30, 'end')).toBe(head + 160); // end of the first sentence
    expect(blockTimeToSample(plan, block, 80, 'start')).toBe(head + 160 + 80); // sample 640: second sentence
    expect(blockTimeToSample(plan, block, 85, 'start')).toBe(head + 160 + 80 + 40);
  });

  it('snaps moments inside trimmed silence to the kept audio on the right side', () => {
    expect(blockTimeToSample(plan, block, 0, 'start')).toBe(head);
    expect(blockTimeToSample(plan, block, 50, 'start')).toBe(head + 160 + 80);
    expect(blockTimeToSample(plan, block, 50, 'end')).toBe(head + 160);
    expect(blockTimeToSample(plan, block, 200, 'end')).toBe(block.end);
  });
});
