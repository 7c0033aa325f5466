import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { languageName } from '../../shared/languages';
import { plainText } from '../../shared/markup';
import { findModel } from '../../shared/models';
import type { TakeSummary } from '../../shared/takes';
import { formatMs, formatSeconds } from '../lib/format';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useTakesStore } from '../stores/useTakesStore';
import { useVoicesStore } from '../stores/useVoicesStore';

const EXCERPT_CHARS = 140;

/** The script as read aloud (markup removed), cut to fit two lines. */
function excerpt(text: string): string {
  const flat = plainText(text).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** The voices a take was spoken in, named, in order: more than one when the voice was changed while it played. */
function voicesSpoken(take: TakeSummary, name: (voiceId: string) => string): string {
  const ids = take.sentences.length
    ? take.sentences.map((sentence) => sentence.settings.voiceId)
    : [take.settings.voiceId];
  const names = ids.map(name);
  return names.filter((n, i) => i === 0 || n !== names[i - 1]).join(' → ');
}

function RenameForm({ take, onDone }: { take: TakeSummary; onDone(): void }) {
  const rename = useTakesStore((s) => s.api.rename);
  const [name, setName] = useState(take.name);
  const finished = useRef(false);
  const commit = async () => {
    if (finished.current) return;
    finished.current = true;
    if (name.trim() && name.trim() !== take.name) await rename(take.id, name);
    onDone();
  };
  return (
    <form
      className="take__rename"
      onSubmit={(event) => {
        event.preventDefault();
        void commit();
      }}
    >
      <input
        aria-label={`New name for ${take.name}`}
        value={name}
        maxLength={120}
        autoFocus
        onFocus={(event) => event.target.select()}
        onChange={(event) => setName(event.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            finished.current = true;
            onDone();
          }
        }}
      />
    </form>
  );
}

function TakeRow({ take }: { take: TakeSummary }) {
  const { selected, inA, inB, api } = useTakesStore(
    useShallow((s) => ({
      selected: s.selectedId === take.id,
      inA: s.compare.a === take.id,
      inB: s.compare.b === take.id,
      api: s.api,
    })),
  );
  const playTake = usePlaybackStore((s) => s.api.playTake);
  const playing = usePlaybackStore((s) => s.status !== 'idle' && s.source === 'take' && s.takeId === take.id);
  const names = useVoicesStore((s) => s.names);
  const [renaming, setRenaming] = useState(false);
  const { settings } = take;
  const voiceName = (voiceId: string) =>
    names[voiceId] ?? (take.engine === 'offline' ? voiceId.replace(/^offline:/, '').toUpperCase() : 'Async voice');
  const details = [
    voicesSpoken(take, voiceName),
    take.engine === 'offline' ? 'offline' : (findModel(settings.modelId)?.label ?? settings.modelId),
    settings.language ? languageName(settings.language) : null,
    settings.speed != null ? `${settings.speed.toFixed(2)}×` : null,
    settings.stability != null ? `stability ${settings.stability}` : null,
    take.engine === 'offline' ? null : take.transport === 'ws' ? 'WebSocket' : 'HTTP',
  ].filter(Boolean);

  return (
    <li className={selected ? 'take take--selected' : 'take'} aria-current={selected ? 'true' : undefined}>
      <div className="take__head">
        {renaming ? (
          <RenameForm take={take} onDone={() => setRenaming(false)} />
        ) : (
          <button
            type="button"
            className="take__name"
            onClick={() => api.select(take.id)}
            onDoubleClick={() => setRenaming(true)}
            title="Show in the waveform (double-click to rename)"
          >
            {take.name}
          </button>
        )}
        <span className="take__duration">{formatSeconds(take.durationSeconds)}</span>
      </div>
      <p className="take__text">{excerpt(take.text)}</p>
      <p className="take__meta">
        {details.join(' · ')}
        {take.timeToFirstAudioMs !== null && <> · first audio {formatMs(take.timeToFirstAudioMs)}</>}
      </p>
      <div className="take__actions">
        <button
          type="button"
          className={playing ? 'button button--small button--on' : 'button button--small'}
          aria-label={`Listen to ${take.name}`}
          onClick={() => {
            api.select(take.id);
            playTake(take.id);
          }}
        >
          <span aria-hidden="true">▶</span> Listen
        </button>
        <button
          type="button"
          className={inA ? 'chip chip--on' : 'chip'}
          aria-pressed={inA}
          aria-label={`Use ${take.name} as A`}
          onClick={() => api.setCompare('a', inA ? null : take.id)}
        >
          A
        </button>
        <button
          type="button"
          className={inB ? 'chip chip--on' : 'chip'}
          aria-pressed={inB}
          aria-label={`Use ${take.name} as B`}
          onClick={() => api.setCompare('b', inB ? null : take.id)}
        >
          B
        </button>
        <span className="take__spacer" />
        <button
          type="button"
          className="button button--small button--quiet"
          aria-label={`Rename ${take.name}`}
          onClick={() => setRenaming(true)}
        >
          Rename
        </button>
        <button
          type="button"
          className="button button--small button--quiet button--danger"
          aria-label={`Delete ${take.name}`}
          onClick={() => api.remove(take.id)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Every render, newest first: replay, A/B, rename and delete (with undo). */
export function TakesList() {
  const { takes, pendingDelete, undoRemove } = useTakesStore(
    useShallow((s) => ({ takes: s.takes, pendingDelete: s.pendingDelete, undoRemove: s.api.undoRemove })),
  );
  const shown = pendingDelete ? takes.filter((t) => t.id !== pendingDelete.id) : takes;

  return (
    <section className="panel takes" aria-labelledby="takes-heading">
      <header className="panel__header">
        <h2 id="takes-heading">Takes</h2>
        <span className="panel__meta">{shown.length}</span>
      </header>
      {pendingDelete && (
        <div className="undo" role="status">
          <span>Deleted “{pendingDelete.name}”.</span>
          <button type="button" className="link-button" onClick={undoRemove}>
            Undo
          </button>
        </div>
      )}
      {shown.length === 0 ? (
        <p className="empty">
          Every time you press Play, the result is kept here as a take you can replay, compare and export.
        </p>
      ) : (
        <ul className="take-list" aria-label="Takes">
          {shown.map((take) => (
            <TakeRow key={take.id} take={take} />
          ))}
        </ul>
      )}
    </section>
  );
}
