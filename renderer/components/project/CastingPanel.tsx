import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Project } from '../../../shared/project';
import { useCastingStore } from '../../stores/useCastingStore';
import { useCatalogueStore, voiceName } from '../../stores/useCatalogueStore';
import { useProjectPlaybackStore } from '../../stores/useProjectPlaybackStore';
import { currentBlock } from './project-commands';
import { SpeakerVoiceEditor } from './SpeakerVoiceEditor';

/** Longest line the grid says (the contract's limit): a sentence or two is what casting needs. */
const LINE_CHARS = 1_000;

/**
 * The casting grid: one line said by several candidates (voices, or one voice with other settings);
 * play each (a replay costs nothing), then give the winner to a speaker of the cast.
 */
export function CastingPanel({ project }: { project: Project }) {
  const { line, speakerId, candidates, pickedId, api } = useCastingStore(
    useShallow((s) => ({
      line: s.line,
      speakerId: s.speakerId,
      candidates: s.candidates,
      pickedId: s.pickedId,
      api: s.api,
    })),
  );
  const { playingId, playback } = useProjectPlaybackStore(
    useShallow((s) => ({ playingId: s.mode === 'casting' && s.status !== 'idle' ? s.subject : null, playback: s.api })),
  );
  const voices = useCatalogueStore((s) => s.voices);
  /** The one candidate whose voice is open for changes. */
  const [openId, setOpenId] = useState<string | null>(null);
  // The speaker chosen may be gone (removed, or of a project closed since): the one shown is the one picked for.
  const speaker = project.cast.find((s) => s.id === speakerId) ?? project.cast[0]!;

  useEffect(() => {
    // A first visit starts from the block in hand and its speaker, with the speaker's voice as candidate 1.
    const state = useCastingStore.getState();
    if (!state.line) state.api.setLine((currentBlock()?.text ?? '').slice(0, LINE_CHARS));
    if (!state.speakerId) state.api.setSpeaker(currentBlock()?.speakerId ?? project.defaults.speakerId);
    if (!state.candidates.length) state.api.add(speaker.voice);
  }, []);

  return (
    <div className="side__body casting">
      <label className="field">
        <span className="field__label">Line</span>
        <textarea
          className="casting__line"
          aria-label="Casting line"
          rows={3}
          maxLength={LINE_CHARS}
          value={line}
          placeholder="A line every candidate says"
          onChange={(event) => api.setLine(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">Casting for</span>
        <select
          aria-label="Speaker to cast"
          value={speaker.id}
          onChange={(event) => api.setSpeaker(event.target.value)}
        >
          {project.cast.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} (now {voiceName(voices, s.voice.voiceId)})
            </option>
          ))}
        </select>
      </label>
      <ol className="plain-list candidates">
        {candidates.map((candidate, index) => {
          const label = `Candidate ${index + 1}`;
          const playing = playingId === candidate.id;
          return (
            <li key={candidate.id} className={pickedId === candidate.id ? 'candidate candidate--picked' : 'candidate'}>
              <div className="candidate__head">
                <button
                  type="button"
                  className={playing ? 'icon-button icon-button--on' : 'icon-button'}
                  aria-label={playing ? `Stop ${label}` : `Play ${label}`}
                  title={`Hear ${label} say the line`}
                  disabled={!line.trim()}
                  onClick={() =>
                    playing ? playback.stop() : playback.playCasting(candidate.id, line.trim(), candidate.voice)
                  }
                >
                  {playing ? '■' : '▶'}
                </button>
                <span className="candidate__number">{index + 1}</span>
                <button
                  type="button"
                  className="link-button candidate__name"
                  aria-expanded={openId === candidate.id}
                  title="Change this candidate's voice or settings"
                  onClick={() => setOpenId(openId === candidate.id ? null : candidate.id)}
                >
                  {voiceName(voices, candidate.voice.voiceId)}
                  {candidate.voice.speed !== undefined ? ` · ${candidate.voice.speed.toFixed(2)}×` : ''}
                  {candidate.voice.stability !== undefined ? ` · stability ${candidate.voice.stability}` : ''}
                </button>
                {pickedId === candidate.id ? (
                  <span className="badge">Given to {speaker.name}</span>
                ) : (
                  <button
                    type="button"
                    className="button button--small button--primary"
                    aria-label={`Pick ${label} for ${speaker.name}`}
                    onClick={() => void api.pick(candidate.id, speaker.id)}
                  >
                    Pick
                  </button>
                )}
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label={`Remove ${label}`}
                  onClick={() => api.remove(candidate.id)}
                >
                  ✕
                </button>
              </div>
              {openId === candidate.id && (
                <SpeakerVoiceEditor
                  label={label}
                  voice={candidate.voice}
                  onChange={(voice) => api.change(candidate.id, voice)}
                />
              )}
            </li>
          );
        })}
      </ol>
      <span className="speaker__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            api.add(candidates[candidates.length - 1]?.voice ?? speaker.voice);
            setOpenId(useCastingStore.getState().candidates.at(-1)?.id ?? null);
          }}
        >
          + Add candidate
        </button>
        <span className="note">Change a candidate’s voice or settings, play each, pick the winner.</span>
      </span>
    </div>
  );
}
