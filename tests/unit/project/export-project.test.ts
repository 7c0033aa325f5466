import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readId3Chapters } from '../../../electron/engine/audio/id3-chapters';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { parseWav } from '../../../electron/engine/audio/wav';
import { exportProject } from '../../../electron/engine/project/export-project';
import type { ProjectExportRequest } from '../../../shared/project-session';
import type { Project } from '../../../shared/project';
import { speechLike } from '../audio/signals';
import { FIXTURE_RATE, makeProject, rejection, steadyVoice } from './export-fixture';
import { useTempDir } from './sample';

const dir = useTempDir();
const exportsDir = () => join(dir(), 'exports');
const listExports = async () => (await readdir(exportsDir()).catch(() => [] as string[])).sort();

function request(overrides: Partial<ProjectExportRequest> = {}): ProjectExportRequest {
  return {
    scope: { kind: 'project' },
    format: 'wav',
    sampleRate: FIXTURE_RATE,
    presetId: null,
    captions: [],
    ...overrides,
  };
}

const exportOf = (project: Project, overrides: Partial<ProjectExportRequest> = {}) =>
  exportProject({ dir: dir(), project, request: request(overrides), now: () => new Date('2026-11-24T09:00:00Z') });

/*
 * Two chapters of steady tones whose edges are loud, so the planner trims nothing and every
 * position follows from the default pauses: head 500 ms, 600 ms between blocks, 2 s between
 * chapters, tail 1 s. At 44.1 kHz: b1 at 22050 (44100 long), b2 at 92610 (22050 long), chapter
 * two (b3) at 114660 + 88200 = 202860, i.e. 4600 ms; the whole is 202860 + 35280 + 44100 samples.
 */
const twoChapters = () =>
  makeProject(dir(), [
    {
      title: 'One',
      blocks: [
        { text: 'First block.', pcm: steadyVoice(1) },
        { text: 'Second block.', pcm: steadyVoice(0.5) },
      ],
    },
    { title: 'Two', blocks: [{ text: 'Third block.', pcm: steadyVoice(0.8) }] },
  ]);
const CHAPTER_TWO_SAMPLE = 202860;
const TOTAL_SAMPLES = 202860 + 35280 + 44100;

