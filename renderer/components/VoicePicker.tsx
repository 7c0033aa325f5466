import { forwardRef, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Voice } from '../../shared/voices';
import { MOD_KEY } from '../hooks/useShortcuts';
import { activeVoiceId } from '../lib/active-voice';
import { visibleVoices } from '../lib/voice-catalogue';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useVoicesStore } from '../stores/useVoicesStore';
import { VoiceCard } from './VoiceCard';
import { VoiceFilters } from './VoiceFilters';

const optionId = (voiceId: string) => `voice-option-${voiceId.replace(/[^\w-]/g, '_')}`;

/**
 * The voice picker: search, filters, recent voices and the whole catalogue as a listbox (arrows
 * move, Enter selects, typing searches, Space previews), with the highlighted voice's card below.
 */
export const VoicePicker = forwardRef<HTMLInputElement>(function VoicePicker(_props, searchRef) {
  const { engine, selectedId, favourites, recent } = useSettingsStore(
    useShallow((s) => ({
      engine: s.settings.engine,
      selectedId: activeVoiceId(s.settings),
      favourites: s.settings.favouriteVoiceIds,
      recent: s.settings.recentVoiceIds,
    })),
  );
  const { voices, loading, error, filter, api } = useVoicesStore(
    useShallow((s) => ({ voices: s.voices, loading: s.loading, error: s.error, filter: s.filter, api: s.api })),
  );
  const hasKey = useSettingsStore((s) => !!s.key?.hasKey);
  const [activeId, setActiveId] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (engine === 'offline' || hasKey) void api.load(engine);
  }, [engine, hasKey, api]);

  const shown = useMemo(() => visibleVoices(voices, filter, favourites), [voices, filter, favourites]);
  const recentVoices = useMemo(
    () =>
      recent
        .map((id) => voices.find((v) => v.id === id))
        .filter((v): v is Voice => !!v)
        .slice(0, 5),
    [recent, voices],
  );
  const active = shown.find((v) => v.id === activeId) ?? null;
  const cardVoice = active ?? voices.find((v) => v.id === selectedId) ?? null;

  useEffect(() => {
    if (activeId) document.getElementById(optionId(activeId))?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const moveActive = (delta: number | 'first' | 'last') => {
    if (!shown.length) return;
    const current = shown.findIndex((v) => v.id === activeId);
    const index =
      delta === 'first'
        ? 0
        : delta === 'last'
          ? shown.length - 1
          : Math.min(shown.length - 1, Math.max(0, (current < 0 ? -1 : current) + delta));
    setActiveId(shown[index]!.id);
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const key = event.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      event.preventDefault();
      moveActive(key === 'ArrowDown' ? 1 : -1);
    } else if (key === 'Home' || key === 'End') {
      event.preventDefault();
      moveActive(key === 'Home' ? 'first' : 'last');
    } else if (key === 'PageDown' || key === 'PageUp') {
      event.preventDefault();
      moveActive(key === 'PageDown' ? 10 : -10);
    } else if (key === 'Enter') {
      event.preventDefault();
      if (active) api.choose(active);
    } else if (key === ' ') {
      event.preventDefault();
      if (active) void api.preview(active.id);
    } else if (key === 'Escape' && filter.query) {
      event.preventDefault();
      api.setFilter({ query: '' });
    } else if (key === 'Backspace') {
      event.preventDefault();
      api.setFilter({ query: filter.query.slice(0, -1) });
    } else if (key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      api.setFilter({ query: filter.query + key });
    }
  };

  const needsKey = engine === 'async' && !hasKey;

  return (
    <section className="panel voice-picker" aria-labelledby="voices-heading">
      <header className="panel__header">
        <h2 id="voices-heading">Voices</h2>
        <span className="panel__meta">
          {loading ? 'Loading…' : `${shown.length} of ${voices.length}`}
          {engine === 'offline' ? ' · offline' : ' · Async'}
        </span>
      </header>
      <input
        ref={searchRef}
        type="search"
        className="search"
        aria-label="Search"
        placeholder={`Search  (${MOD_KEY}+K)`}
        title={`Search names and descriptions (${MOD_KEY}+K)`}
        value={filter.query}
        onChange={(event) => api.setFilter({ query: event.target.value })}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            if (!activeId) moveActive('first');
            listRef.current?.focus();
          }
        }}
      />
      <VoiceFilters voices={voices} />
      {recentVoices.length > 0 && (
        <div className="recent" aria-label="Recently used">
          <span className="recent__label">Recent</span>
          {recentVoices.map((v) => (
            <button
              key={v.id}
              type="button"
              className={v.id === selectedId ? 'chip chip--on' : 'chip'}
              aria-pressed={v.id === selectedId}
              onClick={() => api.choose(v)}
            >
              {v.name}
            </button>
          ))}
        </div>
      )}
      {needsKey && <p className="empty">Add your Async API key to browse the Async voice library.</p>}
      {error && (
        <p className="problem" role="alert">
          {error.message}
        </p>
      )}
      <ul
        ref={listRef}
        role="listbox"
        aria-label="Voice"
        tabIndex={0}
        title="↑ ↓ move · Enter chooses · Space previews · typing searches"
        className="voice-list"
        aria-activedescendant={active ? optionId(active.id) : undefined}
        onKeyDown={onListKeyDown}
        onFocus={() => {
          if (!activeId && shown.length) setActiveId((shown.find((v) => v.id === selectedId) ?? shown[0]!).id);
        }}
      >
        {shown.map((voice) => (
          <li
            key={voice.id}
            id={optionId(voice.id)}
            role="option"
            aria-selected={voice.id === selectedId}
            className={voice.id === activeId ? 'voice-option voice-option--active' : 'voice-option'}
            onClick={() => {
              setActiveId(voice.id);
              api.choose(voice);
            }}
          >
            <span className="voice-option__name">
              {favourites.includes(voice.id) && (
                <span className="star" aria-label="Favourite">
                  ★
                </span>
              )}
              {voice.name}
            </span>
            <span className="voice-option__meta">
              {[voice.gender, voice.accent, voice.languages.join(' ').toUpperCase()].filter(Boolean).join(' · ')}
            </span>
          </li>
        ))}
        {!loading && !needsKey && shown.length === 0 && (
          <li className="empty" role="presentation">
            No voice matches. Try fewer filters.
          </li>
        )}
      </ul>
      {cardVoice && <VoiceCard voice={cardVoice} selected={cardVoice.id === selectedId} />}
    </section>
  );
});
