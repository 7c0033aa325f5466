import { useShallow } from 'zustand/react/shallow';
import { languageName } from '../../shared/languages';
import type { Voice } from '../../shared/voices';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useVoicesStore } from '../stores/useVoicesStore';

/** The highlighted voice in full: description, languages, preview, favourite, and "Use" if it is not the current one. */
export function VoiceCard({ voice, selected }: { voice: Voice; selected: boolean }) {
  const favourite = useSettingsStore((s) => s.settings.favouriteVoiceIds.includes(voice.id));
  const toggleFavourite = useSettingsStore((s) => s.api.toggleFavourite);
  const { previewing, api } = useVoicesStore(
    useShallow((s) => ({ previewing: s.previewingId === voice.id, api: s.api })),
  );

  return (
    <article className="inset voice-card" aria-label={`${voice.name} details`}>
      <div className="voice-card__title">
        <strong>{voice.name}</strong>
        {selected && <span className="badge">In use</span>}
      </div>
      {voice.description && <p className="voice-card__text">{voice.description}</p>}
      <p className="voice-card__meta">
        {[voice.gender, voice.accent, voice.languages.map(languageName).join(', '), voice.styles.join(', ')]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div className="voice-card__actions">
        <button
          type="button"
          className="button"
          aria-pressed={previewing}
          onClick={() => void api.preview(voice.id)}
          aria-label="Preview"
          title="Hear a sample (Space in the list)"
        >
          {previewing ? '■ Preview' : '▶ Preview'}
        </button>
        <button
          type="button"
          className="button button--quiet"
          aria-pressed={favourite}
          aria-label="Favourite"
          onClick={() => void toggleFavourite(voice.id)}
        >
          {favourite ? '★ Favourite' : '☆ Favourite'}
        </button>
        {!selected && (
          <button type="button" className="button button--primary" onClick={() => api.choose(voice)}>
            Use
          </button>
        )}
      </div>
    </article>
  );
}