describe('exportProject: files and chapter markers', () => {
  it('writes the whole project as one WAV with a cue point at the start of each chapter', async () => {
    const project = await twoChapters();
    const result = await exportOf(project);
    expect(await listExports()).toEqual(['Book.wav', 'Book.wav.report.txt']);
    const wav = parseWav(await readFile(join(exportsDir(), 'Book.wav')));
    expect(wav.pcm.length).toBe(TOTAL_SAMPLES);
    expect(wav.cues).toEqual([
      { sample: 0, label: 'One' },
      { sample: CHAPTER_TWO_SAMPLE, label: 'Two' },
    ]);
    // Head room is silence and chapter two's audio starts exactly at its cue.
    expect(wav.pcm.subarray(0, 22050).every((s) => s === 0)).toBe(true);
    expect(Math.abs(wav.pcm[22050]!)).toBeGreaterThan(0.2);
    expect(wav.pcm.subarray(114660, CHAPTER_TWO_SAMPLE).every((s) => s === 0)).toBe(true);
    expect(Math.abs(wav.pcm[CHAPTER_TWO_SAMPLE]!)).toBeGreaterThan(0.2);
    expect(result.chapterMarkers).toBe(2);
    expect(result.files.map((f) => [f.fileName, f.kind, f.format])).toEqual([
      ['Book.wav', 'audio', 'wav'],
      ['Book.wav.report.txt', 'report', 'txt'],
    ]);
    expect(result.files[0]!.path).toBe(join(exportsDir(), 'Book.wav'));
    expect(result.files.every((f) => f.downloadUrl === null)).toBe(true);
  });

  it('writes ID3 chapter frames (CHAP with titles) at the chapter starts of an MP3', async () => {
    const project = await twoChapters();
    const result = await exportOf(project, { format: 'mp3' });
    const bytes = await readFile(join(exportsDir(), 'Book.mp3'));
    const probe = probeAudio(bytes);
    expect(probe.durationSeconds).toBeCloseTo(TOTAL_SAMPLES / FIXTURE_RATE, 2);
    expect(readId3Chapters(bytes)).toEqual([
      { startMs: 0, endMs: 4600, title: 'One' },
      { startMs: 4600, endMs: Math.round((TOTAL_SAMPLES * 1000) / FIXTURE_RATE), title: 'Two' },
    ]);
    expect(result.chapterMarkers).toBe(2);
  });

  it('writes no markers in Ogg Vorbis, and says so', async () => {
    const project = await twoChapters();
    const result = await exportOf(project, { format: 'ogg' });
    expect(result.chapterMarkers).toBe(0);
    const probe = probeAudio(await readFile(join(exportsDir(), 'Book.ogg')));
    expect(probe.durationSeconds).toBeCloseTo(TOTAL_SAMPLES / FIXTURE_RATE, 2);
  });

  it('writes one file per chapter, numbered and titled, each with its own head and tail room', async () => {
    const project = await twoChapters();
    const result = await exportOf(project, { scope: { kind: 'chapters', chapterIds: null } });
    expect(await listExports()).toEqual([
      'Book - 01 One.wav',
      'Book - 01 One.wav.report.txt',
      'Book - 02 Two.wav',
      'Book - 02 Two.wav.report.txt',
    ]);
    const two = parseWav(await readFile(join(exportsDir(), 'Book - 02 Two.wav')));
    expect(two.pcm.length).toBe(22050 + 35280 + 44100);
    expect(two.cues).toEqual([]);
    expect(result.chapterMarkers).toBe(0);
    expect(result.reports.map((r) => r.fileName)).toEqual(['Book - 01 One.wav', 'Book - 02 Two.wav']);
  });

  it('exports only the chapters asked for', async () => {
    const project = await twoChapters();
    await exportOf(project, { scope: { kind: 'chapters', chapterIds: ['c2'] } });
    expect(await listExports()).toEqual(['Book - 02 Two.wav', 'Book - 02 Two.wav.report.txt']);
  });

  it('exports selected blocks: no marker within one chapter, one per chapter across several', async () => {
    const project = await twoChapters();
    const one = await exportOf(project, { scope: { kind: 'blocks', blockIds: ['b2', 'b1'] } });
    const within = parseWav(await readFile(join(exportsDir(), 'Book (selection).wav')));
    expect(within.pcm.length).toBe(22050 + 44100 + 26460 + 22050 + 44100);
    expect(within.cues).toEqual([]);
    expect(one.chapterMarkers).toBe(0);

    const across = await exportOf(project, { scope: { kind: 'blocks', blockIds: ['b3', 'b1'] } });
    expect(across.files[0]!.fileName).toBe('Book (selection) (2).wav');
    const wav = parseWav(await readFile(join(exportsDir(), 'Book (selection) (2).wav')));
    expect(wav.cues.map((c) => c.sample)).toEqual([0, 22050 + 44100 + 88200]);
    expect(across.chapterMarkers).toBe(2);
  });

  it('never replaces an earlier export: the next one gets " (2)", " (3)"', async () => {
    const project = await twoChapters();
    await exportOf(project);
    await exportOf(project);
    const third = await exportOf(project, { captions: ['srt'] });
    expect(third.files.map((f) => f.fileName)).toEqual(['Book (3).wav', 'Book (3).wav.report.txt', 'Book (3).srt']);
    expect(await listExports()).toEqual([
      'Book (2).wav',
      'Book (2).wav.report.txt',
      'Book (3).srt',
      'Book (3).wav',
      'Book (3).wav.report.txt',
      'Book.wav',
      'Book.wav.report.txt',
    ]);
  });

  it('makes names safe for any file system', async () => {
    const project = await makeProject(
      dir(),
      [{ title: 'Act 1: "Begin"?', blocks: [{ text: 'Hi.', pcm: steadyVoice(0.3) }] }],
      {
        name: 'My/Book',
      },
    );
    await exportOf(project, { scope: { kind: 'chapters', chapterIds: null } });
    expect(await listExports()).toEqual(['My Book - 01 Act 1 Begin.wav', 'My Book - 01 Act 1 Begin.wav.report.txt']);
  });

  it('offers every written file for download through `share` (the web shell)', async () => {
    const project = await twoChapters();
    const shared: string[] = [];
    const result = await exportProject({
      dir: dir(),
      project,
      request: request({ captions: ['vtt'] }),
      share: async (path, fileName) => {
        shared.push(path);
        return `/download/${encodeURIComponent(fileName)}`;
      },
    });
    expect(shared).toEqual(result.files.map((f) => f.path));
    expect(result.files.map((f) => f.downloadUrl)).toEqual([
      '/download/Book.wav',
      '/download/Book.wav.report.txt',
      '/download/Book.vtt',
    ]);
  });
});

