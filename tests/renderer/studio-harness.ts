import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { useDialogStore } from '../../renderer/stores/useDialogStore';
import { useExportStore } from '../../renderer/stores/useExportStore';
import { usePlaybackStore } from '../../renderer/stores/usePlaybackStore';
import { useScriptStore } from '../../renderer/stores/useScriptStore';
import { useSettingsStore } from '../../renderer/stores/useSettingsStore';
import { useStatusStore } from '../../renderer/stores/useStatusStore';
import { useTakesStore } from '../../renderer/stores/useTakesStore';
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
] as const;

/** Browser bits jsdom lacks that the studio touches. */
function stubBrowser(): void {
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
  URL.createObjectURL = vi.fn(() => 'blob:preview');
  URL.revokeObjectURL = vi.fn();
  HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
  HTMLMediaElement.prototype.pause = vi.fn();
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

/** Unmounts what a test rendered (vitest runs without globals, so Testing Library cannot do it itself). */
export function cleanupAfterEach(): void {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    localStorage.clear();
  });
}
