import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The folder Electron names userData for this app (the package name), so both shells share settings and takes. */
export const APP_DIR_NAME = 'async-voice-studio';

export interface WebShellArgs {
  port: number;
  dataDir: string;
  open: boolean;
}

export const WEB_USAGE = `Usage: npm run web -- [--port N] [--data-dir DIR] [--open]

Serves Async Voice Studio to a browser on 127.0.0.1 (this computer only).
  --port N         listen on port N (default: a free port)
  --data-dir DIR   keep settings and takes in DIR (default: ${APP_DIR_NAME} in the OS app-data folder)
  --open           open the studio in the default browser`;

/** Parses the web shell's command line; throws with a plain message on a bad value. */
export function parseWebShellArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): WebShellArgs {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, open: { type: 'boolean' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535; got "${values.port}".`);
  return { port, dataDir: values['data-dir'] ?? defaultDataDir(env, platform), open: values.open ?? false };
}

/** Electron's app.getPath('userData') for this app, computed without Electron. */
export function defaultDataDir(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}
