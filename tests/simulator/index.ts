import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { DEFAULT_FAULTS, type FaultSwitches } from './faults';
import { createHttpHandler } from './http-routes';
import type { Recording } from './recording';
import type { SimContext } from './sim-context';
import { SpeechSource } from './speech-source';
import { VOICE_CATALOGUE, type ApiVoice } from './voice-catalogue';
import { createUpgradeHandler, WS_PATH } from './ws-upgrade';

export type { FaultSwitches } from './faults';
export type { Recording, WsRecord, HttpRecord } from './recording';
export type { ApiVoice } from './voice-catalogue';

/** The key the simulator accepts unless told otherwise; it is a test value, not a secret. */
export const TEST_API_KEY = 'sk_sim_test_key_local';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the simulator is for this machine only. */
  host?: string;
  apiKeys?: string[];
  faults?: Partial<FaultSwitches>;
}

export interface Simulator {
  /** HTTP API base, e.g. http://127.0.0.1:PORT */
  readonly httpUrl: string;
  /** WebSocket URL without query string. */
  readonly wsUrl: string;
  /** An accepted key. */
  readonly apiKey: string;
  /** The voice library in the API's shape. */
  readonly voices: ApiVoice[];
  readonly recording: Recording;
  setFaults(partial: Partial<FaultSwitches>): void;
  /** Back to the faults the simulator was started with (the defaults plus `options.faults`). */
  resetFaults(): void;
  clearRecording(): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts a local stand-in for the Async API (asyncai-api.md §2–§6) that speaks with the offline
 * Flite engine: one HTTP server, with the WebSocket endpoint on the same port.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const apiKeys = options.apiKeys?.length ? [...options.apiKeys] : [TEST_API_KEY];
  const startFaults: FaultSwitches = { ...DEFAULT_FAULTS, ...options.faults };
  const faults: FaultSwitches = { ...startFaults };
  const recording: Recording = { ws: [], http: [] };
  const voices = [...VOICE_CATALOGUE];
  const speech = new SpeechSource();
  let httpUrl = '';
  const sim: SimContext = {
    faults,
    recording,
    voices,
    speech,
    isValidKey: (key) => key !== undefined && apiKeys.includes(key),
    httpUrl: () => httpUrl,
    droppedConnections: 0,
  };

  const server = createServer(createHttpHandler(sim));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', createUpgradeHandler(sim, wss));
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  httpUrl = `http://${authority}`;

  return {
    httpUrl,
    wsUrl: `ws://${authority}${WS_PATH}`,
    apiKey: apiKeys[0]!,
    voices,
    recording,
    setFaults(partial) {
      Object.assign(faults, partial);
      if ('dropAfterChunks' in partial || 'dropTimes' in partial) sim.droppedConnections = 0;
    },
    resetFaults() {
      Object.assign(faults, startFaults);
      sim.droppedConnections = 0;
    },
    clearRecording() {
      recording.ws.length = 0;
      recording.http.length = 0;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await speech.close();
    },
  };
}
