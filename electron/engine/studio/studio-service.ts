import type { AppInfo } from '../../../shared/ipc-contract';
import type { SettingsPatch } from '../../../shared/settings';
import { createLogger } from '../log';
import { createProjectService } from '../project/project-service';
import type { EmitEvent, InvokeHandlers, StreamHandlers } from './dispatch';
import { createEnginePool, type OpenEngine } from './engine-pool';
import { createExporter, type ExportTarget } from './export-take';
import { openKeyManager, validateWithAsyncApi, type KeyStore, type ValidateKey } from './key-manager';
import { createPlayer, type SetTimer } from './play-session';
import { openSettingsStore } from './settings-store';
import { takePeaks } from './take-peaks';
import { replayTake } from './take-replay';
import { openTakeStore } from './take-store';
import { createVoiceCatalogue } from './voice-catalogue';

const log = createLogger('studio');

/** Everything the studio does to the world, given by the shell (Electron main, the web shell) or a test. */
export interface StudioPorts {
  /** Where settings.json and takes/ live. */
  dataDir: string;
  /** Main → renderer events. */
  emit: EmitEvent;
  keyStore: KeyStore;
  /** ASYNCAI_API_KEY, ASYNCAI_API_URL and ASYNCAI_WS_URL are honoured at start, as in the CLI. */
  env: Record<string, string | undefined>;
  openEngine: OpenEngine;
  /** Defaults to one cheap authenticated call to the Async API. */
  validateKey?: ValidateKey;
  exportTarget: ExportTarget;
  /** Shows an exported file in the system's file manager. */
  reveal(path: string): Promise<boolean>;
  /** The shell's checked opener (http/https only). */
  openExternal(url: string): Promise<boolean>;
  appInfo: AppInfo;
  /** When a play's `done` is due (after the listener has heard the end); tests shorten the wait. */
  setTimer?: SetTimer;
  /** The native folder picker for opening a project; absent in the web shell. Null when cancelled. */
  chooseProjectFolder?: () => Promise<string | null>;
  /** Web shell: offers a file the engine wrote (a project export) for download and returns its address. */
  share?: (path: string, fileName: string) => Promise<string | null>;
  /** Tests shorten the projects' autosave delay. */
  projectAutosaveDelayMs?: number;
}

export interface StudioService {
  handlers: InvokeHandlers;
  streams: StreamHandlers;
  /** Stops plays (keeping what was finished), closes engines and waits for pending writes. */
  close(): Promise<void>;
}

/** Settings the environment sets for this run: the endpoints, and the Async engine when it holds a key. */
function settingsFromEnv(env: Record<string, string | undefined>): SettingsPatch {
  const patch: SettingsPatch = {};
  if (env.ASYNCAI_API_URL) patch.httpUrl = env.ASYNCAI_API_URL.replace(/\/+$/, '');
  if (env.ASYNCAI_WS_URL) patch.wsUrl = env.ASYNCAI_WS_URL;
  if (env.ASYNCAI_API_KEY?.trim()) patch.engine = 'async';
  return patch;
}

/**
 * The engine side of every channel of shared/ipc-contract.ts, with no Electron in it: both shells
 * hand these handlers to `dispatchInvoke`/`dispatchStream`, which parse every payload first.
 */
export async function createStudioService(ports: StudioPorts): Promise<StudioService> {
  const settings = await openSettingsStore({
    dataDir: ports.dataDir,
    emit: ports.emit,
    overrides: settingsFromEnv(ports.env),
  });
  const keys = await openKeyManager({
    keyStore: ports.keyStore,
    env: ports.env,
    validateKey: ports.validateKey ?? validateWithAsyncApi,
    settings,
  });
  const takes = await openTakeStore({ dataDir: ports.dataDir, emit: ports.emit });
  const pool = createEnginePool({
    openEngine: ports.openEngine,
    keys,
    onConnectionEvent: (event) => ports.emit('connection:event', event),
  });
  const voices = createVoiceCatalogue({ pool, keys, settings });
  const player = createPlayer({ pool, settings, takes, setTimer: ports.setTimer });
  const exporter = createExporter({ takes, target: ports.exportTarget, emit: ports.emit });
  const projects = createProjectService({
    dataDir: ports.dataDir,
    emit: ports.emit,
    pool,
    settings,
    exportTarget: ports.exportTarget,
    chooseProjectFolder: ports.chooseProjectFolder,
    share: ports.share,
    setTimer: ports.setTimer,
    autosaveDelayMs: ports.projectAutosaveDelayMs,
  });

  const handlers: InvokeHandlers = {
    'app:info': async () => ports.appInfo,
    'settings:get': async () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'key:status': async () => keys.status(),
    'key:set': ({ key, persist }) => keys.set(key, persist),
    'key:clear': () => keys.clear(),
    'voices:list': (request) => voices.list(request),
    'voices:preview': (request) => voices.preview(request),
    'takes:list': async () => takes.list(),
    'takes:rename': ({ takeId, name }) => takes.rename(takeId, name),
    'takes:delete': async ({ takeId }) => {
      await takes.remove(takeId);
      return { deleted: true };
    },
    'takes:peaks': (request) => takePeaks(takes, request),
    'speech:retune': (request) => player.retune(request),
    'export:take': (request) => exporter.exportTake(request),
    'export:reveal': async ({ path }) => ({ revealed: await exporter.reveal(path, ports.reveal) }),
    'shell:open-external': async ({ url }) => ({ opened: await ports.openExternal(url) }),
    ...projects.handlers,
  };

  const streams: StreamHandlers = {
    'speech:play': ({ text }, sink) => player.play(text, sink),
    'takes:audio': (request, sink) => replayTake(takes, request, sink),
    ...projects.streams,
  };

  return {
    handlers,
    streams,
    async close() {
      // The project first: its render queue and casting use the engines the pool is about to close.
      await projects.close();
      await player.close();
      await pool.close();
      await settings.flush();
      await takes.flush();
      log.info('Studio service closed.');
    },
  };
}
