import { LANGUAGES, languageName } from '../../shared/languages';
import { MODELS, findModel, type ModelInfo } from '../../shared/models';
import type { AppSettings, SettingsPatch } from '../../shared/settings';
import type { Voice } from '../../shared/voices';

/** Whether a control can be used, and if not, why (shown next to it). */
export interface ControlState {
  enabled: boolean;
  reason: string | null;
}

const ENABLED: ControlState = { enabled: true, reason: null };

function modelsWith(control: 'speed' | 'stability'): string {
  const labels = MODELS.filter((m) => m.controls[control]).map((m) => m.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? '');
}

function controlState(model: ModelInfo | undefined, control: 'speed' | 'stability', title: string): ControlState {
  if (model?.controls[control]) return ENABLED;
  return { enabled: false, reason: `${title} is only available on ${modelsWith(control)}.` };
}

/**
 * Which sound controls the chosen engine and model offer. The offline engine has one built-in
 * model, honours speed, and ignores stability and language.
 */
export function controlStates(settings: Pick<AppSettings, 'engine' | 'modelId'>): {
  model: ControlState;
  language: ControlState;
  speed: ControlState;
  stability: ControlState;
} {
  if (settings.engine === 'offline') {
    const asyncOnly = (what: string) => ({
      enabled: false,
      reason: `${what} apply to the Async engine; the offline engine has its own.`,
    });
    return {
      model: asyncOnly('Models'),
      language: { enabled: false, reason: 'The offline engine speaks English only.' },
      speed: ENABLED,
      stability: { enabled: false, reason: 'Stability is only available on the Async engine (Async Flash v1.0).' },
    };
  }
  const model = findModel(settings.modelId);
  return {
    model: ENABLED,
    language: ENABLED,
    speed: controlState(model, 'speed', 'Speed'),
    stability: controlState(model, 'stability', 'Stability'),
  };
}

export interface LanguageOption {
  /** null: let the model detect the language. */
  code: string | null;
  name: string;
}

/** Languages both the model and the voice speak, after "Auto-detect". A voice that lists none limits nothing. */
export function languageOptions(modelId: string, voice: Voice | undefined): LanguageOption[] {
  const model = findModel(modelId);
  const modelLanguages: readonly string[] = model ? model.languages : LANGUAGES.map((l) => l.code);
  const voiceLanguages = voice?.languages.length ? voice.languages : null;
  const codes = modelLanguages.filter((code) => !voiceLanguages || voiceLanguages.includes(code));
  return [{ code: null, name: 'Auto-detect' }, ...codes.map((code) => ({ code, name: languageName(code) }))];
}

/**
 * Completes a change of model or voice so the settings stay sendable: a language the new pair
 * cannot speak goes back to auto-detect, and controls the new model lacks are cleared.
 */
export function keepSettingsValid(
  settings: AppSettings,
  patch: SettingsPatch,
  voice: Voice | undefined,
): SettingsPatch {
  const next = { ...settings, ...patch };
  const fixed: SettingsPatch = { ...patch };
  if (next.language && !languageOptions(next.modelId, voice).some((o) => o.code === next.language)) {
    fixed.language = null;
  }
  if (next.engine === 'async') {
    const model = findModel(next.modelId);
    if (next.speed !== null && !model?.controls.speed) fixed.speed = null;
    if (next.stability !== null && !model?.controls.stability) fixed.stability = null;
  }
  return fixed;
}
