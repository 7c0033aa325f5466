import { app, BrowserWindow, nativeTheme, screen } from 'electron';
import { join } from 'node:path';
import { APP_ENTRY, devServerUrl } from './app-origin';
import { loadWindowState, restoreBounds, trackWindowState } from './window-state';

/** Where electron-vite puts the bundled preload: one CommonJS file, as a sandboxed preload requires. */
const PRELOAD = join(import.meta.dirname, '../preload/index.cjs');

let mainWindow: BrowserWindow | null = null;

/** The studio's window, if open: the save dialog's parent and the second instance's target. */
export function getMainWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

/**
 * Opens the studio window where it was last left, with every webPreferences security switch set
 * explicitly (Electron security checklist 2–4, 15) rather than trusting defaults.
 */
export async function createMainWindow(): Promise<BrowserWindow> {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const { bounds, maximized } = restoreBounds(
    await loadWindowState(stateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  // Electronegativity AUXCLICK_JS_CHECK accepted: every new window, a middle click's included, goes through
  // guardWebContents's setWindowOpenHandler, which denies it (security.ts).
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Async Voice Studio',
    // The window's colour before the page paints, so opening it does not flash the wrong theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171a' : '#f7f7f8',
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK accepted: reviewed; it exposes the typed contract API alone.
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    },
  });
  if (maximized) window.maximize();
  trackWindowState(window, stateFile);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  await window.loadURL(devServerUrl() ?? APP_ENTRY);
  return window;
}

/** Brings the existing window forward (a second launch, a dock click). */
export function focusMainWindow(): void {
  const window = getMainWindow();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
