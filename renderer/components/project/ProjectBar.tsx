import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ProjectSnapshot } from '../../../shared/project-session';
import { MOD_KEY } from '../../hooks/useShortcuts';
import { useBlockDraftsStore } from '../../stores/useBlockDraftsStore';
import { useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';
import { importScriptFile, SCRIPT_ACCEPT } from './import-script';
import { allTextSent, importPicker, saveNow } from './project-commands';
import { RenameField } from './RenameField';

/** "Saved", "Saving…" or "Not saved" (a refused edit is waiting in its block). */
function SaveState({ saved }: { saved: boolean }) {
  const { pending, refused } = useBlockDraftsStore(
    useShallow((s) => {
      const drafts = Object.values(s.drafts);
      return { pending: drafts.length > 0, refused: drafts.some((d) => d.error) };
    }),
  );
  const state = refused ? 'refused' : pending || !saved ? 'saving' : 'saved';
  const words = { refused: 'Not saved', saving: 'Saving…', saved: 'Saved' }[state];
  return (
    <button
      type="button"
      className={`save-state save-state--${state}`}
      title={
        state === 'refused'
          ? 'An edit was refused; the block shows why and keeps your text.'
          : `Saved automatically within 2 s of a change (${MOD_KEY}+S sends typing now)`
      }
      onClick={() => void saveNow()}
    >
      <span className="dot" aria-hidden="true" />
      <span aria-live="polite">{words}</span>
    </button>
  );
}

/** The project's name (renamed in place), where it lives, whether it is saved, and its file actions. */
function ProjectName({ name }: { name: string }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  return (
    <RenameField
      className="project-bar__name"
      aria-label="Project name"
      value={name}
      maxLength={200}
      onRename={(next) => void editOrReport([{ op: 'rename-project', name: next }])}
    />
  );
}

export function ProjectBar({ snapshot }: { snapshot: ProjectSnapshot }) {
  const { showHome, showDialog } = useViewStore(
    useShallow((s) => ({ showHome: s.api.showHome, showDialog: s.api.showDialog })),
  );
  const { busy, close } = useProjectStore(useShallow((s) => ({ busy: s.busy, close: s.api.close })));
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    importPicker.set(() => fileInput.current?.click());
    return () => importPicker.set(null);
  }, []);

  return (
    <header className="project-bar">
      <button type="button" className="button button--quiet button--small" onClick={() => showHome(true)}>
        ← Projects
      </button>
      <ProjectName name={snapshot.project.name} />
      <SaveState saved={snapshot.saved} />
      <span className="project-bar__dir" title={snapshot.dir}>
        {snapshot.dir}
      </span>
      <span className="topbar__spacer" />
      <button
        type="button"
        className="button button--small"
        disabled={busy === 'importing'}
        title="Add chapters from a Markdown or text file (or drop the file on the project)"
        onClick={() => fileInput.current?.click()}
      >
        {busy === 'importing' ? 'Importing…' : 'Import script…'}
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept={SCRIPT_ACCEPT}
        aria-label="Script file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importScriptFile(file);
        }}
      />
      <button type="button" className="button button--small button--primary" onClick={() => showDialog('export')}>
        Export…
      </button>
      <button type="button" className="button button--small" onClick={() => showDialog('save-as')}>
        Save as…
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={async () => {
          if (await allTextSent()) await close();
        }}
      >
        Close
      </button>
    </header>
  );
}
