import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { MODELS, findModel, type RangeControl } from '../../shared/models';
import type { SettingsPatch } from '../../shared/settings';
import type { Voice } from '../../shared/voices';
import { activeVoiceId } from '../lib/active-voice';
import { controlStates, keepSettingsValid, languageOptions, type ControlState } from '../lib/model-capabilities';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useVoicesStore } from '../stores/useVoicesStore';
import { Select } from './SelectField';

/** Slider changes are sent once the hand rests, not on every step (each one may re-synthesise). */
const SLIDER_SETTLE_MS = 350;

function Reason({ id, state }: { id: string; state: ControlState }) {
  if (state.enabled || !state.reason) return null;
  return (
    <span id={id} className="control__reason">
      {state.reason}
    </span>
  );
}

interface SliderProps {
  label: string;
  value: number | null;
  range: RangeControl;
  state: ControlState;
  format(value: number): string;
  onCommit(value: number | null): void;
}

function Slider({ label, value, range, state, format, onCommit }: SliderProps) {
  const reasonId = useId();
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const shown = draft ?? value ?? range.default;

  const change = (next: number) => {
    setDraft(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setDraft(null);
      onCommit(next);
    }, SLIDER_SETTLE_MS);
  };

  return (
    <div className={state.enabled ? 'control' : 'control control--disabled'}>
      <label className="control__label">
        <span>
          {label} <output className="control__value">{state.enabled ? format(shown) : '—'}</output>
        </span>
        <input
          type="range"
          min={range.min}
          max={range.max}
          step={range.step}
          value={shown}
          aria-label={label}
          disabled={!state.enabled}
          aria-describedby={state.enabled ? undefined : reasonId}
          onChange={(event) => change(Number(event.target.value))}
        />
      </label>
      {state.enabled && value !== null && (
        <button type="button" className="link-button" onClick={() => onCommit(null)}>
          Reset
        </button>
      )}
      <Reason id={reasonId} state={state} />
    </div>
  );
}

/** The range a control has on the models that offer it (shown, disabled, on the ones that do not). */
function rangeOf(control: ShapeControl): RangeControl {
  return MODELS.find((m) => m.controls[control])!.controls[control]!;
}

export const MODEL_OPTIONS = MODELS.map((m) => ({ value: m.id, label: m.label }));

/** The language choices for a model and voice, Auto-detect (the empty value) first. */
export function useLanguageOptions(modelId: string, voice: Voice | undefined) {
  return useMemo(
    () => languageOptions(modelId, voice).map((l) => ({ value: l.code ?? '', label: l.name })),
    [modelId, voice],
  );
}

type ShapeControl = 'speed' | 'stability';

interface SpeedStabilitySlidersProps {
  modelId: string;
  values: Record<ShapeControl, number | null>;
  states: Record<ShapeControl, ControlState>;
  onCommit(control: ShapeControl, value: number | null): void;
}

/** Speed and stability over the model's ranges (the widest offered, disabled, where it has none). */
export function SpeedStabilitySliders({ modelId, values, states, onCommit }: SpeedStabilitySlidersProps) {
  const model = findModel(modelId);
  return (
    <>
      <Slider
        label="Speed"
        value={values.speed}
        range={model?.controls.speed ?? rangeOf('speed')}
        state={states.speed}
        format={(v) => `${v.toFixed(2)}×`}
        onCommit={(speed) => onCommit('speed', speed)}
      />
      <Slider
        label="Stability"
        value={values.stability}
        range={model?.controls.stability ?? rangeOf('stability')}
        state={states.stability}
        format={(v) => `${Math.round(v)}`}
        onCommit={(stability) => onCommit('stability', stability)}
      />
    </>
  );
}

/** The settings that shape the sound, and how to change them (kept valid, and live while speech plays). */
function useSound() {
  const settings = useSettingsStore((s) => s.settings);
  const voice = useVoicesStore((s) => s.voices.find((v) => v.id === activeVoiceId(settings)));
  const changeSound = usePlaybackStore((s) => s.api.changeSound);
  const send = (patch: SettingsPatch) => void changeSound(keepSettingsValid(settings, patch, voice));
  return { settings, voice, states: controlStates(settings), send };
}

/** Speed and stability, disabled with the reason where the model lacks them (also shown in Settings). */
export function ShapeSliders() {
  const { settings, states, send } = useSound();
  return (
    <SpeedStabilitySliders
      modelId={settings.modelId}
      values={settings}
      states={states}
      onCommit={(control, value) => send({ [control]: value })}
    />
  );
}

/**
 * Model, language, speed and stability: everything that shapes the sound. Controls the model
 * lacks are disabled with the reason beside them; a change while speech plays re-synthesises from
 * the sentence being heard.
 */
export function SoundControls() {
  const { settings, voice, states, send } = useSound();
  const problem = useSettingsStore((s) => s.problem);
  const languages = useLanguageOptions(settings.modelId, voice);
  const model = findModel(settings.modelId);
  const modelReason = useId();
  const languageReason = useId();

  return (
    <section className="sound" aria-label="Sound">
      <div className={states.model.enabled ? 'control' : 'control control--disabled'}>
        <label className="control__label">
          <span>Model</span>
          <Select
            aria-label="Model"
            value={settings.modelId}
            options={MODEL_OPTIONS}
            disabled={!states.model.enabled}
            aria-describedby={states.model.enabled ? undefined : modelReason}
            onChange={(modelId) => send({ modelId })}
          />
        </label>
        <Reason id={modelReason} state={states.model} />
        {states.model.enabled && model && (
          <span className="control__reason">
            ${model.pricePerHourUsd.toFixed(2)} per hour of audio · {model.languages.length} languages
          </span>
        )}
      </div>
      <div className={states.language.enabled ? 'control' : 'control control--disabled'}>
        <label className="control__label">
          <span>Language</span>
          <Select
            aria-label="Language"
            value={settings.language ?? ''}
            options={languages}
            disabled={!states.language.enabled}
            aria-describedby={states.language.enabled ? undefined : languageReason}
            onChange={(language) => send({ language: language || null })}
          />
        </label>
        <Reason id={languageReason} state={states.language} />
      </div>
      <ShapeSliders />
      {problem && (
        <p className="problem sound__problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
