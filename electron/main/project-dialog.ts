import { dialog, type BrowserWindow } from 'electron';

/**
 * The native folder picker behind "Open project…": the page never names a path itself, so a
 * folder outside the recent list can only come from the user choosing it here. Null when cancelled.
 */
export function createProjectFolderChooser(getWindow: () => BrowserWindow | null) {
  return async (): Promise<string | null> => {
    const options = {
      title: 'Open project',
      buttonLabel: 'Open project',
      properties: ['openDirectory' as const],
    };
    const window = getWindow();
    const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
}
