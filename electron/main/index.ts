import { app } from 'electron';
import { join } from 'node:path';
import { devServerUrl } from './app-origin';
import {
  applyTestEnvironment,
  closeBeforeQuit,
  failStartup,
  setupSingleInstance,
  setupWindowLifecycle,
} from './app-lifecycle';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { emitToWindows, setupIpc } from './ipc';
import { setupMenu } from './menu';
import { setupSecurity } from './security';
import { openStudio } from './studio';
import { createMainWindow } from './window';

// The main process is a list of setup steps (Electron Fiddle's main.ts); each lives in its own module.
registerAppScheme();
applyTestEnvironment();
if (setupSingleInstance()) {
  setupSecurity();
  setupWindowLifecycle();
  app
    .whenReady()
    .then(async () => {
      if (!devServerUrl()) await serveRenderer(join(import.meta.dirname, '../renderer'));
      const studio = await openStudio();
      closeBeforeQuit(() => studio.close());
      setupIpc(studio);
      setupMenu(emitToWindows);
      await createMainWindow();
    })
    .catch(failStartup);
}
