import { z } from 'zod';
import { StudioError } from './errors';
import { LexiconEntrySchema } from './lexicon';
import {
  IdSchema as Id,
  PauseSchema,
  PROJECT_LIMITS,
  ProjectDefaultsSchema,
  SpeakerSchema,
  SpeakerVoiceSchema,
  TakeSchema,
  type Block,
  type Chapter,
  type Project,
} from './project';

/*
 * Every change to an open project is one of these edits, applied by `applyProjectEdit` on both
 * sides: the engine applies it to the project it saves, then sends the same edits to the UI, which
 * applies them to its copy. One reducer means the two copies cannot drift, and an edit of one
 * block crosses IPC as a few bytes instead of the whole project (a 2,000-block book is ~5 MB).
 */

const Title = z.string().max(PROJECT_LIMITS.nameChars);

/** A new block as the UI or an import makes it: no takes yet. */
export const NewBlockSchema = z
  .object({ id: Id, text: z.string().max(PROJECT_LIMITS.blockChars), speakerId: Id })
  .strict();

/** Edits a person makes in the UI; `project:edit` accepts only these. */
export const UserEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('rename-project'), name: z.string().trim().min(1).max(PROJECT_LIMITS.nameChars) }).strict(),
  z.object({ op: z.literal('set-pauses'), pauses: ProjectDefaultsSchema.shape.pauses.partial().strict() }).strict(),
  z.object({ op: z.literal('set-default-speaker'), speakerId: Id }).strict(),
  z.object({ op: z.literal('set-export-preset'), presetId: z.string().min(1).max(100) }).strict(),
  z.object({ op: z.literal('add-speaker'), speaker: SpeakerSchema.strict() }).strict(),
  z
    .object({
      op: z.literal('update-speaker'),
      speakerId: Id,
      name: z.string().trim().min(1).max(PROJECT_LIMITS.nameChars).optional(),
      voice: SpeakerVoiceSchema.strict().optional(),
    })
    .strict(),
  /** Blocks spoken by the removed speaker move to `replacementId`. */
  z.object({ op: z.literal('remove-speaker'), speakerId: Id, replacementId: Id }).strict(),
  z
    .object({
      op: z.literal('add-chapter'),
      chapter: z.object({ id: Id, title: Title, blocks: z.array(NewBlockSchema).max(PROJECT_LIMITS.blocksPerChapter) }),
      /** Position among the chapters; omitted appends. */
      index: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ op: z.literal('rename-chapter'), chapterId: Id, title: Title }).strict(),
  z.object({ op: z.literal('remove-chapter'), chapterId: Id }).strict(),
  z
    .object({
      op: z.literal('add-block'),
      chapterId: Id,
      block: NewBlockSchema,
      index: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('update-block'),
      blockId: Id,
      text: z.string().max(PROJECT_LIMITS.blockChars).optional(),
      speakerId: Id.optional(),
      locked: z.boolean().optional(),
      pauseAfterMs: PauseSchema.nullable().optional(),
    })
    .strict(),
  z.object({ op: z.literal('remove-block'), blockId: Id }).strict(),
  z.object({ op: z.literal('move-block'), blockId: Id, chapterId: Id, index: z.number().int().min(0) }).strict(),
  z.object({ op: z.literal('select-take'), blockId: Id, takeId: Id }).strict(),
  z
    .object({ op: z.literal('set-lexicon'), entries: z.array(LexiconEntrySchema).max(PROJECT_LIMITS.lexiconEntries) })
    .strict(),
]);
export type UserEdit = z.infer<typeof UserEditSchema>;

/** Edits only the engine makes: a finished render adds a take (and selects it unless told not to). */
export type EngineEdit = { op: 'add-take'; blockId: string; take: z.infer<typeof TakeSchema>; select: boolean };

export type ProjectEdit = UserEdit | EngineEdit;

function refuse(message: string): never {
  throw new StudioError({ code: 'BAD_INPUT', message, hint: 'Reload the project and try again.' });
}

interface BlockPlace {
  chapter: Chapter;
  chapterIndex: number;
  block: Block;
  blockIndex: number;
}

/** Where a block is, or a BAD_INPUT naming it. */
export function findBlock(project: Project, blockId: string): BlockPlace {
  for (const [chapterIndex, chapter] of project.chapters.entries()) {
    const blockIndex = chapter.blocks.findIndex((b) => b.id === blockId);
    if (blockIndex >= 0) return { chapter, chapterIndex, block: chapter.blocks[blockIndex]!, blockIndex };
  }
  return refuse(`There is no block "${blockId}" in this project.`);
}

function chapterIndexOf(project: Project, chapterId: string): number {
  const index = project.chapters.findIndex((c) => c.id === chapterId);
  return index >= 0 ? index : refuse(`There is no chapter "${chapterId}" in this project.`);
}

function requireSpeaker(project: Project, speakerId: string): void {
  if (!project.cast.some((s) => s.id === speakerId)) refuse(`There is no speaker "${speakerId}" in the cast.`);
}

function newBlock(block: z.infer<typeof NewBlockSchema>): Block {
  return { ...block, locked: false, pauseAfterMs: null, takes: [], selectedTakeId: null };
}

const clampIndex = (index: number | undefined, length: number) => Math.min(index ?? length, length);

function withChapter(project: Project, chapterIndex: number, change: (c: Chapter) => Chapter): Project {
  const chapters = project.chapters.slice();
  chapters[chapterIndex] = change(chapters[chapterIndex]!);
  return { ...project, chapters };
}

