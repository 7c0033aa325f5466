import { create } from 'zustand';
import type { AppInfo, KeyStatus } from '../../shared/ipc-contract';
import { DEFAULT_SETTINGS, type AppSettings, type SettingsPatch } from '../../shared/settings';
import { messageWithHint } from '../lib/error-advice';
import { studio } from '../studio';
import { useStatusStore } from './useStatusStore';

interface SettingsState {
  settings: AppSettings;
  loaded: boolean;
  key: KeyStatus | null;
  app: AppInfo | null;
  /** Why the last change was refused, in the engine's words with its hint; cleared by the next accepted change. */
  problem: string | null;
  api: {
    load(): Promise<void>;
    /** Sends a change; true when the engine accepted it. */
    update(patch: SettingsPatch): Promise<boolean>;
    received(settings: AppSettings): void;
    /** Stores a key (checked by the engine with one cheap call); resolves to the refusal, or null. */
    setKey(key: string, persist: boolean): Promise<string | null>;
    clearKey(): Promise<void>;
    toggleFavourite(voiceId: string): Promise<void>;
  };
}

/** Settings, key status and app info: everything the engine keeps for the user. */
export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: DEFAULT_SETTINGS,
  loaded: false,
  key: null,
  app: null,
  problem: null,
  api: {
    async load() {
      const [settings, key, app] = await Promise.all([
        studio().settings.get({}),
        studio().key.status({}),
        studio().app.info({}),
      ]);
      if (settings.ok) set({ settings: settings.value, loaded: true });
      else useStatusStore.getState().api.report(settings.error);
      if (key.ok) set({ key: key.value });
      if (app.ok) set({ app: app.value });
    },
    async update(patch) {
      const result = await studio().settings.update(patch);
      if (!result.ok) {
        set({ problem: messageWithHint(result.error) });
        return false;
      }
      set({ settings: result.value, problem: null });
      return true;
    },
    received: (settings) => set({ settings, loaded: true }),
    async setKey(key, persist) {
      const result = await studio().key.set({ key, persist });
      if (!result.ok) return messageWithHint(result.error);
      set({ key: result.value });
      if (useStatusStore.getState().error?.info.code === 'AUTH') useStatusStore.getState().api.dismissError();
      return null;
    },
    async clearKey() {
      const result = await studio().key.clear({});
      if (result.ok) set({ key: result.value });
      else useStatusStore.getState().api.report(result.error);
    },
    async toggleFavourite(voiceId) {
      const favourites = get().settings.favouriteVoiceIds;
      const next = favourites.includes(voiceId) ? favourites.filter((id) => id !== voiceId) : [...favourites, voiceId];
      await get().api.update({ favouriteVoiceIds: next });
    },
  },
}));
