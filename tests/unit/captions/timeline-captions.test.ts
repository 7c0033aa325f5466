import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../../electron/engine/offline/flite';
import { speakWithWordTimings, type WordTiming } from '../../../electron/engine/offline/speak-markup';
import { concatPcm } from '../../../electron/engine/audio/concat-pcm';
import {
  assembleTimeline,
  type AssembledTimeline,
  type TimelineBlockInput,
} from '../../../electron/engine/audio/pauses';
import type { CaptionCue } from '../../../electron/engine/captions/caption-files';
import { timelineCaptions, type BlockCaptionSource } from '../../../electron/engine/captions/timeline-captions';

const TAKE_RATE = 16000;
const RATE = 24000;
const chapters = [
  {
    id: 'one',
    blocks: [
      ['The quick brown fox jumps over the lazy dog.', 'It was a sunny morning in the valley.'],
      ['Captions must follow the spoken words closely.'],
    ],
  },
  {
    id: 'two',
    blocks: [
      [
        'Chapter two begins here.',
        'A much longer sentence follows, with a clause, and then it goes on for quite a while before it finally ends at last.',
      ],
    ],
  },
];

const engine = new FliteEngine();
afterAll(() => engine.close());

interface RenderedBlock {
  input: TimelineBlockInput;
  words: WordTiming[];
  sentences: string[];
}

/** Renders each sentence as a provider would (one take per block, sentence by sentence), keeping word timings. */
async function renderBlock(id: string, sentences: string[]): Promise<RenderedBlock> {
  const parts: Float32Array[] = [];
  const words: WordTiming[] = [];
  const sentenceStarts: number[] = [];
  let length = 0;
  for (const [i, sentence] of sentences.entries()) {
    const speech = await speakWithWordTimings(engine, sentence, { voice: 'slt', sampleRate: TAKE_RATE });
    if (i > 0) sentenceStarts.push(length);
    const offsetMs = (length * 1000) / TAKE_RATE;
    words.push(...speech.words.map((w) => ({ ...w, startMs: w.startMs + offsetMs, endMs: w.endMs + offsetMs })));
    parts.push(speech.pcm, new Float32Array(TAKE_RATE / 4)); // the engine's natural pause after a sentence
    length += speech.pcm.length + TAKE_RATE / 4;
  }
  return { input: { id, pcm: concatPcm(parts), sampleRate: TAKE_RATE, sentenceStarts }, words, sentences };
}

let rendered: RenderedBlock[][];
let timeline: AssembledTimeline;

beforeAll(async () => {
  rendered = await Promise.all(
    chapters.map((c, ci) => Promise.all(c.blocks.map((sentences, bi) => renderBlock(`b${ci}${bi}`, sentences)))),
  );
  timeline = assembleTimeline({
    sampleRate: RATE,
    pauses: {
      betweenSentencesMs: 350,
      betweenBlocksMs: 700,
      betweenChaptersMs: 1500,
      headRoomMs: 500,
      tailRoomMs: 800,
    },
    chapters: chapters.map((c, ci) => ({ id: c.id, blocks: rendered[ci]!.map((b) => b.input) })),
  });
});

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/** 10 ms frames of the assembled audio whose RMS is above −60 dBFS (Flite’s floor is near −80, spliced pauses are zeros) count as speech. */
const FRAME_MS = 10;

/**
 * Where speech is heard, measured on the audio alone: runs of loud frames, joined across gaps
 * shorter than 250 ms (pauses between words and clauses), so each sentence is one island.
 */
function speechIslands(): Array<{ startMs: number; endMs: number }> {
  const frame = (RATE * FRAME_MS) / 1000;
  const islands: Array<{ startMs: number; endMs: number }> = [];
  for (let f = 0; f * frame < timeline.pcm.length; f++) {
    let sum = 0;
    const chunk = timeline.pcm.subarray(f * frame, (f + 1) * frame);
    for (const x of chunk) sum += x * x;
    if (Math.sqrt(sum / chunk.length) < 10 ** (-60 / 20)) continue;
    const last = islands[islands.length - 1];
    if (last && f * FRAME_MS - last.endMs < 250) last.endMs = (f + 1) * FRAME_MS;
    else islands.push({ startMs: f * FRAME_MS, endMs: (f + 1) * FRAME_MS });
  }
  return islands;
}

function rmsDb(fromMs: number, toMs: number): number {
  const chunk = timeline.pcm.subarray(Math.round((fromMs * RATE) / 1000), Math.round((toMs * RATE) / 1000));
  let sum = 0;
  for (const x of chunk) sum += x * x;
  return 10 * Math.log10(sum / chunk.length);
}

