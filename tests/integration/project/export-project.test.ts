import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatPcm } from '../../../electron/engine/audio/concat-pcm';
import { readId3Chapters } from '../../../electron/engine/audio/id3-chapters';
import { parseWav } from '../../../electron/engine/audio/wav';
import { FliteEngine } from '../../../electron/engine/offline/flite';
import { speakWithWordTimings } from '../../../electron/engine/offline/speak-markup';
import { exportProject } from '../../../electron/engine/project/export-project';
import { openProject } from '../../../electron/engine/project/project-store';
import type { TakeTiming } from '../../../electron/engine/project/take-files';
import type { ProjectExportRequest } from '../../../shared/project-session';
import { FIXTURE_RATE, makeProject, type FixtureBlock, type FixtureChapter } from '../../unit/project/export-fixture';
import { useTempDir } from '../../unit/project/sample';

/*
 * The whole chain with real speech: Flite renders each block sentence by sentence with word
 * timings, the takes and their timing files go to disk as a render leaves them, and the export's
 * files are checked against their own audio: chapter markers, captions, levels and the report.
 */

const SCRIPT = [
  {
    title: 'Morning',
    blocks: [
      ['It was a bright cold day in April.', 'The clocks were striking thirteen.'],
      ['The hallway smelt of boiled cabbage.'],
    ],
  },
  { title: 'Evening', blocks: [['Outside, the world looked cold.', 'Little eddies of wind whirled the dust.']] },
];

const engine = new FliteEngine();
afterAll(() => engine.close());

/** A block rendered as a provider would: its sentences one after another with a natural pause, words timed. */
async function render(sentences: string[]): Promise<FixtureBlock> {
  const parts: Float32Array[] = [];
  const timing: Pick<TakeTiming, 'sentences'> & { words: NonNullable<TakeTiming['words']> } = {
    sentences: [],
    words: [],
  };
  let length = 0;
  for (const text of sentences) {
    const speech = await speakWithWordTimings(engine, text, { voice: 'slt', sampleRate: FIXTURE_RATE });
    const offsetMs = (length * 1000) / FIXTURE_RATE;
    timing.words.push(...speech.words.map((w) => ({ ...w, startMs: w.startMs + offsetMs, endMs: w.endMs + offsetMs })));
    timing.sentences.push({ text, startSample: length, endSample: length + speech.pcm.length });
    const pause = new Float32Array(FIXTURE_RATE / 4);
    parts.push(speech.pcm, pause);
    length += speech.pcm.length + pause.length;
  }
  return { text: sentences.join(' '), pcm: concatPcm(parts), ...timing };
}

let chapters: FixtureChapter[];
beforeAll(async () => {
  chapters = [];
  for (const chapter of SCRIPT) {
    const blocks: FixtureBlock[] = [];
    for (const sentences of chapter.blocks) blocks.push(await render(sentences));
    chapters.push({ title: chapter.title, blocks });
  }
}, 60_000);

const dir = useTempDir();
const exported = (name: string) => join(dir(), 'exports', name);

/** Exports the script's project, made in this test's folder on first use. */
async function exportAs(overrides: Partial<ProjectExportRequest>) {
  const project = (await openProject(dir()).catch(() => null))?.project ?? (await makeProject(dir(), chapters));
  return exportProject({
    dir: dir(),
    project,
    request: {
      scope: { kind: 'project' },
      format: 'wav',
      sampleRate: 44100,
      presetId: null,
      captions: [],
      ...overrides,
    },
  });
}

/** First and last-plus-one samples at or above -50 dBFS (the silence threshold the pauses were planned with). */
function voicedSpan(pcm: Float32Array, from = 0, to = pcm.length): { start: number; end: number } {
  const threshold = 10 ** (-50 / 20);
  let start = from;
  while (start < to && Math.abs(pcm[start]!) < threshold) start++;
  let end = to;
  while (end > start && Math.abs(pcm[end - 1]!) < threshold) end--;
  return { start, end };
}

/** The SRT's cues: times in ms and the text. */
function parseSrt(srt: string): Array<{ startMs: number; endMs: number; text: string }> {
  const ms = (t: string) => {
    const [h, m, s] = t.replace(',', '.').split(':').map(Number);
    return Math.round((h! * 3600 + m! * 60 + s!) * 1000);
  };
  return srt
    .trim()
    .split(/\r\n\r\n/)
    .map((block) => {
      const [, times, ...lines] = block.split('\r\n');
      const [start, end] = times!.split(' --> ');
      return { startMs: ms(start!), endMs: ms(end!), text: lines.join(' ') };
    });
}

