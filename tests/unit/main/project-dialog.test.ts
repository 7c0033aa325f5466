import { describe, expect, it } from 'vitest';
import { createProjectFolderChooser } from '../../../electron/main/project-dialog';
import { BrowserWindow, dialog } from '../../mocks/electron';

describe('opening a project through the native folder picker', () => {
  it('returns the folder the user chose, asking for folders only, over the window when there is one', async () => {
    const window = new BrowserWindow();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ann/Books/moby'] });
    const choose = createProjectFolderChooser(() => window as never);
    expect(await choose()).toBe('/home/ann/Books/moby');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ properties: ['openDirectory'] }),
    );
  });

  it('returns null when the user cancels', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await createProjectFolderChooser(() => null)()).toBeNull();
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ title: 'Open project' }));
  });
});
