import { randomUUID } from 'node:crypto';
import type { ProjectEdit } from '../../../shared/project-edits';
import type { Transport } from '../../../shared/synthesis';
import { isStale } from '../render-cache/render-cache-key';
import { blocksOf, hasText, voiceOf } from './block-keys';
import { readCachedTake } from './cached-take';
import type { ProjectSession } from './project-session';

/**
 * Finished renders the saved project does not list: the render queue writes `audio/<key>.wav`
 * (and its timing) before the take reaches project.json, so a crash in between, or a lost save,
 * leaves the audio alone in the folder. A stale block whose current key names such a file gets it
 * back as its selected take, with no request: a finished take is never lost. Returns the edits
 * it applied (through the session, like any other change).
 */
export async function reattachOrphanTakes(
  session: ProjectSession,
  orphanAudio: readonly string[],
  transport: Transport,
  newId: () => string = randomUUID,
): Promise<ProjectEdit[]> {
  const orphans = new Set(orphanAudio);
  const project = session.current;
  const edits: ProjectEdit[] = [];
  for (const block of blocksOf(project)) {
    if (!hasText(block)) continue;
    const cacheKey = session.key(block);
    const file = `${cacheKey}.wav`;
    if (!isStale(block, cacheKey) || !orphans.has(file)) continue;
    const job = {
      blockId: block.id,
      cacheKey,
      text: session.sentText(block),
      voice: voiceOf(project, block.speakerId),
      regenerate: false,
    };
    const take = await readCachedTake(session.dir, file, job, {
      id: newId(),
      createdAt: new Date().toISOString(),
      transport,
    });
    if (take) edits.push({ op: 'add-take', blockId: block.id, take, select: true });
  }
  if (edits.length > 0) session.apply(edits);
  return edits;
}