/** The longest run of exact zeros (a spliced pause) in pcm, as [start, end). */
function longestSilence(pcm: Float32Array): { start: number; end: number } {
  let best = { start: 0, end: 0 };
  for (let i = 0; i < pcm.length;) {
    if (pcm[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < pcm.length && pcm[j] === 0) j++;
    if (j - i > best.end - best.start) best = { start: i, end: j };
    i = j;
  }
  return best;
}

describe('project export with real speech', () => {
  it('captions sit on the speech of the exported file, block two shifted by exactly the block pause', async () => {
    await exportAs({ captions: ['srt'] });
    const wav = parseWav(await readFile(exported('Book.wav')));
    const cues = parseSrt(await readFile(exported('Book.srt'), 'utf8'));
    const ms = (sample: number) => (sample * 1000) / FIXTURE_RATE;
    const speech = voicedSpan(wav.pcm);
    // The head room: the first cue starts where the first word is heard, the last ends with the last.
    expect(ms(speech.start)).toBeCloseTo(500, 0);
    expect(Math.abs(cues[0]!.startMs - ms(speech.start))).toBeLessThanOrEqual(1);
    expect(Math.abs(cues.at(-1)!.endMs - ms(speech.end))).toBeLessThanOrEqual(1);
    // Every cue starts on sound: the 20 ms it opens with are not silence.
    for (const cue of cues) {
      const from = Math.round((cue.startMs * FIXTURE_RATE) / 1000);
      const span = voicedSpan(wav.pcm, from, from + FIXTURE_RATE / 50);
      expect(span.end, `"${cue.text}" starts on speech`).toBeGreaterThan(span.start);
    }
    // Block two begins after block one's last word by the project's 600 ms between blocks.
    const second = cues.findIndex((c) => c.text.startsWith('The hallway'));
    expect(second).toBeGreaterThan(0);
    expect(cues[second]!.startMs - cues[second - 1]!.endMs).toBeGreaterThanOrEqual(599);
    expect(cues[second]!.startMs - cues[second - 1]!.endMs).toBeLessThanOrEqual(601);
    // Flite's word timings name the words without their punctuation; captions show the block's own.
    expect(cues.map((c) => c.text).join(' ')).toBe(SCRIPT.flatMap((c) => c.blocks.flat()).join(' '));
  });

  it('puts the MP3 chapter marker where chapter two is first heard, after the 2 s chapter pause', async () => {
    await exportAs({ format: 'wav' });
    const wav = parseWav(await readFile(exported('Book.wav')));
    const pause = longestSilence(wav.pcm);
    expect(pause.end - pause.start).toBe(2 * FIXTURE_RATE);
    expect(wav.cues.map((c) => c.sample)).toEqual([0, pause.end]);

    const result = await exportAs({ format: 'mp3', presetId: 'podcast' });
    const chapters = readId3Chapters(await readFile(exported('Book.mp3')));
    expect(chapters.map((c) => c.title)).toEqual(['Morning', 'Evening']);
    expect(chapters[0]!.startMs).toBe(0);
    expect(Math.abs(chapters[1]!.startMs - (pause.end * 1000) / FIXTURE_RATE)).toBeLessThanOrEqual(1);
    expect(chapters[0]!.endMs).toBe(chapters[1]!.startMs);
    expect(result.chapterMarkers).toBe(2);
  });

  it('podcast MP3 of real speech lands at -16 LUFS and its saved report passes', async () => {
    const result = await exportAs({ format: 'mp3', presetId: 'podcast', captions: ['vtt'] });
    const report = result.reports[0]!;
    expect(Math.abs(report.measured.integratedLufs + 16)).toBeLessThanOrEqual(0.5);
    expect(report.passed).toBe(true);
    const text = await readFile(exported('Book.mp3.report.txt'), 'utf8');
    expect(text).toContain('Overall: PASS');
    const vtt = await readFile(exported('Book.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.500 --> ')).toBe(true);
  });

  it('ACX WAV of real speech passes every check, measured on the file read back', async () => {
    const result = await exportAs({ format: 'wav', presetId: 'acx' });
    const report = result.reports[0]!;
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    const wav = parseWav(await readFile(exported('Book.wav')));
    let rms = 0;
    for (const x of wav.pcm) rms += x * x;
    const rmsDb = 10 * Math.log10(rms / wav.pcm.length);
    expect(rmsDb).toBeGreaterThanOrEqual(-23);
    expect(rmsDb).toBeLessThanOrEqual(-18);
    expect(report.measured.rmsDbfs).toBeCloseTo(rmsDb, 2);
  });
});
