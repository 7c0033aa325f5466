import { app, dialog } from 'electron';
import { createMainWindow, focusMainWindow, getMainWindow } from './window';

/**
 * One studio per user: a second launch focuses the first window and exits (two instances would
 * write the same settings and takes). Returns false in the instance that must quit.
 */
export function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusMainWindow);
  return true;
}

/**
 * Test-only switches, honoured only when the app is unpackaged (Actual Budget's e2e fixtures):
 * STUDIO_DATA_DIR gives each Playwright test its own settings, takes and window state.
 */
export function applyTestEnvironment(): void {
  const dataDir = process.env.STUDIO_DATA_DIR;
  if (!app.isPackaged && dataDir) app.setPath('userData', dataDir);
}

/** Quits when the window closes, except on macOS where apps stay in the dock and reopen on click. */
export function setupWindowLifecycle(): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!getMainWindow()) void createMainWindow();
  });
}

/** Lets the engine finish closing (stop streams, flush takes) before the process ends. */
export function closeBeforeQuit(close: () => Promise<void>): void {
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

/** A start-up failure is shown, not left as a process without a window. */
export function failStartup(error: unknown): void {
  dialog.showErrorBox('Async Voice Studio could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
