import { useEffect } from 'react';
import { studio } from '../studio';
import { useExportStore } from '../stores/useExportStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useStatusStore } from '../stores/useStatusStore';
import { useTakesStore } from '../stores/useTakesStore';

/**
 * The one place the renderer listens to the engine: loads the initial state, then follows the
 * engine's events into the stores. The effect's cleanup unsubscribes everything.
 */
export function useStudioEvents(): void {
  useEffect(() => {
    const api = studio();
    const unsubscribe = [
      api.on('connection:event', (event) => useStatusStore.getState().api.connectionEvent(event)),
      api.on('takes:changed', ({ takes }) => useTakesStore.getState().api.received(takes)),
      api.on('export:progress', ({ takeId, fraction }) => useExportStore.getState().api.progress(takeId, fraction)),
      api.on('settings:changed', (settings) => useSettingsStore.getState().api.received(settings)),
    ];
    void useSettingsStore.getState().api.load();
    void useTakesStore.getState().api.load();
    return () => unsubscribe.forEach((off) => off());
  }, []);
}
