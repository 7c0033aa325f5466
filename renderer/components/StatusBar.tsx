import { useShallow } from 'zustand/react/shallow';
import { useClock } from '../hooks/useClock';
import { adviceFor, secondsUntil } from '../lib/error-advice';
import { formatMs } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { useProjectStore } from '../stores/useProjectStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useStatusStore, type ConnectionState } from '../stores/useStatusStore';
import { useViewStore } from '../stores/useViewStore';

const CONNECTION_WORDS: Record<ConnectionState, string> = {
  idle: 'Not connected yet',
  connected: 'Connected',
  disconnected: 'Disconnected',
  error: 'Connection error',
};

/** The error of the moment in plain words, with its way out as a button. */
function ErrorMessage() {
  const { error, dismiss } = useStatusStore(useShallow((s) => ({ error: s.error, dismiss: s.api.dismissError })));
  const showDialog = useDialogStore((s) => s.api.show);
  const update = useSettingsStore((s) => s.api.update);
  const advice = error ? adviceFor(error.info, error.receivedAtMs) : null;
  const now = useClock(advice?.wayOut?.kind === 'retry-at');
  if (!advice) return null;
  const wayOut = advice.wayOut;
  const wait = wayOut?.kind === 'retry-at' ? secondsUntil(wayOut.atMs, now) : 0;
  return (
    <div className="status__error" role="alert">
      <span title={advice.message}>
        {advice.message}
        {wayOut?.kind === 'retry-at' && (wait > 0 ? ` Try again in ${wait} s.` : ' You can try again now.')}
      </span>
      {wayOut?.kind === 'key' && (
        <button type="button" className="link-button" onClick={() => showDialog('key')}>
          Update API key
        </button>
      )}
      {wayOut?.kind === 'offline' && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            void update({ engine: 'offline' });
            dismiss();
          }}
        >
          Use the offline engine
        </button>
      )}
      <button type="button" className="icon-button icon-button--small" aria-label="Dismiss" onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}

/** Connection, engine, time to first audio, and the error or notice of the moment. */
export function StatusBar() {
  const { connection, detail, ttfa, notice, hasError } = useStatusStore(
    useShallow((s) => ({
      connection: s.connection,
      detail: s.connectionDetail,
      ttfa: s.lastTtfaMs,
      notice: s.notice,
      hasError: !!s.error,
    })),
  );
  const { studioEngine, transport, app } = useSettingsStore(
    useShallow((s) => ({ studioEngine: s.settings.engine, transport: s.settings.transport, app: s.app })),
  );
  // In a project each speaker names its engine; the studio's own choice says nothing about them.
  const castEngine = useProjectStore((s) => {
    if (!s.snapshot) return null;
    return s.snapshot.project.cast.some((speaker) => speaker.voice.engine === 'async') ? 'async' : 'offline';
  });
  const inProject = useViewStore((s) => s.view === 'projects') && castEngine !== null;
  const engine = inProject ? castEngine : studioEngine;
  const offline = engine === 'offline';
  const dot = offline ? 'local' : connection;

  return (
    <footer className="status" aria-label="Status">
      <span className="status__item" title={detail ?? undefined}>
        <span className={`dot dot--${dot}`} aria-hidden="true" />
        {offline ? 'Offline engine: no network needed' : CONNECTION_WORDS[connection]}
        {!offline && detail && connection === 'error' && <span className="status__detail"> · {detail}</span>}
      </span>
      <span className="status__item">
        {inProject
          ? // Project renders pick their own request (word-timed where the model allows), so no transport here.
            `Cast: ${offline ? 'Offline (Flite)' : 'Async voices'}`
          : `Engine: ${offline ? 'Offline (Flite)' : `Async · ${transport === 'ws' ? 'WebSocket streaming' : 'HTTP'}`}`}
      </span>
      <span className="status__item">First audio: {ttfa === null ? '—' : formatMs(ttfa)}</span>
      <span className="status__message">
        {hasError ? <ErrorMessage /> : notice && <span role="status">{notice}</span>}
      </span>
      {app && (
        <span className="status__item status__item--quiet">
          {app.shell === 'web' ? 'Web' : 'Desktop'} · v{app.version}
        </span>
      )}
    </footer>
  );
}
