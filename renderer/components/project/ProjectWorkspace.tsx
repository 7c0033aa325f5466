import { useEffect, useState, type DragEvent } from 'react';
import type { ProjectSnapshot } from '../../../shared/project-session';
import { useProjectShortcuts } from '../../hooks/useProjectShortcuts';
import { useCatalogueStore } from '../../stores/useCatalogueStore';
import { chapterShown, useProjectStore } from '../../stores/useProjectStore';
import { useSettingsStore } from '../../stores/useSettingsStore';
import { useViewStore } from '../../stores/useViewStore';
import { BlockList } from './BlockList';
import { ChapterList } from './ChapterList';
import { importScriptFile } from './import-script';
import { ProjectBar } from './ProjectBar';
import { ProjectExportDialog } from './ProjectExportDialog';
import { ProjectHome } from './ProjectHome';
import { RenderBar } from './RenderBar';
import { SaveAsDialog } from './SaveAsDialog';
import { SidePanel } from './SidePanel';

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** An open project: chapters, the chapter's blocks, the side panels, and a script dropped anywhere on it is imported. */
function ProjectView({ snapshot }: { snapshot: ProjectSnapshot }) {
  const chapterId = useViewStore((s) => s.chapterId);
  const hasKey = useSettingsStore((s) => !!s.key?.hasKey);
  const loadCatalogue = useCatalogueStore((s) => s.api.load);
  const [dropping, setDropping] = useState(false);
  const chapter = chapterShown(snapshot.project, chapterId);
  useProjectShortcuts();

  useEffect(() => {
    // Speakers and takes are shown by voice name, from whichever engine they use.
    void loadCatalogue('offline');
    if (hasKey) void loadCatalogue('async');
  }, [hasKey, loadCatalogue]);

  return (
    <div
      className={dropping ? 'project project--dropping' : 'project'}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        const file = event.dataTransfer.files[0];
        if (file) void importScriptFile(file);
      }}
    >
      <ProjectBar snapshot={snapshot} />
      {(snapshot.recoveredFromBackup || snapshot.messages.length > 0) && (
        <div className={snapshot.recoveredFromBackup ? 'banner banner--warn' : 'banner'} role="status">
          {snapshot.recoveredFromBackup && <strong>Opened from the backup. </strong>}
          {snapshot.messages.join(' ')}
        </div>
      )}
      <RenderBar chapter={chapter} />
      <div className="project__body">
        <ChapterList snapshot={snapshot} shownId={chapter?.id ?? null} />
        {chapter ? (
          <BlockList snapshot={snapshot} chapter={chapter} />
        ) : (
          <section className="panel blocks blocks--empty" aria-label="Blocks">
            <p className="empty">
              Import a Markdown or text script (headings become chapters, paragraphs become blocks), drop one here, or
              add a chapter.
            </p>
          </section>
        )}
        <SidePanel project={snapshot.project} />
      </div>
      {dropping && (
        <div className="drop-hint" aria-hidden="true">
          Drop a .md or .txt script to add its chapters
        </div>
      )}
      <ProjectExportDialog project={snapshot.project} />
      <SaveAsDialog currentName={snapshot.project.name} />
    </div>
  );
}

/** The Projects view: the home (new, recent, open) or the open project. */
export function ProjectWorkspace() {
  const snapshot = useProjectStore((s) => s.snapshot);
  const home = useViewStore((s) => s.home);
  return (
    <main className="project-workspace">
      {!snapshot || home ? (
        <ProjectHome />
      ) : (
        // Keyed by project so a newly opened one starts with fresh panel state (a lexicon's unapplied rows, a pick).
        <ProjectView key={snapshot.project.id} snapshot={snapshot} />
      )}
    </main>
  );
}
