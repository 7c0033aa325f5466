import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { player } from '../audio/playback-engine';
import { MOD_KEY } from '../hooks/useShortcuts';
import { formatSeconds } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useScriptStore } from '../stores/useScriptStore';
import { useTakesStore } from '../stores/useTakesStore';

/** Where playback is, read from the player a few times a second (the playhead itself is drawn by the waveform). */
function usePlayPosition(active: boolean): { sentence: number | null; seconds: number | null } {
  const [position, setPosition] = useState<{ sentence: number | null; seconds: number | null }>({
    sentence: null,
    seconds: null,
  });
  useEffect(() => {
    if (!active) return;
    const read = () => setPosition({ sentence: player.currentSentence, seconds: player.takeSeconds });
    read();
    const timer = setInterval(read, 250);
    return () => clearInterval(timer);
  }, [active]);
  return position;
}

/** Play, Stop and Export, with what is playing and the A/B switch. */
export function TransportBar() {
  const { status, source, api } = usePlaybackStore(
    useShallow((s) => ({ status: s.status, source: s.source, api: s.api })),
  );
  const hasScript = useScriptStore((s) => s.text.trim().length > 0);
  const canCompare = useTakesStore((s) => !!s.compare.a && !!s.compare.b);
  const canExport = useTakesStore((s) => s.takes.length > 0);
  const showDialog = useDialogStore((s) => s.api.show);
  const position = usePlayPosition(status !== 'idle');

  const state =
    status === 'starting'
      ? source === 'speech'
        ? 'Synthesising…'
        : 'Loading take…'
      : status === 'idle'
        ? 'Ready'
        : source === 'speech'
          ? 'Playing'
          : 'Playing take';
  // Position changes several times a second, so it stays out of the live region (no screen-reader chatter).
  const where = [
    status === 'playing' && source === 'speech' && position.sentence !== null
      ? `Sentence ${position.sentence + 1}`
      : '',
    status === 'playing' && position.seconds !== null ? formatSeconds(position.seconds) : '',
  ].filter(Boolean);

  return (
    <div className="control-bar transport" role="group" aria-label="Transport">
      <button
        type="button"
        className="button button--primary button--transport"
        data-transport=""
        disabled={!hasScript}
        title={`Play the script (${MOD_KEY}+Enter, or Space)`}
        onClick={() => api.play(useScriptStore.getState().text)}
      >
        <span aria-hidden="true">▶</span> Play
      </button>
      <button
        type="button"
        className="button button--transport"
        data-transport=""
        disabled={status === 'idle'}
        title="Stop at once (Space)"
        onClick={api.stop}
      >
        <span aria-hidden="true">■</span> Stop
      </button>
      <button
        type="button"
        className="button button--transport"
        disabled={!canExport}
        title={`Export a take to a file (${MOD_KEY}+E)`}
        onClick={() => showDialog('export')}
      >
        Export
      </button>
      <button
        type="button"
        className="button button--quiet"
        disabled={!canCompare}
        title={canCompare ? 'Switch between take A and take B at the same position' : 'Mark two takes as A and B first'}
        onClick={api.compareSwitch}
      >
        A ⇄ B
      </button>
      <span className="transport__status">
        {status !== 'idle' && <span className="pulse" aria-hidden="true" />}
        <span aria-live="polite">{state}</span>
        {where.length > 0 && <span>· {where.join(' · ')}</span>}
      </span>
    </div>
  );
}