describe('exportProject: refusals and cancelling', () => {
  it('refuses, writing nothing, while a block in scope is not rendered, saying how many and where', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [{ text: 'Rendered.', pcm: steadyVoice(0.5) }] },
      {
        title: 'Two',
        blocks: [
          { text: 'Not yet.', pcm: null },
          { text: 'Nor this.', pcm: null },
        ],
      },
    ]);
    const error = await rejection(exportOf(project));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('2 blocks are not rendered, in chapter 2 "Two"');
    expect(error.hint).toContain('Render them first (Render stale)');
    expect(await listExports()).toEqual([]);
    // A scope without the unrendered blocks exports.
    await exportOf(project, { scope: { kind: 'chapters', chapterIds: ['c1'] } });
    expect(await listExports()).toEqual(['Book - 01 One.wav', 'Book - 01 One.wav.report.txt']);
  });

  it('counts a take whose audio file is gone as not rendered', async () => {
    const project = await twoChapters();
    await rm(join(dir(), 'audio', 't3.wav'));
    const error = await rejection(exportOf(project, { scope: { kind: 'chapters', chapterIds: null } }));
    expect(error.message).toContain('1 block is not rendered, in chapter 2 "Two"');
    expect(await listExports()).toEqual([]);
  });

  it('leaves out blocks with nothing to say, and refuses a scope with nothing to export', async () => {
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          { text: 'Spoken.', pcm: steadyVoice(0.5) },
          { text: "<break time='1s'/>", pcm: null },
        ],
      },
      { title: 'Empty', blocks: [{ text: '   ', pcm: null }] },
    ]);
    const result = await exportOf(project, { scope: { kind: 'chapters', chapterIds: null } });
    expect(result.files.map((f) => f.fileName)).toEqual(['Book - 01 One.wav', 'Book - 01 One.wav.report.txt']);
    const error = await rejection(exportOf(project, { scope: { kind: 'chapters', chapterIds: ['c2'] } }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('There is nothing to export: the chosen chapters have no blocks with text.');
    const none = await makeProject(join(dir(), 'empty'), []);
    const empty = await rejection(exportProject({ dir: join(dir(), 'empty'), project: none, request: request() }));
    expect(empty.message).toBe('There is nothing to export: the project has no blocks with text.');
  });

  it('refuses chapters and blocks the project does not have', async () => {
    const project = await twoChapters();
    const chapter = await rejection(exportOf(project, { scope: { kind: 'chapters', chapterIds: ['c1', 'gone'] } }));
    expect(chapter.code).toBe('NOT_FOUND');
    expect(chapter.message).toContain('1 of the chapters to export is not in this project (gone)');
    const block = await rejection(exportOf(project, { scope: { kind: 'blocks', blockIds: ['nope'] } }));
    expect(block.code).toBe('NOT_FOUND');
    expect(await listExports()).toEqual([]);
  });

  it('cancels while encoding, leaving no file behind', async () => {
    const project = await twoChapters();
    const controller = new AbortController();
    const error = await rejection(
      exportProject({
        dir: dir(),
        project,
        request: request({ format: 'mp3', presetId: 'podcast' }),
        signal: controller.signal,
        onProgress: (_, stage) => {
          if (stage.startsWith('Encoding')) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await listExports()).toEqual([]);
  });

  it('cancelled in its second file, a per-chapter export removes the first file it wrote too', async () => {
    const project = await twoChapters();
    const controller = new AbortController();
    const stages: string[] = [];
    const error = await rejection(
      exportProject({
        dir: dir(),
        project,
        request: request({ scope: { kind: 'chapters', chapterIds: null }, captions: ['srt'] }),
        signal: controller.signal,
        onProgress: (_, stage) => {
          stages.push(stage);
          if (stage === 'Loading takes (file 2 of 2)') controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(stages).toContain('Writing (file 1 of 2)');
    expect(await listExports()).toEqual([]);
  });

  it('reports progress through its stages, ending at 1', async () => {
    const project = await twoChapters();
    const progress: Array<[number, string]> = [];
    await exportProject({
      dir: dir(),
      project,
      request: request({ presetId: 'podcast' }),
      onProgress: (fraction, stage) => progress.push([fraction, stage]),
    });
    const stages = [...new Set(progress.map(([, stage]) => stage))];
    expect(stages).toEqual(['Loading takes', 'Assembling', 'Normalising', 'Encoding', 'Writing', 'Measuring', 'Done']);
    const fractions = progress.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });
});

describe('exportProject: loudness presets and the delivery report', () => {
  /** Two chapters of speech-like sound at an ordinary rendered level. */
  const speechProject = (tailRoomMs?: number) =>
    makeProject(
      dir(),
      [
        {
          title: 'One',
          blocks: [
            { text: 'One.', pcm: speechLike(FIXTURE_RATE, 6, 1) },
            { text: 'Two.', pcm: speechLike(FIXTURE_RATE, 5, 2) },
          ],
        },
        { title: 'Two', blocks: [{ text: 'Three.', pcm: speechLike(FIXTURE_RATE, 7, 3) }] },
      ],
      { pauses: tailRoomMs === undefined ? {} : { tailRoomMs } },
    );

  it('podcast: lands at -16 LUFS under -1 dBTP, and the report passes and is saved beside the file', async () => {
    const project = await speechProject();
    const result = await exportOf(project, { format: 'mp3', presetId: 'podcast' });
    const [report] = result.reports;
    expect(report!.presetId).toBe('podcast');
    expect(report!.measured.integratedLufs).toBeGreaterThan(-16.5);
    expect(report!.measured.integratedLufs).toBeLessThan(-15.5);
    expect(report!.measured.truePeakDbtp).toBeLessThanOrEqual(-1);
    expect(report!.checks.map((c) => [c.label, c.passed])).toEqual([
      ['Integrated loudness', true],
      ['True peak', true],
      ['Clipping in the takes', true],
    ]);
    expect(report!.passed).toBe(true);
    expect(report!.reportFileName).toBe('Book.mp3.report.txt');
    const text = await readFile(join(exportsDir(), 'Book.mp3.report.txt'), 'utf8');
    expect(text).toContain('Preset:    Podcast (-16 LUFS)');
    expect(text).toMatch(/Integrated loudness +-1[56]\.\d LUFS +between -17 and -15 +PASS/);
    expect(text).toContain('samples handed to the MP3 encoder');
    expect(text).toContain('Overall: PASS');
  });

  it('broadcast WAV: measured on the file read back, at -23 LUFS', async () => {
    const project = await speechProject();
    const result = await exportOf(project, { presetId: 'broadcast' });
    const report = result.reports[0]!;
    expect(report.measured.integratedLufs).toBeCloseTo(-23, 0);
    expect(report.passed).toBe(true);
    const text = await readFile(join(exportsDir(), 'Book.wav.report.txt'), 'utf8');
    expect(text).toContain('the file as written, read back from disk');
  });

  it('ACX: RMS inside -23..-18 dB, peaks under -3 dB, room tone at both ends: the report passes', async () => {
    const project = await speechProject();
    const result = await exportOf(project, { format: 'mp3', presetId: 'acx' });
    const report = result.reports[0]!;
    const checks = Object.fromEntries(report.checks.map((c) => [c.label, c]));
    expect(Object.keys(checks)).toEqual([
      'RMS level',
      'Peak',
      'Noise floor',
      'Room tone at the head',
      'Room tone at the tail',
      'Clipping in the takes',
    ]);
    expect(checks['RMS level']!.value).toBeGreaterThanOrEqual(-23);
    expect(checks['RMS level']!.value).toBeLessThanOrEqual(-18);
    expect(checks['Peak']!.value).toBeLessThanOrEqual(-3);
    expect(checks['Room tone at the head']!.value).toBeCloseTo(0.5, 2);
    expect(checks['Room tone at the tail']!.value).toBeGreaterThanOrEqual(1);
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBe(true);
    const text = await readFile(join(exportsDir(), 'Book.mp3.report.txt'), 'utf8');
    expect(text).toContain('Overall: PASS');
  });

  it('ACX: a tail of room tone shorter than 1 s fails the report on that check alone', async () => {
    const project = await speechProject(300);
    const result = await exportOf(project, { format: 'wav', presetId: 'acx' });
    const report = result.reports[0]!;
    expect(report.passed).toBe(false);
    expect(report.checks.filter((c) => !c.passed).map((c) => [c.label, c.value])).toEqual([
      ['Room tone at the tail', 0.3],
    ]);
    const text = await readFile(join(exportsDir(), 'Book.wav.report.txt'), 'utf8');
    expect(text).toMatch(/Room tone at the tail +0\.30 s +between 1 and 5 +FAIL/);
    expect(text).toContain('Overall: FAIL: 1 check(s) not met.');
  });

  it('ACX: a clipped take fails the report on clipping, though the limiter keeps the peaks in spec', async () => {
    const clipped = speechLike(FIXTURE_RATE, 4, 7).map((s) => Math.max(-1, Math.min(1, s * 8)));
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          { text: 'Fine.', pcm: speechLike(FIXTURE_RATE, 6, 1) },
          { text: 'Too loud.', pcm: clipped },
        ],
      },
    ]);
    const result = await exportOf(project, { format: 'mp3', presetId: 'acx' });
    const report = result.reports[0]!;
    expect(report.passed).toBe(false);
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.label)).toEqual(['Clipping in the takes']);
    expect(failed[0]!.value).toBeGreaterThan(0);
    expect(report.measured.samplePeakDbfs).toBeLessThanOrEqual(-3);
  });

  it('no preset: the level is left as rendered, measured, and nothing is judged', async () => {
    const project = await twoChapters();
    const result = await exportOf(project);
    const report = result.reports[0]!;
    expect(report.presetId).toBeNull();
    expect(report.passed).toBe(true);
    expect(report.checks.every((c) => c.passed && c.limit === 'no preset')).toBe(true);
    // The tones' level is untouched: a 0.25 peak.
    expect(report.measured.samplePeakDbfs).toBeCloseTo(20 * Math.log10(0.25), 1);
    const text = await readFile(join(exportsDir(), 'Book.wav.report.txt'), 'utf8');
    expect(text).toContain('Overall: No preset: measured only, nothing judged.');
  });
});

