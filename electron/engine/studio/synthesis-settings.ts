import type { AppSettings } from '../../../shared/settings';
import type { SynthesisSettings } from '../../../shared/synthesis';

/**
 * What a provider is asked for, from the studio's settings: the voice kept for that engine (Async
 * and offline each keep their own) and raw PCM at the stream's rate, which the player plays as is.
 */
export function synthesisSettingsFor(
  settings: AppSettings,
  engine: 'async' | 'offline',
  sampleRate: number,
): SynthesisSettings {
  return {
    voiceId: engine === 'async' ? settings.voiceId : settings.offlineVoiceId,
    modelId: settings.modelId,
    language: settings.language,
    speed: settings.speed ?? undefined,
    stability: settings.stability ?? undefined,
    output: { container: 'raw', encoding: settings.encoding, sampleRate },
  };
}
