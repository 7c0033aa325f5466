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
      ['New Project…', 'CmdOrCtrl+Shift+N', 'new-project'],
      ['Open Project…', 'CmdOrCtrl+O', 'open-project'],
      ['Import Script…', 'CmdOrCtrl+I', 'import-script'],
      ['Export…', 'CmdOrCtrl+E', 'export'],
      ['Add API Key…', 'CmdOrCtrl+Shift+K', 'add-api-key'],
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
    const mac = buildMenuTemplate({ isMac: true, packaged: true, send: () => {} });
    expect(mac[0]!.label).toBe('Async Voice Studio');
    expect(buildMenuTemplate({ isMac: false, packaged: true, send: () => {} })[0]!.label).toBe('File');
    const appRoles = (mac[0]!.submenu as MenuItemConstructorOptions[]).map((item) => item.role);
    expect(appRoles).toEqual(expect.arrayContaining(['services', 'hide', 'hideOthers', 'unhide', 'quit']));
  });

  it("opens the studio's About box: from Help elsewhere, from the app menu on macOS", () => {
    for (const isMac of [false, true]) {
      const send = vi.fn();
      const template = buildMenuTemplate({ isMac, packaged: true, send });
      const abouts = flatten(template).filter((item) => item.label === 'About Async Voice Studio');
      expect(abouts).toHaveLength(1);
      (abouts[0]!.click as () => void)();
      expect(send).toHaveBeenCalledWith('about');
      const holder = template.find((menu) => Array.isArray(menu.submenu) && menu.submenu.includes(abouts[0]!));
      expect(holder?.role ?? holder?.label).toBe(isMac ? 'Async Voice Studio' : 'help');
    }
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
