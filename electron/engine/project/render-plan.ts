import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { CHARS_PER_SECOND, estimateCost, findModel } from '../../../shared/models';
import type { RenderEstimate, RenderScope } from '../../../shared/project-session';
import type { Block, Project } from '../../../shared/project';
import { characterCount } from '../../../shared/synthesis';
import { isStale } from '../render-cache/render-cache-key';
import { blocksById, blocksOf, hasText, voiceOf } from './block-keys';
import { AUDIO_DIR } from './project-store';
import type { ProjectSession } from './project-session';
import type { RenderJob } from './render-block';

/** What a render of a scope would do: the jobs for the queue, and what the estimate shows. */
export interface RenderPlan {
  jobs: RenderJob[];
  estimate: RenderEstimate;
  /** Locked blocks the request named explicitly (a `blocks` scope), which a render refuses. */
  lockedNamed: Block[];
}

function scopeBlocks(project: Project, scope: RenderScope): Block[] {
  switch (scope.kind) {
    case 'stale':
      return [...blocksOf(project)];
    case 'chapter': {
      const chapter = project.chapters.find((c) => c.id === scope.chapterId);
      if (!chapter) {
        throw new StudioError({
          code: 'NOT_FOUND',
          message: `There is no chapter "${scope.chapterId}" in this project.`,
          hint: 'Reload the project and try again.',
        });
      }
      return chapter.blocks;
    }
    case 'blocks': {
      const byId = blocksById(project);
      return scope.blockIds.map((id) => {
        const block = byId.get(id);
        if (block) return block;
        throw new StudioError({
          code: 'NOT_FOUND',
          message: `There is no block "${id}" in this project.`,
          hint: 'Reload the project and try again.',
        });
      });
    }
  }
}

/** A block as a person finds it in the project: "chapter 2, block 3". */
export function blockPlace(project: Project, blockId: string): string {
  for (const [c, chapter] of project.chapters.entries()) {
    const b = chapter.blocks.findIndex((block) => block.id === blockId);
    if (b >= 0) return `chapter ${c + 1}, block ${b + 1}`;
  }
  return `block ${blockId}`;
}

/** Take files in the project's audio folder: a job whose `<key>.wav` is there costs no request. */
async function audioFiles(dir: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(join(dir, AUDIO_DIR)));
  } catch {
    return new Set();
  }
}

/**
 * The blocks of a scope that need rendering: stale ones (every one with text, for a regenerate of a
 * chapter or of named blocks). Locked blocks are left out and counted. Blocks whose audio the
 * content-addressed cache already holds are counted as costing nothing, unless regenerating.
 */
export async function planRender(
  session: ProjectSession,
  scope: RenderScope,
  regenerate: boolean,
): Promise<RenderPlan> {
  const project = session.current;
  const onDisk = await audioFiles(session.dir);
  const jobs: RenderJob[] = [];
  const lockedNamed: Block[] = [];
  let locked = 0;
  let cached = 0;
  let characters = 0;
  let priceUsd: number | null = 0;
  let billed = false;
  for (const block of scopeBlocks(project, scope)) {
    if (!hasText(block)) continue;
    const cacheKey = session.key(block);
    if (!isStale(block, cacheKey) && !(regenerate && scope.kind !== 'stale')) continue;
    if (block.locked) {
      locked++;
      if (scope.kind === 'blocks') lockedNamed.push(block);
      continue;
    }
    const voice = voiceOf(project, block.speakerId);
    const text = session.sentText(block);
    jobs.push({ blockId: block.id, cacheKey, text, voice, regenerate });
    if (!regenerate && onDisk.has(`${cacheKey}.wav`)) {
      cached++;
      continue;
    }
    characters += characterCount(text);
    if (voice.engine === 'offline') continue;
    billed = true;
    priceUsd = findModel(voice.modelId) && priceUsd !== null ? priceUsd + estimateCost(text, voice.modelId).usd : null;
  }
  return {
    jobs,
    lockedNamed,
    estimate: {
      blocks: jobs.length,
      cachedBlocks: cached,
      lockedBlocks: locked,
      characters,
      priceUsd: billed ? priceUsd : null,
      audioSecondsEstimate: characters / CHARS_PER_SECOND,
    },
  };
}