function withBlock(project: Project, blockId: string, change: (b: Block) => Block): Project {
  const place = findBlock(project, blockId);
  return withChapter(project, place.chapterIndex, (chapter) => {
    const blocks = chapter.blocks.slice();
    blocks[place.blockIndex] = change(place.block);
    return { ...chapter, blocks };
  });
}

/**
 * Applies one edit and returns the new project; the input is never changed (both the store and
 * React rely on new objects for what changed). An edit that names something missing throws
 * BAD_INPUT. Limits and id uniqueness are checked by the engine with ProjectSchema before saving.
 */
export function applyProjectEdit(project: Project, edit: ProjectEdit): Project {
  switch (edit.op) {
    case 'rename-project':
      return { ...project, name: edit.name };
    case 'set-pauses':
      return { ...project, defaults: { ...project.defaults, pauses: { ...project.defaults.pauses, ...edit.pauses } } };
    case 'set-default-speaker':
      requireSpeaker(project, edit.speakerId);
      return { ...project, defaults: { ...project.defaults, speakerId: edit.speakerId } };
    case 'set-export-preset':
      return { ...project, defaults: { ...project.defaults, exportPresetId: edit.presetId } };
    case 'add-speaker':
      if (project.cast.some((s) => s.id === edit.speaker.id)) refuse(`Speaker "${edit.speaker.id}" already exists.`);
      return { ...project, cast: [...project.cast, edit.speaker] };
    case 'update-speaker':
      requireSpeaker(project, edit.speakerId);
      return {
        ...project,
        cast: project.cast.map((s) =>
          s.id === edit.speakerId ? { ...s, name: edit.name ?? s.name, voice: edit.voice ?? s.voice } : s,
        ),
      };
    case 'remove-speaker': {
      requireSpeaker(project, edit.speakerId);
      requireSpeaker(project, edit.replacementId);
      if (edit.replacementId === edit.speakerId) refuse('A speaker cannot replace itself.');
      const moved = (b: Block) => (b.speakerId === edit.speakerId ? { ...b, speakerId: edit.replacementId } : b);
      return {
        ...project,
        cast: project.cast.filter((s) => s.id !== edit.speakerId),
        defaults: {
          ...project.defaults,
          speakerId: project.defaults.speakerId === edit.speakerId ? edit.replacementId : project.defaults.speakerId,
        },
        chapters: project.chapters.map((c) => ({ ...c, blocks: c.blocks.map(moved) })),
      };
    }
    case 'add-chapter': {
      for (const block of edit.chapter.blocks) requireSpeaker(project, block.speakerId);
      const chapters = project.chapters.slice();
      chapters.splice(clampIndex(edit.index, chapters.length), 0, {
        id: edit.chapter.id,
        title: edit.chapter.title,
        blocks: edit.chapter.blocks.map(newBlock),
      });
      return { ...project, chapters };
    }
    case 'rename-chapter':
      return withChapter(project, chapterIndexOf(project, edit.chapterId), (c) => ({ ...c, title: edit.title }));
    case 'remove-chapter':
      chapterIndexOf(project, edit.chapterId);
      return { ...project, chapters: project.chapters.filter((c) => c.id !== edit.chapterId) };
    case 'add-block':
      requireSpeaker(project, edit.block.speakerId);
      return withChapter(project, chapterIndexOf(project, edit.chapterId), (c) => {
        const blocks = c.blocks.slice();
        blocks.splice(clampIndex(edit.index, blocks.length), 0, newBlock(edit.block));
        return { ...c, blocks };
      });
    case 'update-block':
      if (edit.speakerId !== undefined) requireSpeaker(project, edit.speakerId);
      return withBlock(project, edit.blockId, (b) => ({
        ...b,
        text: edit.text ?? b.text,
        speakerId: edit.speakerId ?? b.speakerId,
        locked: edit.locked ?? b.locked,
        pauseAfterMs: edit.pauseAfterMs === undefined ? b.pauseAfterMs : edit.pauseAfterMs,
      }));
    case 'remove-block': {
      const place = findBlock(project, edit.blockId);
      return withChapter(project, place.chapterIndex, (c) => ({
        ...c,
        blocks: c.blocks.filter((b) => b.id !== edit.blockId),
      }));
    }
    case 'move-block': {
      const place = findBlock(project, edit.blockId);
      const target = chapterIndexOf(project, edit.chapterId);
      const without = withChapter(project, place.chapterIndex, (c) => ({
        ...c,
        blocks: c.blocks.filter((b) => b.id !== edit.blockId),
      }));
      return withChapter(without, target, (c) => {
        const blocks = c.blocks.slice();
        blocks.splice(clampIndex(edit.index, blocks.length), 0, place.block);
        return { ...c, blocks };
      });
    }
    case 'select-take':
      return withBlock(project, edit.blockId, (b) => {
        if (!b.takes.some((t) => t.id === edit.takeId)) refuse(`Block "${b.id}" has no take "${edit.takeId}".`);
        return { ...b, selectedTakeId: edit.takeId };
      });
    case 'set-lexicon':
      return { ...project, lexicon: edit.entries };
    case 'add-take':
      return withBlock(project, edit.blockId, (b) => {
        const selectedTakeId = edit.select ? edit.take.id : b.selectedTakeId;
        const takes = [...b.takes, edit.take];
        // At the limit the oldest take goes, but never the one in use.
        if (takes.length > PROJECT_LIMITS.takesPerBlock)
          takes.splice(
            takes.findIndex((t) => t.id !== selectedTakeId),
            1,
          );
        return { ...b, takes, selectedTakeId };
      });
  }
}

/** Applies edits in order; the first that fails throws and nothing is applied. */
export function applyProjectEdits(project: Project, edits: readonly ProjectEdit[]): Project {
  return edits.reduce(applyProjectEdit, project);
}
