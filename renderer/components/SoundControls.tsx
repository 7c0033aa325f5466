import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { MODELS, findModel, type RangeControl } from '../../shared/models';
import type { SettingsPatch } from '../../shared/settings';
import { activeVoiceId } from '../lib/active-voice';
import { controlStates, keepSettingsValid, languageOptions, type ControlState } from '../lib/model-capabilities';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useVoicesStore } from '../stores/useVoicesStore';

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

export interface SliderProps {
  label: string;
  value: number | null;
  range: RangeControl;
  state: ControlState;
  format(value: number): string;
  onCommit(value: number | null): void;
}

export function Slider({ label, value, range, state, format, onCommit }: SliderProps) {
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
export function rangeOf(control: 'speed' | 'stability'): RangeControl {
  return MODELS.find((m) => m.controls[control])!.controls[control]!;
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
  const model = findModel(settings.modelId);
  return (
    <>
      <Slider
        label="Speed"
        value={settings.speed}
        range={model?.controls.speed ?? rangeOf('speed')}
        state={states.speed}
        format={(v) => `${v.toFixed(2)}×`}
        onCommit={(speed) => send({ speed })}
      />
      <Slider
        label="Stability"
        value={settings.stability}
        range={model?.controls.stability ?? rangeOf('stability')}
        state={states.stability}
        format={(v) => `${Math.round(v)}`}
        onCommit={(stability) => send({ stability })}
      />
    </>
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
  const languages = useMemo(() => languageOptions(settings.modelId, voice), [settings.modelId, voice]);
  const model = findModel(settings.modelId);
  const modelReason = useId();
  const languageReason = useId();

  return (
    <section className="sound" aria-label="Sound">
      <div className={states.model.enabled ? 'control' : 'control control--disabled'}>
        <label className="control__label">
          <span>Model</span>
          <select
            aria-label="Model"
            value={settings.modelId}
            disabled={!states.model.enabled}
            aria-describedby={states.model.enabled ? undefined : modelReason}
            onChange={(event) => send({ modelId: event.target.value })}
          >
            {MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
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
          <select
            aria-label="Language"
            value={settings.language ?? ''}
            disabled={!states.language.enabled}
            aria-describedby={states.language.enabled ? undefined : languageReason}
            onChange={(event) => send({ language: event.target.value || null })}
          >
            {languages.map((l) => (
              <option key={l.code ?? 'auto'} value={l.code ?? ''}>
                {l.name}
              </option>
            ))}
          </select>
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
