import type { Block, Chapter } from '../../../shared/project';
import { createSignal } from '../../lib/signal';
import { useBlockDraftsStore } from '../../stores/useBlockDraftsStore';
import { useProjectPlaybackStore } from '../../stores/useProjectPlaybackStore';
import { blockShown, chapterShown, statusOf, useProjectStore } from '../../stores/useProjectStore';
import { useRenderStore } from '../../stores/useRenderStore';
import { useStatusStore } from '../../stores/useStatusStore';
import { useViewStore } from '../../stores/useViewStore';

/*
 * What the project view's buttons, its keyboard and the app menu all do, written once here.
 */

/** The import button's file picker, for the menu's "Import Script…" (set while the button is shown). */
export const importPicker = createSignal<(() => void) | null>(null);

export function currentChapter(): Chapter | null {
  const project = useProjectStore.getState().snapshot?.project;
  return project ? chapterShown(project, useViewStore.getState().chapterId) : null;
}

/** The block the keyboard is on in the chapter shown. */
export function currentBlock(): Block | null {
  const chapter = currentChapter();
  return chapter ? blockShown(chapter, useViewStore.getState().blockId) : null;
}

/** Where a block's card is on the page (ids are letters, digits, "-" and "_", safe in a selector). */
export function blockElement(blockId: string, part: 'card' | 'text' = 'card'): HTMLElement | null {
  const card = document.querySelector<HTMLElement>(`[data-block-id="${blockId}"]`);
  return part === 'card' ? card : (card?.querySelector<HTMLElement>('textarea') ?? null);
}

export function focusBlockElement(blockId: string, part: 'card' | 'text' = 'card'): void {
  const element = blockElement(blockId, part);
  element?.focus({ preventScroll: true });
  element?.scrollIntoView({ block: 'nearest' });
}

/** Moves the keyboard one block down or up the chapter; `extend` picks the range on the way (Shift). */
export function stepBlock(delta: 1 | -1, extend = false): void {
  const chapter = currentChapter();
  if (!chapter?.blocks.length) return;
  const { picked, api } = useViewStore.getState();
  const from = blockShown(chapter, useViewStore.getState().blockId)!;
  const at = chapter.blocks.indexOf(from);
  const next = chapter.blocks[Math.min(chapter.blocks.length - 1, Math.max(0, at + delta))]!;
  api.focusBlock(next.id, {
    chapterId: chapter.id,
    extend: extend ? [...new Set([...picked, from.id, next.id])] : undefined,
  });
  focusBlockElement(next.id);
}

/** Space: plays the chapter from the current block, or stops what plays. */
export function togglePlayChapter(): void {
  const playback = useProjectPlaybackStore.getState();
  if (playback.status !== 'idle') return playback.api.stop();
  const chapter = currentChapter();
  if (!chapter) return;
  playback.api.playChapter(chapter.id, currentBlock()?.id ?? null);
}

/** Plays the chapter from `blockId` (a block's play button, or a click on it while the chapter plays). */
export function playFrom(chapterId: string, blockId: string): void {
  useProjectPlaybackStore.getState().api.playChapter(chapterId, blockId);
}

/** Sends every unsent edit first, so an estimate and a render see the text on screen. */
async function withTextSent(): Promise<void> {
  await useBlockDraftsStore.getState().api.flushAll();
}

/**
 * Sends every unsent edit before the project is closed or copied; a refused one is reported (its
 * text stays in its block) and false answered, so nothing typed is left behind.
 */
export async function allTextSent(): Promise<boolean> {
  const error = await useBlockDraftsStore.getState().api.flushAll();
  if (error) useStatusStore.getState().api.report(error);
  return !error;
}

/** Render (or, when it is ready, regenerate) one block: its estimate is shown for the go-ahead. */
export async function proposeBlockRender(blockId: string): Promise<void> {
  await withTextSent();
  const snapshot = useProjectStore.getState().snapshot;
  if (!snapshot) return;
  for (const chapter of snapshot.project.chapters) {
    const index = chapter.blocks.findIndex((b) => b.id === blockId);
    if (index < 0) continue;
    const block = chapter.blocks[index]!;
    if (block.locked) {
      useStatusStore.getState().api.notify(`Block ${index + 1} is locked: unlock it to render it again.`);
      return;
    }
    const ready = statusOf(snapshot, block).state === 'ready';
    const label = `${ready ? 'Regenerate' : 'Render'} block ${index + 1} of “${chapter.title || 'Untitled'}”`;
    await useRenderStore
      .getState()
      .api.propose({ scope: { kind: 'blocks', blockIds: [blockId] }, regenerate: ready }, label);
    return;
  }
}

export async function proposeStaleRender(): Promise<void> {
  await withTextSent();
  await useRenderStore
    .getState()
    .api.propose({ scope: { kind: 'stale' }, regenerate: false }, 'Render every stale block');
}

export async function proposeChapterRender(chapter: Chapter): Promise<void> {
  await withTextSent();
  await useRenderStore
    .getState()
    .api.propose(
      { scope: { kind: 'chapter', chapterId: chapter.id }, regenerate: false },
      `Render “${chapter.title || 'Untitled'}”`,
    );
}

/** Ctrl+S: what is typed goes to the engine now; its autosave writes it to disk within two seconds. */
export async function saveNow(): Promise<void> {
  await withTextSent();
  if (useProjectStore.getState().snapshot?.saved) useStatusStore.getState().api.notify('Saved.');
}