/** Checks every cue against the audio: in order, inside the speech of its own sentence, sentences covered edge to edge. */
function checkAgainstAudio(cues: CaptionCue[]) {
  const texts = rendered.flat().flatMap((b) => b.sentences.map(normalise));
  const islands = speechIslands();
  expect(islands).toHaveLength(texts.length);
  const bySentence = texts.map(() => [] as CaptionCue[]);
  let s = 0;
  let from = 0;
  cues.forEach((cue, i) => {
    expect(cue.endMs).toBeGreaterThan(cue.startMs);
    if (i > 0) expect(cue.startMs).toBeGreaterThanOrEqual(cues[i - 1]!.endMs);
    // Which sentence: the cue's words come next in the current sentence or start the next one.
    const words = normalise(cue.lines.join(' '));
    let at = texts[s]!.indexOf(words, from);
    if (at < 0) {
      s++;
      from = 0;
      at = texts[s]?.indexOf(words) ?? -1;
    }
    expect(at, `cue "${words}" follows in sentence ${s}`).toBeGreaterThanOrEqual(0);
    from = at + words.length;
    bySentence[s]!.push(cue);
    const island = islands[s]!;
    expect(cue.startMs, `start of "${words}" on its sentence's speech`).toBeGreaterThanOrEqual(
      island.startMs - FRAME_MS,
    );
    expect(cue.endMs, `end of "${words}" on its sentence's speech`).toBeLessThanOrEqual(island.endMs + FRAME_MS);
    // And on sound, not in a pause between words: the 20 ms inside each edge are above −60 dBFS.
    expect(rmsDb(cue.startMs, cue.startMs + 20), `sound after the start of "${words}"`).toBeGreaterThan(-60);
    expect(rmsDb(cue.endMs - 20, cue.endMs), `sound before the end of "${words}"`).toBeGreaterThan(-60);
  });
  // Every sentence is captioned to its last word, from where its speech starts to where it ends.
  expect(s).toBe(texts.length - 1);
  expect(from).toBe(texts[s]!.length);
  bySentence.forEach((own, i) => {
    expect(Math.abs(own[0]!.startMs - islands[i]!.startMs)).toBeLessThanOrEqual(FRAME_MS);
    expect(Math.abs(own[own.length - 1]!.endMs - islands[i]!.endMs)).toBeLessThanOrEqual(FRAME_MS);
  });
}

describe('timelineCaptions against real audio', () => {
  it('places word-timed cues on the speech of the right sentence, after the spliced pauses', () => {
    const sources: BlockCaptionSource[] = rendered.flat().map((b) => ({ words: b.words, sentences: b.sentences }));
    const cues = timelineCaptions(timeline, sources);
    expect(cues.length).toBeGreaterThan(5);
    checkAgainstAudio(cues);
    // The long last sentence needs more than one cue, each within the limits.
    expect(cues.every((c) => c.lines.length <= 2 && c.lines.every((l) => l.length <= 42))).toBe(true);
    expect(cues.every((c) => c.endMs - c.startMs <= 6000)).toBe(true);
  });

  it('places sentence-timed cues on the speech of the right sentence when there are no word timings', () => {
    const sources: BlockCaptionSource[] = rendered.flat().map((b) => ({ sentences: b.sentences }));
    const cues = timelineCaptions(timeline, sources);
    expect(cues.length).toBeGreaterThan(5);
    checkAgainstAudio(cues);
  });

  it('shifts cues by exactly the change in spliced pauses', () => {
    const sources: BlockCaptionSource[] = rendered.flat().map((b) => ({ words: b.words, sentences: b.sentences }));
    const longer = assembleTimeline({
      sampleRate: RATE,
      pauses: {
        betweenSentencesMs: 350,
        betweenBlocksMs: 700,
        betweenChaptersMs: 1500,
        headRoomMs: 1500,
        tailRoomMs: 800,
      },
      chapters: chapters.map((c, ci) => ({ id: c.id, blocks: rendered[ci]!.map((b) => b.input) })),
    });
    const before = timelineCaptions(timeline, sources);
    const after = timelineCaptions(longer, sources);
    expect(after.map((c) => [c.startMs - 1000, c.endMs - 1000, c.lines])).toEqual(
      before.map((c) => [c.startMs, c.endMs, c.lines]),
    );
  });
});

describe('timelineCaptions silence threshold', () => {
  it('tightens word edges with the threshold the timeline was planned with', () => {
    const rate = 8000;
    // A floor at about −46 dBFS: silence under a −40 threshold, audible under the default −50.
    const floor = (n: number) => new Float32Array(n).fill(0.005);
    const pcm = concatPcm([floor(80), new Float32Array(160).fill(0.5), floor(80)]);
    const plan = assembleTimeline({
      sampleRate: rate,
      pauses: { betweenSentencesMs: null, betweenBlocksMs: 0, betweenChaptersMs: 0, headRoomMs: 0, tailRoomMs: 0 },
      chapters: [{ id: 'c', blocks: [{ id: 'a', pcm, sampleRate: rate }] }],
      silence: { thresholdDb: -40, trimBlockEdges: false },
    });
    const cues = timelineCaptions(plan, [{ words: [{ word: 'Hi.', startMs: 0, endMs: 40 }], sentences: ['Hi.'] }]);
    expect(cues.map((c) => [c.startMs, c.endMs])).toEqual([[10, 30]]);
  });
});
