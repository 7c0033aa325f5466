import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { DEFAULT_VOICE_ID } from '../../../shared/models';

/** A raw `ws` client that keeps every frame, so tests see exactly what the simulator sent. */
export class RawWsClient {
  readonly frames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private listeners: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(data.toString());
      for (const listener of this.listeners) listener();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of this.listeners) listener();
      });
    });
  }

  /** Opens a socket; resolves once it is open. */
  static open(url: string, headers?: Record<string, string>): Promise<RawWsClient> {
    const socket = new WebSocket(url, { headers });
    const client = new RawWsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Frames parsed as JSON (malformed frames are left out). */
  get messages(): Array<Record<string, unknown>> {
    return this.frames.flatMap((f) => {
      try {
        return [JSON.parse(f) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits until a parsed message satisfies `predicate` (or the socket closes). */
  waitFor(predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.messages.find(predicate);
        if (hit) {
          this.listeners = this.listeners.filter((l) => l !== check);
          resolve(hit);
        } else if (this.socket.readyState === WebSocket.CLOSED) {
          this.listeners = this.listeners.filter((l) => l !== check);
          reject(new Error(`Socket closed before the awaited message; got ${this.frames.join(' | ')}`));
        }
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Concatenated decoded audio bytes of one context, in arrival order. */
  audioBytes(contextId: string | null): Buffer {
    return Buffer.concat(
      this.messages
        .filter((m) => m.context_id === contextId && typeof m.audio === 'string' && m.final === false)
        .map((m) => Buffer.from(m.audio as string, 'base64')),
    );
  }

  close(): void {
    this.socket.close();
  }
}

export function wsUrl(sim: Simulator, query: Record<string, string> = { api_key: sim.apiKey, version: 'v1' }): string {
  return `${sim.wsUrl}?${new URLSearchParams(query)}`;
}

export function initMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_id: 'async_flash_v1.5',
    voice: { mode: 'id', id: DEFAULT_VOICE_ID },
    output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 },
    language: null,
    ...overrides,
  };
}

/** An open, initialised socket. */
export async function openSession(sim: Simulator, init: Record<string, unknown> = initMessage()) {
  const client = await RawWsClient.open(wsUrl(sim));
  client.send(init);
  return client;
}

/** Waits for the `final` of a context. */
export const finalOf = (client: RawWsClient, contextId: string | null) =>
  client.waitFor((m) => m.context_id === contextId && m.final === true);

export function rms(pcm: Float32Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

export function post(sim: Simulator, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sim.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': sim.apiKey, version: 'v1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export function synthesisBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_id: 'async_flash_v1.0',
    transcript: 'Hello from the simulator.',
    voice: { mode: 'id', id: DEFAULT_VOICE_ID },
    output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Faults for tests that do not test pacing: audio as fast as it can be made. */
const UNPACED = { realtimeFactor: Infinity, firstAudioMs: 0 } as const;

/**
 * One unpaced simulator per test file, started in beforeAll; faults and recording are reset after
 * every test. The returned object forwards to it, so tests can hold it from the start.
 */
export function useSimulator(): Simulator {
  let current: Simulator | undefined;
  const live = (): Simulator => {
    if (!current) throw new Error('The simulator is started in beforeAll.');
    return current;
  };
  beforeAll(async () => {
    current = await startSimulator({ faults: UNPACED });
  });
  afterAll(() => current?.close());
  afterEach(() => {
    current?.resetFaults();
    current?.clearRecording();
  });
  return {
    get httpUrl() {
      return live().httpUrl;
    },
    get wsUrl() {
      return live().wsUrl;
    },
    get apiKey() {
      return live().apiKey;
    },
    get voices() {
      return live().voices;
    },
    get recording() {
      return live().recording;
    },
    setFaults: (partial) => live().setFaults(partial),
    resetFaults: () => live().resetFaults(),
    clearRecording: () => live().clearRecording(),
    close: () => live().close(),
  };
}
