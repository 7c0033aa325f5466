import { languageName } from '../../../shared/languages';
import { findModel } from '../../../shared/models';
import type { Block, Take } from '../../../shared/project';
import { formatMs, formatSeconds, kiloHertz } from '../../lib/format';
import { useCatalogueStore, voiceName } from '../../stores/useCatalogueStore';
import { takeSubject, useProjectPlaybackStore } from '../../stores/useProjectPlaybackStore';
import { useProjectStore } from '../../stores/useProjectStore';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** How a take was made, in a line: voice, model, language and settings. */
function howMade(take: Take, name: (voiceId: string) => string): string {
  const { voice, engine } = take.provenance;
  return [
    name(voice.voiceId),
    engine === 'offline' ? 'offline engine' : (findModel(voice.modelId)?.label ?? voice.modelId),
    voice.language ? languageName(voice.language) : null,
    voice.speed !== undefined ? `speed ${voice.speed.toFixed(2)}×` : null,
    voice.stability !== undefined ? `stability ${voice.stability}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Request timings: first audio and the whole request. */
function timings(take: Take): string {
  const { timeToFirstAudioMs, totalMs } = take.provenance.timings;
  return [
    timeToFirstAudioMs === null ? null : `first audio ${formatMs(timeToFirstAudioMs)}`,
    `made in ${formatMs(totalMs)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A block's takes, newest first, with how each was made; play one, or pick the one in use. */
export function BlockTakes({ block }: { block: Block }) {
  const voices = useCatalogueStore((s) => s.voices);
  const playing = useProjectPlaybackStore((s) => (s.mode === 'take' && s.status !== 'idle' ? s.subject : null));
  const playback = useProjectPlaybackStore((s) => s.api);
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const takes = [...block.takes].reverse();
  if (!takes.length) return <p className="block__note">No takes yet: render the block to make one.</p>;
  return (
    <ul className="takes-mini" aria-label="Takes">
      {takes.map((take) => {
        const inUse = take.id === block.selectedTakeId;
        const isPlaying = playing === takeSubject(block.id, take.id);
        return (
          <li key={take.id} className={inUse ? 'take-mini take-mini--in-use' : 'take-mini'}>
            <button
              type="button"
              className="icon-button icon-button--small"
              aria-label={isPlaying ? 'Stop take' : `Play take of ${when(take.createdAt)}`}
              aria-pressed={isPlaying}
              onClick={() => (isPlaying ? playback.stop() : playback.playTake(block.id, take.id))}
            >
              {isPlaying ? '■' : '▶'}
            </button>
            <div className="take-mini__body">
              <span className="take-mini__head">
                <strong>{when(take.createdAt)}</strong>
                <span>{formatSeconds(take.provenance.durationSeconds)}</span>
                {take.provenance.text !== block.text && (
                  <span className="take-mini__sent" title={take.provenance.text}>
                    sent: “{take.provenance.text}”
                  </span>
                )}
              </span>
              <span className="take-mini__meta">
                {howMade(take, (id) => voiceName(voices, id))} · {timings(take)} ·{' '}
                {take.provenance.transport.toUpperCase()} {kiloHertz(take.provenance.sampleRate)}
              </span>
            </div>
            {inUse ? (
              <span className="badge">In use</span>
            ) : (
              <button
                type="button"
                className="button button--small"
                onClick={() => void editOrReport([{ op: 'select-take', blockId: block.id, takeId: take.id }])}
              >
                Use
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
