/**
 * Project benchmarks: exporting a one-hour project (time and peak memory, beside encoding the same
 * hour already assembled in memory) and opening a 2,000-block project (beside reading and parsing
 * its JSON). Each function returns its figures; the bench runner prints them.
 */
import { percentile, secondsSince } from './measure';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeAudioFile } from '../../electron/engine/audio/encode-file';
import { assembleTimeline } from '../../electron/engine/audio/pauses';
import { exportProject } from '../../electron/engine/project/export-project';
import {
  AUDIO_DIR,
  PROJECT_FILE,
  newProject,
  openProject,
  saveProject,
} from '../../electron/engine/project/project-store';
import { chapterParts, loadScope } from '../../electron/engine/project/project-timeline';
import type { Block, Project } from '../../shared/project';
import type { ProjectExportRequest } from '../../shared/project-session';
import { makeProject, type FixtureChapter } from '../unit/project/export-fixture';
import { SPEECH_RATE, spokenSentences } from './audio-bench';

const EXPORT_CHAPTERS = 8;
const EXPORT_BLOCKS_PER_CHAPTER = 60;
const OPEN_CHAPTERS = 20;
const OPEN_BLOCKS_PER_CHAPTER = 100;
const OPEN_RUNS = 7;
const MB = 1024 * 1024;

/** A full collection before a measurement, so that one phase's garbage is not counted in the next. */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Samples the process's memory every 20 ms (the export yields to the event loop between chunks). */
function memorySampler() {
  const peak = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssMb: peak.rss / MB, heapMb: peak.heapUsed / MB, arrayBuffersMb: peak.arrayBuffers / MB };
    },
  };
}

/**
 * An hour of narration: 8 chapters × 60 blocks, each block one sentence of the benchmark's Flite
 * speech (the same few sentences reused), written as a render writes takes. Exported to MP3 with
 * the podcast preset, SRT and WebVTT; then the same hour, assembled in one array, encoded with
 * the same settings by encodeAudioFile as the reference (its time is the encoding alone; its
 * memory covers reading the takes and assembling them too).
 */
