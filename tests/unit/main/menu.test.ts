import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, setupMenu } from '../../../electron/main/menu';
import { app, Menu } from '../../mocks/electron';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('application menu', () => {
  it('sends studio commands to the page, each with its shortcut', () => {
    const send = vi.fn();
    const items = flatten(buildMenuTemplate({ isMac: false, packaged: true, send }));
    const byLabel = (label: string) => items.find((item) => item.label === label)!;
    const expected: Array<[string, string, string]> = [
      ['New Script', 'CmdOrCtrl+N', 'new-script'],
      ['Export…', 'CmdOrCtrl+E', 'export'],
      ['Add API Key…', 'CmdOrCtrl+K', 'add-api-key'],
      ['Play / Stop', 'CmdOrCtrl+Enter', 'play-toggle'],
      ['Stop', 'CmdOrCtrl+.', 'stop'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = byLabel(label);
      expect(item.accelerator).toBe(accelerator);
      (item.click as () => void)();
      expect(send).toHaveBeenLastCalledWith(command);
    }
    // Space is the page's play toggle; as a menu shortcut it would eat spaces typed in the script.
    expect(items.some((item) => item.accelerator === 'Space')).toBe(false);
  });

  it('offers developer tools only in an unpackaged app', () => {
    const roles = (packaged: boolean) =>
      flatten(buildMenuTemplate({ isMac: false, packaged, send: () => {} })).map((item) => item.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('has the standard Edit and Window menus, and the app menu on macOS only', () => {
    const roles = (isMac: boolean) =>
      buildMenuTemplate({ isMac, packaged: true, send: () => {} }).map((item) => item.role);
    expect(roles(false)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu']));
    expect(roles(false)).not.toContain('appMenu');
    expect(roles(true)[0]).toBe('appMenu');
  });

  it("installs the menu and routes commands as 'menu:command' events", () => {
    app.isPackaged = true;
    const emit = vi.fn();
    setupMenu(emit);
    const template = Menu.buildFromTemplate.mock.calls[0]![0] as MenuItemConstructorOptions[];
    const exportItem = flatten(template).find((item) => item.label === 'Export…')!;
    (exportItem.click as () => void)();
    expect(emit).toHaveBeenCalledWith('menu:command', { command: 'export' });
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });
});
