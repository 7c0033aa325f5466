import type { AppSettings, SettingsPatch } from '../../shared/settings';

/** Each engine keeps its own voice, so switching engines loses neither. */
export function activeVoiceId(settings: AppSettings): string {
  return settings.engine === 'offline' ? settings.offlineVoiceId : settings.voiceId;
}

/** The settings change that chooses `voiceId` for the active engine and records it as recently used. */
export function chooseVoicePatch(settings: AppSettings, voiceId: string): SettingsPatch {
  const recentVoiceIds = [voiceId, ...settings.recentVoiceIds.filter((id) => id !== voiceId)].slice(0, 20);
  return settings.engine === 'offline' ? { offlineVoiceId: voiceId, recentVoiceIds } : { voiceId, recentVoiceIds };
}
