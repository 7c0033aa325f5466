import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import type { Project } from '../../shared/project';
import { useBlockDraftsStore } from '../../renderer/stores/useBlockDraftsStore';
import { useCastingStore } from '../../renderer/stores/useCastingStore';
import { useCatalogueStore } from '../../renderer/stores/useCatalogueStore';
import { useDialogStore } from '../../renderer/stores/useDialogStore';
import { useExportStore } from '../../renderer/stores/useExportStore';
import { usePlaybackStore } from '../../renderer/stores/usePlaybackStore';
import { useProjectExportStore } from '../../renderer/stores/useProjectExportStore';
import { useProjectPlaybackStore } from '../../renderer/stores/useProjectPlaybackStore';
import { useProjectStore } from '../../renderer/stores/useProjectStore';
import { useRenderStore } from '../../renderer/stores/useRenderStore';
import { useScriptStore } from '../../renderer/stores/useScriptStore';
import { useSettingsStore } from '../../renderer/stores/useSettingsStore';
import { useStatusStore } from '../../renderer/stores/useStatusStore';
import { useTakesStore } from '../../renderer/stores/useTakesStore';
import { useViewStore } from '../../renderer/stores/useViewStore';
import { useVoicesStore } from '../../renderer/stores/useVoicesStore';
import { createFakeStudio, type FakeStudio } from './fake-studio';

const STORES = [
  useDialogStore,
  useExportStore,
  usePlaybackStore,
  useScriptStore,
  useSettingsStore,
  useStatusStore,
  useTakesStore,
  useVoicesStore,
  useViewStore,
  useProjectStore,
  useBlockDraftsStore,
  useRenderStore,
  useProjectPlaybackStore,
  useCastingStore,
  useProjectExportStore,
  useCatalogueStore,
] as const;

/** Browser bits jsdom lacks that the studio touches. */
function stubBrowser(): void {
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
  URL.createObjectURL = vi.fn(() => 'blob:preview');
  URL.revokeObjectURL = vi.fn();
  HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  HTMLMediaElement.prototype.pause = vi.fn();
  // wavesurfer's region plugin asks about the pointer; jsdom has no media queries.
  window.matchMedia ??= (query: string) =>
    ({
      media: query,
      matches: false,
      onchange: null,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

/**
 * Installs a fresh fake engine as `window.studio`, with every store back to its first state and
 * the settings, key and takes loaded from it (as the app does on start).
 */
export async function startStudio(options: Parameters<typeof createFakeStudio>[0] = {}): Promise<FakeStudio> {
  stubBrowser();
  for (const store of STORES)
    (store as { setState(s: unknown, replace: true): void }).setState(store.getInitialState(), true);
  const fake = createFakeStudio(options);
  window.studio = fake.api;
  await useSettingsStore.getState().api.load();
  await useTakesStore.getState().api.load();
  fake.calls.length = 0;
  return fake;
}

/**
 * A studio with `project` open in the Projects view, loaded as the app loads it on start
 * (project:get), with the call log cleared.
 */
export async function startProjectStudio(
  project: Project,
  options: Parameters<typeof createFakeStudio>[0] = {},
): Promise<FakeStudio> {
  const fake = await startStudio(options);
  fake.project.install(project);
  await useProjectStore.getState().api.reload();
  useViewStore.getState().api.setView('projects');
  fake.calls.length = 0;
  return fake;
}

/** Unmounts what a test rendered (vitest runs without globals, so Testing Library cannot do it itself). */
export function cleanupAfterEach(): void {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    localStorage.clear();
  });
}
