import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { Voice } from '../../shared/voices';
import { studio } from '../studio';

type Engine = 'async' | 'offline';

interface CatalogueState {
  /** Each engine's whole catalogue once loaded: speakers of one project may use both engines. */
  voices: Partial<Record<Engine, Voice[]>>;
  errors: Partial<Record<Engine, StudioErrorInfo>>;
  api: {
    /** Loads an engine's catalogue unless it is already here (`again` asks anew, after a key was added). */
    load(engine: Engine, again?: boolean): Promise<void>;
  };
}

const loading = new Map<Engine, Promise<void>>();

/** Voice catalogues for the cast and the casting grid, independent of the studio's chosen engine. */
export const useCatalogueStore = create<CatalogueState>()((set, get) => ({
  voices: {},
  errors: {},
  api: {
    load(engine, again = false) {
      if (!again && get().voices[engine]) return Promise.resolve();
      const pending =
        loading.get(engine) ??
        studio()
          .voices.list({ engine })
          .then((result) => {
            loading.delete(engine);
            if (result.ok) {
              const { [engine]: _dropped, ...errors } = get().errors;
              set({ voices: { ...get().voices, [engine]: result.value }, errors });
            } else set({ errors: { ...get().errors, [engine]: result.error } });
          });
      loading.set(engine, pending);
      return pending;
    },
  },
}));

/** A voice's name from either catalogue; its id when neither has been loaded or knows it. */
export function voiceName(voices: CatalogueState['voices'], voiceId: string): string {
  return (voices.async ?? []).concat(voices.offline ?? []).find((v) => v.id === voiceId)?.name ?? voiceId;
}
