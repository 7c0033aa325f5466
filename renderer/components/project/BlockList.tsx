import { useCallback, useEffect, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Chapter } from '../../../shared/project';
import type { ProjectSnapshot } from '../../../shared/project-session';
import { useProjectPlaybackStore } from '../../stores/useProjectPlaybackStore';
import { blockShown, newId, statusOf, useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';
import { BlockCard } from './BlockCard';
import { blockElement, currentBlock, currentChapter } from './project-commands';
import { RenameField } from './RenameField';

/** The chapter's title, renamed when the field is left or Enter is pressed. */
function ChapterTitle({ chapter }: { chapter: Chapter }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  return (
    <RenameField
      className="chapter-title"
      aria-label="Chapter title"
      placeholder="Untitled chapter"
      value={chapter.title}
      allowEmpty
      onRename={(title) => void editOrReport([{ op: 'rename-chapter', chapterId: chapter.id, title }])}
    />
  );
}

/** The blocks of the chapter shown, with the one being heard kept in view. */
export function BlockList({ snapshot, chapter }: { snapshot: ProjectSnapshot; chapter: Chapter }) {
  const {
    blockId,
    picked,
    api: view,
  } = useViewStore(useShallow((s) => ({ blockId: s.blockId, picked: s.picked, api: s.api })));
  const { heardBlockId, chapterPlaying } = useProjectPlaybackStore(
    useShallow((s) => ({
      heardBlockId: s.mode === 'chapter' ? s.heardBlockId : null,
      chapterPlaying: s.mode === 'chapter' && s.status !== 'idle' && s.subject === chapter.id,
    })),
  );
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const { project } = snapshot;
  const currentId = blockShown(chapter, blockId)?.id ?? null;

  useEffect(() => {
    if (heardBlockId) blockElement(heardBlockId)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [heardBlockId]);

  // Read at click time, so the callback never changes and an edit re-renders only the blocks it touched.
  const onPick = useCallback((id: string, event: MouseEvent) => {
    const state = useViewStore.getState();
    const shown = currentChapter();
    if (!shown) return;
    if (event.shiftKey) {
      const ids = shown.blocks.map((b) => b.id);
      const from = ids.indexOf(currentBlock()?.id ?? id);
      const to = ids.indexOf(id);
      const range = ids.slice(Math.min(from, to), Math.max(from, to) + 1);
      return state.api.focusBlock(id, { chapterId: shown.id, extend: range });
    }
    if (event.ctrlKey || event.metaKey) return state.api.focusBlock(id, { chapterId: shown.id, toggle: true });
    if (state.blockId !== id || state.picked.length !== 1) state.api.focusBlock(id, { chapterId: shown.id });
  }, []);

  const addBlock = () => {
    const at = chapter.blocks.findIndex((b) => b.id === currentId);
    const id = newId();
    void editOrReport([
      {
        op: 'add-block',
        chapterId: chapter.id,
        block: { id, text: '', speakerId: chapter.blocks[at]?.speakerId ?? project.defaults.speakerId },
        index: at < 0 ? chapter.blocks.length : at + 1,
      },
    ]).then((added) => {
      if (!added) return;
      view.focusBlock(id, { chapterId: chapter.id });
      requestAnimationFrame(() => blockElement(id, 'text')?.focus());
    });
  };

  const counts = chapter.blocks.reduce(
    (sum, block) => {
      const state = statusOf(snapshot, block).state;
      if (state === 'ready') sum.ready++;
      else if (state !== 'empty') sum.pending++;
      return sum;
    },
    { ready: 0, pending: 0 },
  );

  return (
    <section className="panel blocks" aria-label="Blocks">
      <header className="panel__header blocks__header">
        <ChapterTitle key={chapter.id} chapter={chapter} />
        <span className="panel__meta">
          {chapter.blocks.length} blocks · {counts.ready} ready{counts.pending ? ` · ${counts.pending} to render` : ''}
          {picked.length > 1 ? ` · ${picked.length} picked` : ''}
        </span>
      </header>
      <div className="blocks__list" role="list">
        {chapter.blocks.map((block, index) => (
          <div role="listitem" key={block.id}>
            <BlockCard
              block={block}
              index={index}
              chapterId={chapter.id}
              status={statusOf(snapshot, block)}
              cast={project.cast}
              defaultPauseMs={project.defaults.pauses.betweenBlocksMs}
              current={block.id === currentId}
              picked={picked.length > 1 && picked.includes(block.id)}
              heard={block.id === heardBlockId}
              chapterPlaying={chapterPlaying}
              onPick={onPick}
            />
          </div>
        ))}
        {chapter.blocks.length === 0 && <p className="empty">This chapter has no blocks yet.</p>}
        <button type="button" className="button button--quiet blocks__add" onClick={addBlock}>
          + Add block
        </button>
      </div>
    </section>
  );
}
