import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NEW_PROJECT_FIELD_ID } from '../../hooks/menu-commands';
import { useProjectStore } from '../../stores/useProjectStore';
import { useSettingsStore } from '../../stores/useSettingsStore';
import { useViewStore } from '../../stores/useViewStore';
import { Problem } from '../Problem';

const opened = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** New project, recent projects and "Open…": where long-form work starts. */
export function ProjectHome() {
  const { snapshot, recent, busy, problem, api } = useProjectStore(
    useShallow((s) => ({ snapshot: s.snapshot, recent: s.recent, busy: s.busy, problem: s.problem, api: s.api })),
  );
  const showHome = useViewStore((s) => s.api.showHome);
  const isWeb = useSettingsStore((s) => s.app?.shell === 'web');
  const [name, setName] = useState('');
  const [openNote, setOpenNote] = useState(false);

  useEffect(() => {
    void api.loadRecent();
  }, [api]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && (await api.create(name.trim()))) {
      setName('');
      showHome(false);
    }
  };
  const open = async (dir: string | null) => {
    if (dir === null && isWeb) return setOpenNote(true);
    if (await api.open(dir)) showHome(false);
  };

  return (
    <div className="project-home">
      <section className="panel project-home__card" aria-labelledby="new-project-heading">
        <h2 id="new-project-heading">New project</h2>
        <p className="note">
          A book, a course or a podcast: chapters of blocks, a cast of voices, renders kept as takes, exports that pass
          a loudness spec.
        </p>
        <form className="project-home__new" onSubmit={(event) => void create(event)}>
          <input
            id={NEW_PROJECT_FIELD_ID}
            type="text"
            aria-label="Project name"
            placeholder="Name, e.g. The Lighthouse Keeper"
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!name.trim() || busy !== null}>
            {busy === 'creating' ? 'Creating…' : 'Create'}
          </button>
        </form>
        <Problem error={problem} />
      </section>
      <section className="panel project-home__card" aria-labelledby="recent-heading">
        <header className="panel__header">
          <h2 id="recent-heading">Recent projects</h2>
          <span className="panel__spacer" />
          <button
            type="button"
            className="button button--small"
            disabled={busy !== null}
            onClick={() => void open(null)}
          >
            Open folder…
          </button>
        </header>
        {openNote && (
          <p className="note" role="status">
            Choosing a folder needs the desktop app. In the browser, open a project from this list, or create a new one.
          </p>
        )}
        {recent.length === 0 ? (
          <p className="empty">No projects yet. Create one above.</p>
        ) : (
          <ul className="plain-list recent-projects">
            {recent.map((r) => {
              const isOpen = snapshot?.dir === r.dir;
              return (
                <li key={r.dir}>
                  <button
                    type="button"
                    className="recent-project"
                    disabled={busy !== null}
                    onClick={() => (isOpen ? showHome(false) : void open(r.dir))}
                  >
                    <span className="recent-project__name">
                      {r.name}
                      {isOpen && <span className="badge">Open</span>}
                    </span>
                    <span className="recent-project__meta" title={r.dir}>
                      {r.dir} · opened {opened(r.openedAt)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {snapshot && (
        <button type="button" className="button project-home__back" onClick={() => showHome(false)}>
          ← Back to {snapshot.project.name}
        </button>
      )}
    </div>
  );
}
