import type { KeyboardEvent } from 'react';
import type { Project } from '../../../shared/project';
import { useViewStore, type ProjectPanel } from '../../stores/useViewStore';
import { CastingPanel } from './CastingPanel';
import { CastPanel } from './CastPanel';
import { LexiconPanel } from './LexiconPanel';
import { PausesPanel } from './PausesPanel';
import { QaPanel } from './QaPanel';

const TABS: { id: ProjectPanel; label: string }[] = [
  { id: 'cast', label: 'Cast' },
  { id: 'casting', label: 'Casting' },
  { id: 'lexicon', label: 'Lexicon' },
  { id: 'pauses', label: 'Pauses' },
  { id: 'qa', label: 'QA' },
];

/** Cast, casting grid, lexicon, pauses and QA: one at a time, as tabs (← → move between them). */
export function SidePanel({ project }: { project: Project }) {
  const panel = useViewStore((s) => s.panel);
  const setPanel = useViewStore((s) => s.api.setPanel);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const at = TABS.findIndex((t) => t.id === panel);
    const next = TABS[(at + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setPanel(next.id);
    document.getElementById(`side-tab-${next.id}`)?.focus();
  };
  return (
    <aside className="panel side" aria-label="Project settings">
      <div className="tabs" role="tablist" aria-label="Project panels" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            id={`side-tab-${tab.id}`}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={panel === tab.id}
            aria-controls="side-tabpanel"
            tabIndex={panel === tab.id ? 0 : -1}
            onClick={() => setPanel(tab.id)}
          >
            {tab.label}
            {tab.id === 'lexicon' && project.lexicon.length > 0 && (
              <span className="tabs__count">{project.lexicon.length}</span>
            )}
            {tab.id === 'cast' && <span className="tabs__count">{project.cast.length}</span>}
          </button>
        ))}
      </div>
      <div id="side-tabpanel" role="tabpanel" aria-labelledby={`side-tab-${panel}`} className="side__panel">
        {panel === 'cast' && <CastPanel project={project} />}
        {panel === 'casting' && <CastingPanel project={project} />}
        {panel === 'lexicon' && <LexiconPanel project={project} />}
        {panel === 'pauses' && <PausesPanel project={project} />}
        {panel === 'qa' && <QaPanel project={project} />}
      </div>
    </aside>
  );
}