describe('exportProject: captions', () => {
  it('writes SRT and WebVTT beside the audio, cues where the blocks are heard after the spliced pauses', async () => {
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          { text: 'The first block speaks.', pcm: steadyVoice(1), pauseAfterMs: 1234 },
          { text: 'The second one follows.', pcm: steadyVoice(1) },
        ],
      },
    ]);
    const result = await exportOf(project, { captions: ['srt', 'vtt'] });
    expect(result.files.map((f) => [f.fileName, f.kind])).toEqual([
      ['Book.wav', 'audio'],
      ['Book.wav.report.txt', 'report'],
      ['Book.srt', 'captions'],
      ['Book.vtt', 'captions'],
    ]);
    const srt = await readFile(join(exportsDir(), 'Book.srt'), 'utf8');
    // Head room 500 ms, the block's second, then exactly the block's own 1234 ms pause (54419
    // samples): block two is heard from sample 120569 to 164669, 2734.0 to 3733.99 ms.
    expect(srt).toBe(
      '1\r\n00:00:00,500 --> 00:00:01,500\r\nThe first block speaks.\r\n\r\n' +
        '2\r\n00:00:02,734 --> 00:00:03,733\r\nThe second one follows.\r\n\r\n',
    );
    const vtt = await readFile(join(exportsDir(), 'Book.vtt'), 'utf8');
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.500\nThe first block speaks.\n\n' +
        '2\n00:00:02.734 --> 00:00:03.733\nThe second one follows.\n',
    );
  });

  it('captions the words the block says, not the lexicon’s respelling that was sent', async () => {
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          {
            text: 'Nguyen waved. Then he left.',
            pcm: steadyVoice(2),
            // What the engine was sent after the lexicon turned "Nguyen" into "Win".
            sentences: [
              { text: 'Win waved. ', startSample: 0, endSample: 44100 },
              { text: 'Then he left.', startSample: 44100, endSample: 88200 },
            ],
          },
        ],
      },
    ]);
    await exportOf(project, { captions: ['srt'] });
    const srt = await readFile(join(exportsDir(), 'Book.srt'), 'utf8');
    expect(srt).toContain('Nguyen waved.');
    expect(srt).not.toContain('Win');
  });

  it('captions timed words as the block writes them: its spelling and punctuation', async () => {
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          {
            text: 'Nguyen waved, smiling.',
            pcm: steadyVoice(1),
            words: [
              { word: 'Win', startMs: 0, endMs: 300 },
              { word: 'waved', startMs: 300, endMs: 600 },
              { word: 'smiling', startMs: 650, endMs: 1000 },
            ],
          },
        ],
      },
    ]);
    await exportOf(project, { captions: ['srt'] });
    const srt = await readFile(join(exportsDir(), 'Book.srt'), 'utf8');
    expect(srt).toContain('Nguyen waved, smiling.');
  });

  it("uses a take's word timings when its timing file has them", async () => {
    const pcm = steadyVoice(1);
    const project = await makeProject(dir(), [
      {
        title: 'One',
        blocks: [
          {
            text: 'Hello world.',
            pcm,
            words: [
              { word: 'Hello', startMs: 0, endMs: 400 },
              { word: 'world.', startMs: 600, endMs: 1000 },
            ],
          },
        ],
      },
    ]);
    await exportOf(project, { captions: ['srt'] });
    const srt = await readFile(join(exportsDir(), 'Book.srt'), 'utf8');
    expect(srt).toBe('1\r\n00:00:00,500 --> 00:00:01,500\r\nHello world.\r\n\r\n');
  });
});
