import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc-contract';
import type { EmitEvent } from '../engine/studio/dispatch';

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
  const command = (label: string, accelerator: string, name: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.send(name),
  });
  const developer: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }];
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        command('New Script', 'CmdOrCtrl+N', 'new-script'),
        command('Export…', 'CmdOrCtrl+E', 'export'),
        { type: 'separator' },
        command('Add API Key…', 'CmdOrCtrl+K', 'add-api-key'),
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
