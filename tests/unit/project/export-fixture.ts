import { createProject, saveProject } from '../../../electron/engine/project/project-store';
import { writeProjectTake, type TakeTiming } from '../../../electron/engine/project/take-files';
import { StudioError } from '../../../shared/errors';
import type { Block, Project, ProjectDefaults } from '../../../shared/project';

/** A block of a test project: its text and, unless `pcm` is null, a rendered take with that audio. */
export interface FixtureBlock {
  text: string;
  pcm: Float32Array | null;
  sampleRate?: number;
  /** The take's timing file; one sentence spanning the take when omitted. */
  sentences?: TakeTiming['sentences'];
  words?: TakeTiming['words'];
  pauseAfterMs?: number | null;
}

export interface FixtureChapter {
  title: string;
  blocks: FixtureBlock[];
}

export const FIXTURE_RATE = 44100;

/**
 * Makes a project folder as renders leave it: project.json listing chapters, blocks and their
 * selected takes, each take's audio and timing file written by writeProjectTake. Ids are c1…,
 * b1…, t1…. No vitest import: the benchmark makes its hour-long project with it too.
 */
export async function makeProject(
  dir: string,
  chapters: FixtureChapter[],
  options: { name?: string; pauses?: Partial<ProjectDefaults['pauses']> } = {},
): Promise<Project> {
  let ids = 0;
  const base = await createProject(dir, options.name ?? 'Book', { newId: () => `p${++ids}` });
  let blockCount = 0;
  const built: Project['chapters'] = [];
  for (const [c, chapter] of chapters.entries()) {
    const blocks: Block[] = [];
    for (const fixture of chapter.blocks) {
      const n = ++blockCount;
      const block: Block = {
        id: `b${n}`,
        text: fixture.text,
        speakerId: base.defaults.speakerId,
        locked: false,
        pauseAfterMs: fixture.pauseAfterMs ?? null,
        takes: [],
        selectedTakeId: null,
      };
      if (fixture.pcm) {
        const rate = fixture.sampleRate ?? FIXTURE_RATE;
        const file = `t${n}.wav`;
        await writeProjectTake(
          dir,
          file,
          { pcm: fixture.pcm, sampleRate: rate },
          {
            sampleRate: rate,
            sentences: fixture.sentences ?? [{ text: fixture.text, startSample: 0, endSample: fixture.pcm.length }],
            words: fixture.words ?? null,
          },
        );
        block.takes = [
          {
            id: `t${n}`,
            file,
            createdAt: '2026-11-24T08:00:00.000Z',
            cacheKey: `key-${n}`,
            provenance: {
              text: fixture.text,
              voice: { voiceId: 'offline:slt', modelId: 'async_flash_v1.0' },
              engine: 'offline',
              transport: 'ws',
              sampleRate: rate,
              durationSeconds: fixture.pcm.length / rate,
              timings: { timeToFirstAudioMs: null, totalMs: 0 },
            },
          },
        ];
        block.selectedTakeId = `t${n}`;
      }
      blocks.push(block);
    }
    built.push({ id: `c${c + 1}`, title: chapter.title, blocks });
  }
  const project: Project = {
    ...base,
    defaults: { ...base.defaults, pauses: { ...base.defaults.pauses, ...options.pauses } },
    chapters: built,
  };
  await saveProject(dir, project);
  return project;
}

/**
 * A steady test "voice": a 220 Hz tone with harmonics at a speech-like level whose first and last
 * samples are well above the silence threshold, so the planner trims nothing and every position
 * can be worked out by hand.
 */
export function steadyVoice(seconds: number, amplitude = 0.25, rate = FIXTURE_RATE): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) {
    const t = (2 * Math.PI * 220 * i) / rate;
    out[i] = amplitude * (0.6 * Math.cos(t) + 0.3 * Math.cos(2 * t) + 0.1 * Math.cos(3 * t));
  }
  out[out.length - 1] = amplitude;
  return out;
}

/** The StudioError a promise rejects with; anything else (or no rejection) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('Expected a StudioError; the promise resolved.');
}
