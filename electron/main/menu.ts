import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc-contract';
import type { EmitEvent } from '../engine/studio/dispatch';

const APP_NAME = 'Async Voice Studio';

/**
 * The application menu. Studio actions go to the page as 'menu:command' events, so the renderer
 * stays the one place that knows how to play or export. Space is left to the page (it toggles
 * playback there), since as a menu shortcut it would swallow spaces typed into the script.
 */
export function buildMenuTemplate(options: {
  isMac: boolean;
  packaged: boolean;
  send: (command: MenuCommand) => void;
}): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string | undefined, name: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.send(name),
  });
  const about = command(`About ${APP_NAME}`, undefined, 'about');
  const developer: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }];
  // macOS's app menu, written out rather than role 'appMenu': its About opens the studio's own
  // About box (version and bundled licences) instead of the bare native panel, and its items name
  // the product, not the package ("async-voice-studio", which app.name is so that the data folder
  // keeps its name).
  const appMenu: MenuItemConstructorOptions = {
    label: APP_NAME,
    submenu: [
      about,
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide', label: `Hide ${APP_NAME}` },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit', label: `Quit ${APP_NAME}` },
    ],
  };
  return [
    ...(options.isMac ? [appMenu] : []),
    {
      label: 'File',
      submenu: [
        command('New Script', 'CmdOrCtrl+N', 'new-script'),
        command('New Project…', 'CmdOrCtrl+Shift+N', 'new-project'),
        command('Open Project…', 'CmdOrCtrl+O', 'open-project'),
        command('Import Script…', 'CmdOrCtrl+I', 'import-script'),
        { type: 'separator' },
        command('Export…', 'CmdOrCtrl+E', 'export'),
        { type: 'separator' },
        // Not Ctrl+K: the page gives that to voice search in both shells, and a menu accelerator would take it first.
        command('Add API Key…', 'CmdOrCtrl+Shift+K', 'add-api-key'),
        ...(options.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Playback',
      submenu: [command('Play / Stop', 'CmdOrCtrl+Enter', 'play-toggle'), command('Stop', 'CmdOrCtrl+.', 'stop')],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...developer,
      ],
    },
    { role: 'windowMenu' },
    // On macOS About lives in the app menu, where users look for it.
    ...(options.isMac ? [] : [{ role: 'help', submenu: [about] } as MenuItemConstructorOptions]),
  ];
}

/** Installs the menu; its commands reach the page through the engine's event port. */
export function setupMenu(emit: EmitEvent): void {
  const template = buildMenuTemplate({
    isMac: process.platform === 'darwin',
    packaged: app.isPackaged,
    send: (command) => emit('menu:command', { command }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
