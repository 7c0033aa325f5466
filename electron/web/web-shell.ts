import { mkdir } from 'node:fs/promises';
import { openEngine } from '../engine/create-provider';
import type { KeyStore } from '../engine/studio/key-manager';
import { validateWithAsyncApi } from '../engine/studio/key-manager';
import { createStudioService } from '../engine/studio/studio-service';
import { createDownloadStore } from './downloads';
import { createEventHub, newToken, startWebShell, type WebShell } from './server';

export interface StudioWebShellOptions {
  dataDir: string;
  /** The built renderer for browsers (out/web). */
  staticDir: string;
  port?: number;
  env?: Record<string, string | undefined>;
  version: string;
}

/**
 * The web shell keeps no key on disk: there is no OS keychain to protect it, so a key added in the
 * page lasts for this run, and ASYNCAI_API_KEY is the way to have one at every start.
 */
export const sessionKeyStore: KeyStore = {
  load: async () => null,
  save: async () => {
    throw new Error('The web shell does not save keys.');
  },
  clear: async () => {},
  canPersist: () => ({
    ok: false,
    reason: 'the web shell never writes the key to disk; set ASYNCAI_API_KEY to have it at every start.',
  }),
};

/**
 * The whole web shell: the studio service with browser-side effects (downloads instead of a save
 * dialog, no file manager, no OS browser) behind the loopback server. Used by `npm run web` and by
 * the end-to-end tests, so they drive exactly what a user runs.
 */
export async function startStudioWebShell(options: StudioWebShellOptions): Promise<WebShell> {
  await mkdir(options.dataDir, { recursive: true });
  const token = newToken();
  const hub = createEventHub();
  const downloads = await createDownloadStore(token);
  const service = await createStudioService({
    dataDir: options.dataDir,
    emit: hub.emit,
    keyStore: sessionKeyStore,
    env: options.env ?? process.env,
    openEngine,
    validateKey: validateWithAsyncApi,
    exportTarget: downloads,
    // The page is in a browser: it downloads exports and opens links itself.
    reveal: async () => false,
    openExternal: async () => false,
    // Project exports are written into the project folder; the browser gets an address for each.
    // There is no folder picker: projects are created here and reopened from the recent list.
    share: (path, fileName) => downloads.offer(path, fileName),
    appInfo: {
      name: 'Async Voice Studio',
      version: options.version,
      shell: 'web',
      platform: process.platform,
      versions: { node: process.versions.node },
    },
  });
  try {
    const shell = await startWebShell({
      service,
      hub,
      downloads,
      staticDir: options.staticDir,
      port: options.port,
      token,
    });
    return {
      url: shell.url,
      port: shell.port,
      token: shell.token,
      async close() {
        await shell.close();
        await service.close();
        await downloads.close();
      },
    };
  } catch (error) {
    await service.close();
    await downloads.close();
    throw error;
  }
}
