import type { LexiconEntry } from '../../../shared/lexicon';
import type { ProjectEdit } from '../../../shared/project-edits';
import type { BlockStatus } from '../../../shared/project-session';
import type { Block, Project, SpeakerVoice } from '../../../shared/project';
import { affectedBy, applyLexicon, compileLexicon, type CompiledLexicon } from '../lexicon/apply-lexicon';
import { blockCacheKey, isStale } from '../render-cache/render-cache-key';
import { PROJECT_RENDER_FORMAT } from './take-files';

/*
 * Render-cache keys of a project's blocks, kept between edits. A key costs the lexicon pass and a
 * SHA-256; an edit of one block must not pay that for the other 1,999, so a key is remembered with
 * the inputs it was made from (compared by identity: the edit reducer makes new objects only for
 * what changed) and made again only when one of them is new.
 */

interface Remembered {
  text: string;
  voice: SpeakerVoice;
  lexicon: readonly LexiconEntry[];
  key: string;
}

/** Whether a block has something to speak. */
export const hasText = (block: Pick<Block, 'text'>) => block.text.trim().length > 0;

export class BlockKeys {
  private lexicon: readonly LexiconEntry[] | null = null;
  private compiledLexicon: CompiledLexicon = compileLexicon([]);
  private readonly remembered = new Map<string, Remembered>();

  /** The project's lexicon compiled once per version of it. */
  compiled(lexicon: readonly LexiconEntry[]): CompiledLexicon {
    if (lexicon !== this.lexicon) {
      this.lexicon = lexicon;
      this.compiledLexicon = compileLexicon(lexicon);
    }
    return this.compiledLexicon;
  }

  /** What the engine is sent for a block: its text through the project's lexicon. */
  sentText(project: Project, block: Pick<Block, 'text'>): string {
    return applyLexicon(block.text, this.compiled(project.lexicon)).sent;
  }

  key(project: Project, block: Block): string {
    const voice = voiceOf(project, block.speakerId);
    const known = this.remembered.get(block.id);
    if (known && known.text === block.text && known.voice === voice && known.lexicon === project.lexicon) {
      return known.key;
    }
    const key = blockCacheKey(block, voice, this.compiled(project.lexicon), PROJECT_RENDER_FORMAT);
    this.remembered.set(block.id, { text: block.text, voice, lexicon: project.lexicon, key });
    return key;
  }

  /**
   * A new lexicon: blocks neither the old nor the new one touches send the same text as before,
   * so their keys carry over without being made again; the others are returned, to be recomputed.
   */
  relexicon(before: readonly LexiconEntry[], after: Project): Set<string> {
    const old = compileLexicon(before);
    const current = this.compiled(after.lexicon);
    const touched = new Set<string>();
    for (const block of blocksOf(after)) {
      if (affectedBy(block.text, old).length > 0 || affectedBy(block.text, current).length > 0) {
        touched.add(block.id);
        continue;
      }
      const known = this.remembered.get(block.id);
      if (known && known.lexicon === before) known.lexicon = after.lexicon;
    }
    return touched;
  }

  forget(blockId: string): void {
    this.remembered.delete(blockId);
  }
}

const voices = new WeakMap<Project['cast'], Map<string, SpeakerVoice>>();

/** The voice a speaker of the cast speaks with (looked up by id once per version of the cast). */
export function voiceOf(project: Project, speakerId: string): SpeakerVoice {
  let byId = voices.get(project.cast);
  if (!byId) {
    byId = new Map(project.cast.map((speaker) => [speaker.id, speaker.voice]));
    voices.set(project.cast, byId);
  }
  // ProjectSchema guarantees every block's speaker is in the cast.
  return byId.get(speakerId)!;
}

export function* blocksOf(project: Project): Generator<Block> {
  for (const chapter of project.chapters) yield* chapter.blocks;
}

/** The block with this id, found without copying the project's blocks (the render queue asks as every job starts). */
export function blockById(project: Project, blockId: string): Block | undefined {
  for (const block of blocksOf(project)) if (block.id === blockId) return block;
  return undefined;
}

/** Every block by id, for looking up many. */
export function blocksById(project: Project): Map<string, Block> {
  return new Map(Array.from(blocksOf(project), (block) => [block.id, block]));
}

/** Where a block stands before the render queue's say: nothing to speak, needs a render, or ready. */
export function baseStatus(block: Block, key: string): BlockStatus {
  if (!hasText(block)) return { state: 'empty' };
  return { state: isStale(block, key) ? 'stale' : 'ready' };
}

/**
 * The blocks whose status an applied batch may have changed, apart from a lexicon change (see
 * `BlockKeys.relexicon`): the blocks an edit names, those of a speaker whose voice changed, and
 * the blocks added with a chapter.
 */
export function blocksTouchedBy(edits: readonly ProjectEdit[], before: Project, after: Project): Set<string> {
  const touched = new Set<string>();
  const ofSpeaker = (project: Project, speakerId: string) => {
    for (const block of blocksOf(project)) if (block.speakerId === speakerId) touched.add(block.id);
  };
  for (const edit of edits) {
    switch (edit.op) {
      case 'update-speaker':
        if (edit.voice) ofSpeaker(after, edit.speakerId);
        break;
      case 'remove-speaker':
        ofSpeaker(before, edit.speakerId);
        break;
      case 'add-chapter':
        for (const block of edit.chapter.blocks) touched.add(block.id);
        break;
      case 'add-block':
        touched.add(edit.block.id);
        break;
      case 'update-block':
      case 'remove-block':
      case 'select-take':
      case 'add-take':
        touched.add(edit.blockId);
        break;
      case 'remove-chapter':
        for (const block of before.chapters.find((c) => c.id === edit.chapterId)?.blocks ?? []) touched.add(block.id);
        break;
      // Names, pauses, presets, moves, defaults and new speakers change no block's key or takes.
      default:
        break;
    }
  }
  return touched;
}
