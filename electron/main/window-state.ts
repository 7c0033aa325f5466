import type { BrowserWindow, Rectangle } from 'electron';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/fs/atomic-write';
import { createLogger } from '../engine/log';

const log = createLogger('window-state');

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(32_000),
  height: z.number().int().min(200).max(32_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_SIZE = { width: 1280, height: 820 };
/** How much of the window must stay on some screen for its old position to be reused. */
const MIN_VISIBLE = { width: 160, height: 80 };

/**
 * Where to open the window: the remembered bounds when enough of them is on a screen that still
 * exists (a monitor may have been unplugged), clamped to that screen; otherwise the default size,
 * centred by Electron.
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: Rectangle[],
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const overlap = (area: Rectangle) => ({
    width: Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x),
    height: Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y),
  });
  const area = workAreas.find((candidate) => {
    const seen = overlap(candidate);
    return seen.width >= MIN_VISIBLE.width && seen.height >= MIN_VISIBLE.height;
  });
  // Off every screen: keep the size (fitted to the first screen) and let Electron centre it.
  const fit = area ?? workAreas[0];
  const width = Math.min(saved.width, fit?.width ?? saved.width);
  const height = Math.min(saved.height, fit?.height ?? saved.height);
  if (!area) return { bounds: { width, height }, maximized: saved.maximized };
  // Keep the title bar reachable: never above the work area, never wider than it.
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** Reads the remembered window state; anything missing or damaged means "no memory". */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    return WindowStateSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Remembers the window's normal (unmaximised) bounds and maximised flag whenever they settle and on close. */
export function trackWindowState(window: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    void mkdir(dirname(file), { recursive: true })
      .then(() => writeFileAtomic(file, JSON.stringify(state)))
      .catch((error: unknown) => log.warn(`Could not remember the window's position: ${String(error)}`));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resized', later);
  window.on('moved', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}
