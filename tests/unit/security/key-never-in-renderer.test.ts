import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY } from '../../../electron/main/app-origin';
import { setupIpc } from '../../../electron/main/ipc';
import { openStudio } from '../../../electron/main/studio';
import type { StreamMessage } from '../../../shared/ipc-contract';
import type { StudioApi } from '../../../shared/studio-api';
import { app, contextBridge, dialog, FakeBrowserWindow, ipcMain, ipcRenderer } from '../../mocks/electron';
import { startSimulator, type Simulator } from '../../simulator/index';
import { captureLogs } from '../studio/fakes';
import { asText, filesUnder, findKey } from './key-leaks';
// The real preload entry: it builds the API and hands it to contextBridge (the mock keeps what it was given).
import '../../../electron/preload/index';

const [[exposedName, pageApi]] = contextBridge.exposeInMainWorld.mock.calls as [[string, StudioApi]];

/**
 * The Electron path end to end, minus Electron's binary: the real main-process wiring (openStudio:
 * safeStorage key vault, save dialog, the engine against the Async simulator), the real IPC wrapper
 * and the real preload entry, joined by structured clones as Electron's IPC would. Everything the
 * page can receive is recorded, and neither key may be in it, nor in a log line or a written file.
 * (The engine-level check is tests/unit/studio/studio-service.test.ts "never lets the key out".)
 */

const ENV_KEY = 'envKey_7Qm2Xv9Lp4Rt8Wz3Nc6Hb1Jd5Ks0Fg';
/** Typed into the key dialog; the '+' makes its URL-encoded form differ from the raw one. */
const DIALOG_KEY = 'dlgKey+3Tb8Yn2Wq7Ue5Ro1Pi9Al4Sd6Fh0Gj';
const OWN_FRAME = { url: APP_ENTRY, parent: null };

let simulator: Simulator;
let scratch: string;
let logs: ReturnType<typeof captureLogs>;

beforeEach(async () => {
  simulator = await startSimulator({ apiKeys: [ENV_KEY, DIALOG_KEY], faults: { realtimeFactor: Infinity } });
  scratch = await mkdtemp(join(tmpdir(), 'avs-key-path-'));
  logs = captureLogs();
});

afterEach(async () => {
  logs.restore();
  vi.unstubAllEnvs();
  await simulator.close();
  await rm(scratch, { recursive: true, force: true });
});

/** Joins the preload's ipcRenderer to the real ipcMain handlers, recording what the page receives. */
function connectPage(received: unknown[]): StudioApi {
  const page = {};
  const window = new FakeBrowserWindow();
  window.webContents.url = APP_ENTRY;
  const pageSide = new EventEmitter();
  window.webContents.send.mockImplementation((name: string, payload: unknown) => {
    const copy = structuredClone(payload);
    received.push(copy);
    pageSide.emit(name, {}, copy);
  });
  ipcRenderer.invoke.mockImplementation(async (channel: string, request: unknown) => {
    const answer = await ipcMain.handlers.get(channel)!(
      { senderFrame: OWN_FRAME, sender: page },
      structuredClone(request),
    );
    const copy = structuredClone(answer);
    received.push(copy);
    return copy;
  });
  ipcRenderer.on.mockImplementation((name: string, listener: (...args: unknown[]) => void) =>
    pageSide.on(name, listener),
  );
  ipcRenderer.removeListener.mockImplementation((name: string, listener: (...args: unknown[]) => void) =>
    pageSide.off(name, listener),
  );
  ipcRenderer.postMessage.mockImplementation((name: string, message: unknown, ports: MessagePort[]) =>
    ipcMain.emit(name, { senderFrame: OWN_FRAME, sender: page, ports }, structuredClone(message)),
  );
  return pageApi;
}

/** Plays `text` through the page's API and returns every message the page got. */
function play(api: StudioApi, text: string): Promise<StreamMessage[]> {
  return new Promise((resolve) => {
    const messages: StreamMessage[] = [];
    api.speech.play({ text }, (message) => {
      messages.push(message);
      if (message.type === 'done' || message.type === 'error') resolve(messages);
    });
  });
}

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

describe('the API key never reaches the renderer (Electron path)', () => {
  it('the page can ask about the key, set and clear it, but never read it', () => {
    expect(exposedName).toBe('studio');
    expect(Object.keys(pageApi.key).sort()).toEqual(['clear', 'set', 'status']);
  });

  it('no answer, event or stream message the preload hands the page, no log line and no file holds either key', async () => {
    vi.stubEnv('ASYNCAI_API_KEY', ENV_KEY);
    vi.stubEnv('ASYNCAI_API_URL', simulator.httpUrl);
    vi.stubEnv('ASYNCAI_WS_URL', simulator.wsUrl);
    vi.stubEnv('VOICE_STUDIO_LOG', 'debug');
    const dataDir = join(scratch, 'user-data');
    app.setPath('userData', dataDir);
    const exported = join(scratch, 'export.mp3');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: exported });
    const studio = await openStudio();
    const received: unknown[] = [];
    try {
      setupIpc(studio);
      const api = connectPage(received);

      expect(await value(api.key.status({}))).toMatchObject({
        hasKey: true,
        storage: 'environment',
        hint: `…${ENV_KEY.slice(-4)}`,
      });
      await value(api.app.info({}));
      await value(api.settings.get({}));
      expect((await value(api.voices.list({ engine: 'async' }))).length).toBe(simulator.voices.length);
      const first = await play(api, 'Key check.');
      received.push(...first);
      expect(first.at(-1)).toMatchObject({ type: 'done' });
      const takeId = (first.at(-1) as Extract<StreamMessage, { type: 'done' }>).takeId!;
      await value(api.takes.peaks({ takeId, samplesPerPeak: 256 }));
      await value(api.export.take({ takeId, format: 'mp3', sampleRate: 44100, targetLufs: -16, region: null }));

      // The key typed into the dialog replaces the environment's, kept in the (mocked) OS keychain.
      expect(await value(api.key.set({ key: DIALOG_KEY, persist: true }))).toMatchObject({
        hasKey: true,
        storage: 'keychain',
        hint: `…${DIALOG_KEY.slice(-4)}`,
      });
      simulator.clearRecording();
      const second = await play(api, 'Dialog key.');
      received.push(...second);
      expect(second.at(-1)).toMatchObject({ type: 'done' });
      // The engine did use the dialog's key: the simulator saw it.
      expect(simulator.recording.ws.map((socket) => socket.query.api_key)).toContain(DIALOG_KEY);
      await value(api.key.status({}));
    } finally {
      await studio.close();
    }

    const vault = await readFile(join(dataDir, 'api-key'), 'utf8');
    expect(vault.startsWith('v1:')).toBe(true);
    const files = [
      ...(await filesUnder(dataDir)),
      { path: exported, text: (await readFile(exported)).toString('latin1') },
    ];
    for (const key of [ENV_KEY, DIALOG_KEY]) {
      expect(findKey(asText(received), key), 'what the page received').toEqual([]);
      expect(findKey(logs.lines.join('\n'), key), 'the log').toEqual([]);
      for (const file of files) expect(findKey(file.text, key), file.path).toEqual([]);
    }
    // The recording is not vacuous: the page got answers, events, audio and log lines were written.
    expect(received.length).toBeGreaterThan(20);
    expect(logs.lines.length).toBeGreaterThan(0);
  });
});
