import { useState } from 'react';
import type { Chapter } from '../../../shared/project';
import type { ProjectSnapshot } from '../../../shared/project-session';
import { newId, statusOf, useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';

function chapterCounts(snapshot: ProjectSnapshot, chapter: Chapter): string {
  let ready = 0;
  let pending = 0;
  for (const block of chapter.blocks) {
    const state = statusOf(snapshot, block).state;
    if (state === 'ready') ready++;
    else if (state !== 'empty') pending++;
  }
  const parts = [`${chapter.blocks.length} ${chapter.blocks.length === 1 ? 'block' : 'blocks'}`];
  if (ready) parts.push(`${ready} ready`);
  if (pending) parts.push(`${pending} to render`);
  return parts.join(' · ');
}

/** The project's chapters, with counts; add, remove (after asking) and pick one to work on. */
export function ChapterList({ snapshot, shownId }: { snapshot: ProjectSnapshot; shownId: string | null }) {
  const showChapter = useViewStore((s) => s.api.showChapter);
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const [removing, setRemoving] = useState<string | null>(null);
  const { project } = snapshot;

  const addChapter = () => {
    const id = newId();
    void editOrReport([
      {
        op: 'add-chapter',
        chapter: {
          id,
          title: `Chapter ${project.chapters.length + 1}`,
          blocks: [{ id: newId(), text: '', speakerId: project.defaults.speakerId }],
        },
      },
    ]).then((added) => {
      if (added) showChapter(id);
    });
  };

  return (
    <nav className="panel chapters" aria-label="Chapters">
      <header className="panel__header">
        <h2>Chapters</h2>
        <span className="panel__meta">{project.chapters.length}</span>
        <button type="button" className="button button--small chapters__add" onClick={addChapter}>
          + Chapter
        </button>
      </header>
      <ol className="chapter-list">
        {project.chapters.map((chapter, index) => (
          <li key={chapter.id} className={chapter.id === shownId ? 'chapter chapter--shown' : 'chapter'}>
            <button
              type="button"
              className="chapter__pick"
              aria-current={chapter.id === shownId ? 'page' : undefined}
              onClick={() => showChapter(chapter.id)}
            >
              <span className="chapter__title">
                <span className="chapter__number">{index + 1}</span>
                {chapter.title || 'Untitled chapter'}
              </span>
              <span className="chapter__meta">{chapterCounts(snapshot, chapter)}</span>
            </button>
            {removing === chapter.id ? (
              <span className="chapter__confirm" role="group" aria-label="Remove chapter?">
                <span>Remove it and its {chapter.blocks.length} blocks?</span>
                <button
                  type="button"
                  className="button button--small button--danger"
                  onClick={() => {
                    setRemoving(null);
                    void editOrReport([{ op: 'remove-chapter', chapterId: chapter.id }]);
                  }}
                >
                  Remove
                </button>
                <button type="button" className="button button--small" onClick={() => setRemoving(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="icon-button icon-button--small chapter__remove"
                aria-label={`Remove chapter ${chapter.title || index + 1}`}
                title="Remove chapter"
                onClick={() => setRemoving(chapter.id)}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      {project.chapters.length === 0 && (
        <p className="empty">No chapters yet. Import a script, or add a chapter and type.</p>
      )}
    </nav>
  );
}
