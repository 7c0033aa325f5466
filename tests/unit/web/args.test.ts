import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseWebShellArgs } from '../../../electron/web/args';

const env = { HOME: '/home/ann' };

describe('web shell arguments', () => {
  it('defaults to a free port, the app-data folder and no browser', () => {
    expect(parseWebShellArgs([], env, 'linux')).toEqual({
      port: 0,
      dataDir: join('/home/ann', '.config', 'async-voice-studio'),
      open: false,
    });
  });

  it('takes a port, a data folder and --open', () => {
    expect(parseWebShellArgs(['--port', '8080', '--data-dir', '/tmp/studio', '--open'], env, 'linux')).toEqual({
      port: 8080,
      dataDir: '/tmp/studio',
      open: true,
    });
  });

  it('refuses a bad port and unknown options, including a host (the shell is loopback only)', () => {
    expect(() => parseWebShellArgs(['--port', '99999'], env, 'linux')).toThrow(/--port/);
    expect(() => parseWebShellArgs(['--port', 'http'], env, 'linux')).toThrow(/--port/);
    expect(() => parseWebShellArgs(['--host', '0.0.0.0'], env, 'linux')).toThrow();
  });

  it("uses the folder Electron's userData uses on each system", () => {
    expect(defaultDataDir({ HOME: '/home/ann', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(
      join('/xdg', 'async-voice-studio'),
    );
    expect(defaultDataDir({ HOME: '/Users/ann' }, 'darwin')).toBe(
      join('/Users/ann', 'Library', 'Application Support', 'async-voice-studio'),
    );
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\ann\\AppData\\Roaming', 'async-voice-studio'),
    );
  });
});
