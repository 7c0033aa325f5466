import { useEffect } from 'react';
import { studio } from '../studio';
import { useExportStore } from '../stores/useExportStore';
import { useProjectExportStore } from '../stores/useProjectExportStore';
import { useProjectStore } from '../stores/useProjectStore';
import { useRenderStore } from '../stores/useRenderStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useStatusStore } from '../stores/useStatusStore';
import { useTakesStore } from '../stores/useTakesStore';
import { runMenuCommand } from './menu-commands';

/**
 * The one place the renderer listens to the engine: loads the initial state, then follows the
 * engine's events into the stores. The effect's cleanup unsubscribes everything.
 */
export function useStudioEvents(): void {
  useEffect(() => {
    const api = studio();
    const project = useProjectStore.getState().api;
    const unsubscribe = [
      api.on('connection:event', (event) => useStatusStore.getState().api.connectionEvent(event)),
      api.on('takes:changed', ({ takes }) => useTakesStore.getState().api.received(takes)),
      api.on('export:progress', ({ takeId, fraction }) => useExportStore.getState().api.progress(takeId, fraction)),
      api.on('settings:changed', (settings) => useSettingsStore.getState().api.received(settings)),
      api.on('menu:command', ({ command }) => runMenuCommand(command)),
      api.on('project:opened', (snapshot) => project.opened(snapshot)),
      api.on('project:changed', (change) => project.changed(change)),
      api.on('render:progress', (queue) => useRenderStore.getState().api.progress(queue)),
      api.on('project:export-progress', ({ fraction, stage }) =>
        useProjectExportStore.getState().api.progress(fraction, stage),
      ),
    ];
    void useSettingsStore.getState().api.load();
    void useTakesStore.getState().api.load();
    // A project may already be open (the page was reloaded, or the web shell reconnected).
    void project.reload();
    void project.loadRecent();
    void useRenderStore.getState().api.load();
    return () => unsubscribe.forEach((off) => off());
  }, []);
}