export async function benchProjectExport() {
  const sentences = await spokenSentences();
  const dir = await mkdtemp(join(tmpdir(), 'project-bench-'));
  try {
    const chapters: FixtureChapter[] = Array.from({ length: EXPORT_CHAPTERS }, (_, c) => ({
      title: `Chapter ${c + 1}`,
      blocks: Array.from({ length: EXPORT_BLOCKS_PER_CHAPTER }, (_, b) => {
        const sentence = sentences[(c * EXPORT_BLOCKS_PER_CHAPTER + b) % sentences.length]!;
        return { text: sentence.text, pcm: sentence.pcm, sampleRate: SPEECH_RATE };
      }),
    }));
    const project = await makeProject(dir, chapters);
    const request: ProjectExportRequest = {
      scope: { kind: 'project' },
      format: 'mp3',
      sampleRate: SPEECH_RATE,
      presetId: 'podcast',
      captions: ['srt', 'vtt'],
    };
    // Compile the encoder once, as a running app would have.
    await encodeAudioFile(sentences[0]!.pcm, SPEECH_RATE, { format: 'mp3' });

    collect();
    const before = process.memoryUsage();
    const sampler = memorySampler();
    let start = performance.now();
    const result = await exportProject({ dir, project, request });
    const exportSeconds = secondsSince(start);
    const peak = sampler.stop();
    const report = result.reports[0]!;

    collect();
    const referenceSampler = memorySampler();
    const { input } = await loadScope(dir, project, chapterParts(project));
    const pcm = assembleTimeline(input).pcm;
    start = performance.now();
    await encodeAudioFile(pcm, SPEECH_RATE, {
      format: 'mp3',
      sampleRate: SPEECH_RATE,
      normalize: { targetLufs: -16, truePeakCeilingDbtp: -1 },
    });
    const referenceSeconds = secondsSince(start);
    const referencePeak = referenceSampler.stop();
    return {
      chapters: EXPORT_CHAPTERS,
      blocks: EXPORT_CHAPTERS * EXPORT_BLOCKS_PER_CHAPTER,
      audioSeconds: report.durationSeconds,
      /** The hour as float PCM: what one copy of it costs. */
      pcmMb: (pcm.length * 4) / MB,
      exportSeconds,
      timesRealtime: report.durationSeconds / exportSeconds,
      referenceSeconds,
      ratio: exportSeconds / referenceSeconds,
      before: { rssMb: before.rss / MB, heapMb: before.heapUsed / MB, arrayBuffersMb: before.arrayBuffers / MB },
      peak,
      /** Reading the takes, assembling the hour in one array and encoding it: what streaming the timeline saves. */
      referencePeak,
      integratedLufs: report.measured.integratedLufs,
      passed: report.passed,
      files: result.files.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A block as an imported, rendered paragraph: a few hundred characters and two takes. */
function renderedBlock(project: Project, n: number): Block {
  const text =
    `Paragraph ${n}. It was a bright cold day in April, and the clocks were striking thirteen. ` +
    'The hallway smelt of boiled cabbage and old rag mats, and at one end of it a coloured poster had been tacked to the wall.';
  const takes = [1, 2].map((k) => ({
    id: `t${n}-${k}`,
    file: `t${n}-${k}.wav`,
    createdAt: '2026-11-24T08:00:00.000Z',
    cacheKey: `sha256-${n}-${k}-${'0'.repeat(56)}`,
    provenance: {
      text,
      voice: { voiceId: 'offline:slt', modelId: 'async_flash_v1.0', language: 'en', speed: 1, stability: 50 },
      engine: 'offline' as const,
      transport: 'ws' as const,
      sampleRate: 44100,
      durationSeconds: 11.5,
      timings: { timeToFirstAudioMs: 120, totalMs: 900 },
    },
  }));
  return {
    id: `b${n}`,
    text,
    speakerId: project.defaults.speakerId,
    locked: false,
    pauseAfterMs: null,
    takes,
    selectedTakeId: takes[1]!.id,
  };
}

/** Opens a project of 20 chapters × 100 blocks with two takes each; the reference reads and parses its JSON. */
export async function benchOpenProject() {
  const dir = await mkdtemp(join(tmpdir(), 'project-open-bench-'));
  try {
    const base = newProject('Two thousand blocks');
    let n = 0;
    const project: Project = {
      ...base,
      chapters: Array.from({ length: OPEN_CHAPTERS }, (_, c) => ({
        id: `c${c + 1}`,
        title: `Chapter ${c + 1}`,
        blocks: Array.from({ length: OPEN_BLOCKS_PER_CHAPTER }, () => renderedBlock(base, ++n)),
      })),
    };
    // openProject only checks that each take's audio is there; an empty file stands in for it.
    await saveProject(dir, project);
    await mkdir(join(dir, AUDIO_DIR), { recursive: true });
    for (const take of project.chapters.flatMap((c) => c.blocks.flatMap((b) => b.takes))) {
      await writeFile(join(dir, AUDIO_DIR, take.file), '');
    }
    const path = join(dir, PROJECT_FILE);
    const opens: number[] = [];
    const parses: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      let start = performance.now();
      const opened = await openProject(dir);
      opens.push(performance.now() - start);
      if (opened.messages.length) throw new Error(`The benchmark project opened with: ${opened.messages[0]}`);
      start = performance.now();
      JSON.parse(await readFile(path, 'utf8'));
      parses.push(performance.now() - start);
    }
    return {
      blocks: n,
      takes: n * 2,
      fileMb: (await readFile(path)).length / MB,
      runs: OPEN_RUNS,
      openMedianMs: percentile(opens, 0.5),
      parseMedianMs: percentile(parses, 0.5),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
