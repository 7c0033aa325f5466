import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { newProject } from '../../../electron/engine/project/project-store';
import type { Block, Project, Take } from '../../../shared/project';

/** A fresh folder for each test of the calling file, removed after it; call the result for its path. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'project-test-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  return () => dir;
}

/** Ids that read well in failures: p1, p2, … */
export function counterIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export function sampleTake(id: string, file = `${id}.wav`): Take {
  return {
    id,
    file,
    createdAt: '2026-11-24T08:00:00.000Z',
    cacheKey: `sha256-${id}`,
    provenance: {
      text: 'Hello there.',
      voice: { voiceId: 'offline:slt', modelId: 'async_flash_v1.0', language: 'en' },
      engine: 'offline',
      transport: 'ws',
      sampleRate: 16000,
      durationSeconds: 1.25,
      timings: { timeToFirstAudioMs: 120, totalMs: 480 },
    },
  };
}

export function sampleBlock(project: Project, id: string, text: string, takes: Take[] = []): Block {
  return {
    id,
    text,
    speakerId: project.defaults.speakerId,
    locked: false,
    pauseAfterMs: null,
    takes,
    selectedTakeId: takes.at(-1)?.id ?? null,
  };
}

/** Two chapters, three blocks, two takes (files t1.wav and t2.wav). */
export function sampleProject(): Project {
  const project = newProject('Sample book', { newId: counterIds('p'), now: new Date('2026-11-24T08:00:00Z') });
  return {
    ...project,
    chapters: [
      {
        id: 'c1',
        title: 'One',
        blocks: [
          sampleBlock(project, 'b1', 'It was a bright cold day.', [sampleTake('t1')]),
          sampleBlock(project, 'b2', 'The clocks were striking thirteen.'),
        ],
      },
      { id: 'c2', title: 'Two', blocks: [sampleBlock(project, 'b3', 'Outside, the wind blew.', [sampleTake('t2')])] },
    ],
  };
}
