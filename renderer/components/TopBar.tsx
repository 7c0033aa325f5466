import { useShallow } from 'zustand/react/shallow';
import { maskedKey } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useViewStore, type StudioView } from '../stores/useViewStore';

const VIEWS: { id: StudioView; label: string; title: string }[] = [
  { id: 'studio', label: 'Studio', title: 'One script: audition voices and settings, export a take' },
  { id: 'projects', label: 'Projects', title: 'Long-form work: chapters, cast, render queue, loudness-checked export' },
];

/** Brand, Studio/Projects switch, engine switch (studio), the key call to action, settings and about. */
export function TopBar() {
  const { engine, key } = useSettingsStore(useShallow((s) => ({ engine: s.settings.engine, key: s.key })));
  const show = useDialogStore((s) => s.api.show);
  const { view, setView, showDialog } = useViewStore(
    useShallow((s) => ({ view: s.view, setView: s.api.setView, showDialog: s.api.showDialog })),
  );
  const hasKey = !!key?.hasKey;

  const chooseEngine = (next: 'async' | 'offline') => {
    if (next === engine) return;
    if (next === 'async' && !hasKey) return show('key');
    void useSettingsStore.getState().api.update({ engine: next });
  };

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          ◖◗
        </span>
        <span className="brand__name">Async Voice Studio</span>
      </div>
      <div className="segmented segmented--view" role="radiogroup" aria-label="View">
        {VIEWS.map((option) => (
          <button
            key={option.id}
            type="button"
            role="radio"
            aria-checked={view === option.id}
            className="segmented__option"
            title={option.title}
            onClick={() => setView(option.id)}
          >
            {option.label}
          </button>
        ))}
      </div>
      {view === 'studio' && (
        <div className="segmented" role="radiogroup" aria-label="Engine">
          {(['offline', 'async'] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={engine === option}
              className="segmented__option"
              title={
                option === 'offline'
                  ? 'Built-in Flite voices: no key, no network'
                  : hasKey
                    ? 'Async voices over the network'
                    : 'Add your Async API key to use Async voices'
              }
              onClick={() => chooseEngine(option)}
            >
              {option === 'offline' ? 'Offline' : 'Async'}
            </button>
          ))}
        </div>
      )}
      <div className="topbar__spacer" />
      {hasKey ? (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => show('key')}
          title="Replace or clear the key"
        >
          Key <code className="key-hint">{maskedKey(key?.hint ?? null)}</code>
        </button>
      ) : (
        <button type="button" className="button button--primary" onClick={() => show('key')}>
          Add your Async API key
        </button>
      )}
      <button type="button" className="button button--quiet" onClick={() => show('settings')}>
        Settings
      </button>
      <button type="button" className="button button--quiet" onClick={() => showDialog('about')}>
        About
      </button>
    </header>
  );
}
