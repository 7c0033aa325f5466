import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTestEnvironment, setupSingleInstance } from '../../../electron/main/app-lifecycle';
import { createMainWindow, getMainWindow } from '../../../electron/main/window';
import { app, FakeBrowserWindow } from '../../mocks/electron';

let userData: string;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'avs-window-'));
  app.paths.set('userData', userData);
});
afterEach(async () => {
  delete process.env.STUDIO_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
  await rm(userData, { recursive: true, force: true });
});

describe('main window', () => {
  it('sets every webPreferences security switch explicitly and loads the app:// page', async () => {
    const window = (await createMainWindow()) as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(window.loadURL).toHaveBeenCalledWith('app://studio/index.html');
  });

  it('loads the dev server only when unpackaged and ELECTRON_RENDERER_URL is set', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const dev = (await createMainWindow()) as unknown as FakeBrowserWindow;
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    app.isPackaged = true;
    const packaged = (await createMainWindow()) as unknown as FakeBrowserWindow;
    expect(packaged.loadURL).toHaveBeenCalledWith('app://studio/index.html');
  });

  it('opens where it was left, maximised if it was', async () => {
    await writeFile(
      join(userData, 'window-state.json'),
      JSON.stringify({ x: 100, y: 50, width: 1000, height: 700, maximized: true }),
    );
    const window = (await createMainWindow()) as unknown as FakeBrowserWindow;
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
    expect(window.maximize).toHaveBeenCalled();
  });
});

describe('app lifecycle', () => {
  it('a second launch focuses the existing window, restoring it if minimised', async () => {
    expect(setupSingleInstance()).toBe(true);
    const window = (await createMainWindow()) as unknown as FakeBrowserWindow;
    window.minimized = true;
    app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(getMainWindow()).toBe(window);
  });

  it('the instance that does not get the lock quits', () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(setupSingleInstance()).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('honours STUDIO_DATA_DIR only in an unpackaged app', () => {
    process.env.STUDIO_DATA_DIR = '/tmp/e2e-data';
    app.isPackaged = true;
    applyTestEnvironment();
    expect(app.setPath).not.toHaveBeenCalled();
    app.isPackaged = false;
    applyTestEnvironment();
    expect(app.setPath).toHaveBeenCalledWith('userData', '/tmp/e2e-data');
  });
});
