import { randomUUID } from 'node:crypto';
import type { ProjectEdit } from '../../../shared/project-edits';
import { TakeSchema } from '../../../shared/project';
import type { Transport } from '../../../shared/synthesis';
import { isStale } from '../render-cache/render-cache-key';
import { blocksOf, hasText, voiceOf } from './block-keys';
import { readCachedTake } from './cached-take';
import type { ProjectSession } from './project-session';

/** The id a regenerate's file name carries, if the project would accept it (a renamed file may not). */
const isTakeId = (id: string) => TakeSchema.shape.id.safeParse(id).success;

/**
 * Finished renders the saved project does not list: the render queue writes the take's audio (and
 * its timing) and drops the job from its journal before the take reaches project.json, so a crash
 * in between, or a lost save, leaves the audio alone in the folder. Each block gets back, with no
 * request, the orphans made from its current inputs:
 * - `<key>.wav`, when the block is stale, as its selected take;
 * - regenerated takes `<key>-<takeId>.wav`, whatever the block's state, keeping their take id;
 *   selected only when the block has no usable take otherwise (a finished take is never lost, but
 *   the one the user listened to and kept stays chosen).
 * A regenerate belongs to one block: when several blocks share the inputs, the first one gets it.
 * Returns the edits it applied (through the session, like any other change).
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
    const job = {
      blockId: block.id,
      cacheKey,
      text: session.sentText(block),
      voice: voiceOf(project, block.speakerId),
      regenerate: false,
    };
    const recover = (file: string, id: string) =>
      readCachedTake(session.dir, file, job, { id, createdAt: new Date().toISOString(), transport });
    let usable = !isStale(block, cacheKey);
    const file = `${cacheKey}.wav`;
    const plain = !usable && orphans.has(file) ? await recover(file, newId()) : null;
    if (plain) {
      edits.push({ op: 'add-take', blockId: block.id, take: plain, select: true });
      usable = true;
    }
    const prefix = `${cacheKey}-`;
    for (const regenerated of orphans) {
      if (!regenerated.startsWith(prefix) || !regenerated.endsWith('.wav')) continue;
      const named = regenerated.slice(prefix.length, -'.wav'.length);
      const id = isTakeId(named) && !block.takes.some((t) => t.id === named) ? named : newId();
      const take = await recover(regenerated, id);
      if (!take) continue;
      orphans.delete(regenerated);
      edits.push({ op: 'add-take', blockId: block.id, take, select: !usable });
      usable = true;
    }
  }
  if (edits.length > 0) session.apply(edits);
  return edits;
}
