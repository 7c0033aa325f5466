import { useEffect } from 'react';
import type { SpeakerVoice } from '../../../shared/project';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../shared/settings';
import type { Voice } from '../../../shared/voices';
import { controlStates, keepSettingsValid } from '../../lib/model-capabilities';
import { useCatalogueStore } from '../../stores/useCatalogueStore';
import { useDialogStore } from '../../stores/useDialogStore';
import { useSettingsStore } from '../../stores/useSettingsStore';
import { SelectField } from '../SelectField';
import { MODEL_OPTIONS, SpeedStabilitySliders, useLanguageOptions } from '../SoundControls';
import { Problem } from '../Problem';

/** A speaker's voice seen as the studio's settings, so the studio's capability rules apply unchanged. */
function asSettings(voice: SpeakerVoice): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    engine: voice.engine,
    modelId: voice.modelId,
    language: voice.language ?? null,
    speed: voice.speed ?? null,
    stability: voice.stability ?? null,
  };
}

/**
 * Completes a change so the voice stays sendable (keepSettingsValid's rules): a language the
 * model and voice cannot speak goes back to auto-detect, controls the model lacks are cleared.
 */
function keepVoiceValid(voice: SpeakerVoice, catalogueVoice: Voice | undefined): SpeakerVoice {
  const settings = asSettings(voice);
  const fixed = { ...settings, ...keepSettingsValid(settings, {}, catalogueVoice) };
  const next: SpeakerVoice = { engine: voice.engine, voiceId: voice.voiceId, modelId: voice.modelId };
  if (fixed.language) next.language = fixed.language;
  if (fixed.speed !== null) next.speed = fixed.speed;
  if (fixed.stability !== null) next.stability = fixed.stability;
  return next;
}

interface SpeakerVoiceEditorProps {
  voice: SpeakerVoice;
  onChange(voice: SpeakerVoice): void;
  /** Names the fields for assistive technology ("Narrator", "Candidate 2"). */
  label: string;
}

/**
 * Engine, voice, model, language, speed and stability of a speaker (or a casting candidate). The
 * model's missing controls are disabled with the reason, as in the studio's sound controls.
 */
export function SpeakerVoiceEditor({ voice, onChange, label }: SpeakerVoiceEditorProps) {
  const catalogue = useCatalogueStore((s) => s.voices[voice.engine]);
  const catalogueError = useCatalogueStore((s) => s.errors[voice.engine]);
  const loadCatalogue = useCatalogueStore((s) => s.api.load);
  const hasKey = useSettingsStore((s) => !!s.key?.hasKey);
  const showDialog = useDialogStore((s) => s.api.show);

  useEffect(() => {
    if (voice.engine === 'offline' || hasKey) void loadCatalogue(voice.engine, !!catalogueError);
    // A catalogue that failed (no key yet) is asked for again once a key is added.
  }, [voice.engine, hasKey]);

  const voices = catalogue ?? [];
  const current = voices.find((v) => v.id === voice.voiceId);
  const states = controlStates(asSettings(voice));
  const languages = useLanguageOptions(voice.modelId, current);
  const voiceOptions = [
    ...(current
      ? []
      : [{ value: voice.voiceId, label: catalogue ? `${voice.voiceId} (not in the catalogue)` : 'Loading…' }]),
    ...voices.map((v) => ({ value: v.id, label: `${v.name}${v.accent ? ` · ${v.accent}` : ''}` })),
  ];
  const change = (patch: Partial<SpeakerVoice>) => {
    const next = { ...voice, ...patch };
    onChange(
      keepVoiceValid(
        next,
        voices.find((v) => v.id === next.voiceId),
      ),
    );
  };
  const chooseEngine = (engine: SpeakerVoice['engine']) => {
    if (engine === voice.engine) return;
    const voiceId = engine === 'offline' ? DEFAULT_SETTINGS.offlineVoiceId : DEFAULT_SETTINGS.voiceId;
    onChange(keepVoiceValid({ engine, voiceId, modelId: voice.modelId }, undefined));
  };

  return (
    <div className="inset voice-editor" role="group" aria-label={`${label} voice`}>
      <div className="segmented" role="radiogroup" aria-label={`${label} engine`}>
        {(['offline', 'async'] as const).map((engine) => (
          <button
            key={engine}
            type="button"
            role="radio"
            aria-checked={voice.engine === engine}
            className="segmented__option"
            onClick={() => chooseEngine(engine)}
          >
            {engine === 'offline' ? 'Offline' : 'Async'}
          </button>
        ))}
      </div>
      {voice.engine === 'async' && !hasKey && (
        <p className="note">
          Async voices need your API key.{' '}
          <button type="button" className="link-button" onClick={() => showDialog('key')}>
            Add your API key
          </button>
        </p>
      )}
      <SelectField
        label="Voice"
        aria-label={`${label} voice name`}
        value={voice.voiceId}
        options={voiceOptions}
        onChange={(voiceId) => change({ voiceId })}
      />
      {hasKey && <Problem error={catalogueError ?? null} />}
      <div className="voice-editor__row">
        <SelectField
          label="Model"
          aria-label={`${label} model`}
          value={voice.modelId}
          options={MODEL_OPTIONS}
          disabled={!states.model.enabled}
          title={states.model.reason ?? undefined}
          onChange={(modelId) => change({ modelId })}
        />
        <SelectField
          label="Language"
          aria-label={`${label} language`}
          value={voice.language ?? ''}
          options={languages}
          disabled={!states.language.enabled}
          title={states.language.reason ?? undefined}
          onChange={(language) => change({ language: language || null })}
        />
      </div>
      <div className="voice-editor__row">
        <SpeedStabilitySliders
          modelId={voice.modelId}
          values={{ speed: voice.speed ?? null, stability: voice.stability ?? null }}
          states={states}
          onCommit={(control, value) => change({ [control]: value ?? undefined })}
        />
      </div>
    </div>
  );
}
