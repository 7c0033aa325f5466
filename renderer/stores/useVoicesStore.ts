import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { Voice } from '../../shared/voices';
import { previewPlayer } from '../audio/preview-player';
import { chooseVoicePatch } from '../lib/active-voice';
import { keepSettingsValid } from '../lib/model-capabilities';
import { studio } from '../studio';
import { usePlaybackStore } from './usePlaybackStore';
import { useSettingsStore } from './useSettingsStore';

export interface VoiceFilterState {
  query: string;
  language: string;
  gender: string;
  accent: string;
  style: string;
  favouritesOnly: boolean;
}

export const NO_FILTER: VoiceFilterState = {
  query: '',
  language: '',
  gender: '',
  accent: '',
  style: '',
  favouritesOnly: false,
};

interface VoicesState {
  engine: 'async' | 'offline' | null;
  voices: Voice[];
  /** Names of every voice seen in any engine's catalogue, so takes made with another engine still show a name. */
  names: Record<string, string>;
  loading: boolean;
  error: StudioErrorInfo | null;
  filter: VoiceFilterState;
  previewingId: string | null;
  api: {
    load(engine: 'async' | 'offline'): Promise<void>;
    setFilter(patch: Partial<VoiceFilterState>): void;
    clearFilters(): void;
    /** Makes `voice` the active engine's voice: recorded as recent, re-synthesised live if speech is playing. */
    choose(voice: Voice): void;
    /** Plays the voice's sample; a second press on the same voice stops it. */
    preview(voiceId: string): Promise<void>;
  };
}

/** The whole catalogue of the active engine (filtered locally, so typing never waits on the network). */
export const useVoicesStore = create<VoicesState>()((set, get) => ({
  engine: null,
  voices: [],
  names: {},
  loading: false,
  error: null,
  filter: NO_FILTER,
  previewingId: null,
  api: {
    async load(engine) {
      set({ engine, loading: true, error: null });
      const result = await studio().voices.list({ engine });
      if (get().engine !== engine) return;
      if (result.ok) {
        const names = { ...get().names };
        for (const voice of result.value) names[voice.id] = voice.name;
        set({ voices: result.value, names, loading: false });
      } else set({ voices: [], loading: false, error: result.error });
    },
    choose(voice) {
      const { settings } = useSettingsStore.getState();
      const patch = keepSettingsValid(settings, chooseVoicePatch(settings, voice.id), voice);
      void usePlaybackStore.getState().api.changeSound(patch);
    },
    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
    clearFilters: () => set((s) => ({ filter: { ...NO_FILTER, query: s.filter.query } })),
    async preview(voiceId) {
      if (get().previewingId === voiceId) {
        previewPlayer.stop();
        return set({ previewingId: null });
      }
      set({ previewingId: voiceId, error: null });
      const result = await studio().voices.preview({ voiceId });
      if (get().previewingId !== voiceId) return;
      if (!result.ok) return set({ previewingId: null, error: result.error });
      await previewPlayer.play(result.value.bytes, result.value.mimeType);
      if (get().previewingId === voiceId) set({ previewingId: null });
    },
  },
}));
