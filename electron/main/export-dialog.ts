import { app, dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The dialog's filter and title by the file's extension: audio exports and lexicon exports share it. */
const KINDS: Record<string, { title: string; filter: { name: string; extensions: string[] } }> = {
  '.wav': { title: 'Export audio', filter: { name: 'WAV audio', extensions: ['wav'] } },
  '.mp3': { title: 'Export audio', filter: { name: 'MP3 audio', extensions: ['mp3'] } },
  '.ogg': { title: 'Export audio', filter: { name: 'Ogg Vorbis audio', extensions: ['ogg'] } },
  '.csv': { title: 'Export lexicon', filter: { name: 'CSV lexicon', extensions: ['csv'] } },
  '.pls': { title: 'Export lexicon', filter: { name: 'W3C PLS lexicon', extensions: ['pls', 'xml'] } },
};

/**
 * The export target in Electron: the native save dialog chooses where the bytes go, so the page
 * never names a path itself. Null when the user cancels.
 */
export function createSaveDialogTarget(getWindow: () => BrowserWindow | null) {
  return {
    async deliver(fileName: string, bytes: Uint8Array): Promise<{ path: string; downloadUrl: null } | null> {
      const kind = KINDS[extname(fileName).toLowerCase()];
      const options = {
        title: kind?.title ?? 'Export',
        defaultPath: join(app.getPath('downloads'), fileName),
        filters: kind ? [kind.filter] : [],
      };
      const window = getWindow();
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      await writeFile(choice.filePath, bytes);
      return { path: choice.filePath, downloadUrl: null };
    },
  };
}
