import { app, shell } from 'electron';
import { join } from 'node:path';
import { openEngine } from '../engine/create-provider';
import { validateWithAsyncApi } from '../engine/studio/key-manager';
import { createStudioService } from '../engine/studio/studio-service';
import { createSaveDialogTarget } from './export-dialog';
import { emitToWindows } from './ipc';
import { createKeyVault } from './key-vault';
import { createProjectFolderChooser } from './project-dialog';
import { openExternalUrl } from './security';
import { getMainWindow } from './window';

/**
 * The engine with Electron's effects plugged in: safeStorage for the key, the native save
 * dialog for exports, the folder picker for opening projects, the file manager for reveal, the OS browser (through the checked opener)
 * for links. The environment passes through, so ASYNCAI_API_KEY/URL/WS_URL work as in the CLI.
 */
export function openStudio() {
  const dataDir = app.getPath('userData');
  return createStudioService({
    dataDir,
    emit: emitToWindows,
    keyStore: createKeyVault(join(dataDir, 'api-key')),
    env: process.env,
    openEngine,
    validateKey: validateWithAsyncApi,
    exportTarget: createSaveDialogTarget(getMainWindow),
    chooseProjectFolder: createProjectFolderChooser(getMainWindow),
    reveal: async (path: string) => {
      shell.showItemInFolder(path);
      return true;
    },
    // Electronegativity OPEN_EXTERNAL_JS_CHECK accepted: the same checked opener (checkExternalUrl) as links.
    openExternal: (url: string) => openExternalUrl(url, (checked) => shell.openExternal(checked)),
    appInfo: {
      name: 'Async Voice Studio',
      version: app.getVersion(),
      shell: 'electron',
      platform: process.platform,
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    },
  });
}
