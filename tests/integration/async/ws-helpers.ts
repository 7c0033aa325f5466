import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import type { ConnectionEvent, SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import type { Voice } from '../../../shared/voices';
import { aggregateText } from '../../../electron/engine/async/text-aggregator';
import type { AsyncConfig } from '../../../electron/engine/async/config';
import { AsyncWsProvider, type AsyncWsProviderOptions } from '../../../electron/engine/async/ws-provider';
import type { WebSocketFactory } from '../../../electron/engine/async/ws-connection';
import { setLogSink, type LogLevel } from '../../../electron/engine/log';
import { startSimulator, type FaultSwitches, type Simulator } from '../../simulator/index';
import { concatPcm } from '../../../electron/engine/audio/concat-pcm';

export const SETTINGS: SynthesisSettings = {
  voiceId: DEFAULT_VOICE_ID,
  modelId: 'async_flash_v1.5',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 16000 },
};

export const SCRIPT = 'The first sentence is here. A second one follows it. Then the third. And the last one.';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function config(sim: Simulator, overrides: Partial<AsyncConfig> = {}): AsyncConfig {
  return { apiKey: sim.apiKey, httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, apiVersion: 'v1', ...overrides };
}

/** One socket as the client saw it: both directions in the order they happened. */
export interface SocketLog {
  url: string;
  wire: Array<{ dir: 'out' | 'in'; data: unknown }>;
  socket: WebSocket;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A socket factory that opens real `ws` sockets and logs both directions of each. */
export function spyingFactory(): { factory: WebSocketFactory; sockets: SocketLog[] } {
  const sockets: SocketLog[] = [];
  const factory: WebSocketFactory = (url) => {
    const socket = new WebSocket(url);
    const log: SocketLog = { url, wire: [], socket };
    sockets.push(log);
    const send = socket.send.bind(socket);
    socket.send = ((data: string, ...rest: never[]) => {
      log.wire.push({ dir: 'out', data: parse(data) });
      return send(data, ...rest);
    }) as typeof socket.send;
    socket.on('message', (data) => log.wire.push({ dir: 'in', data: parse(data.toString()) }));
    return socket;
  };
  return { factory, sockets };
}

/** Where in a socket log the first entry matching `predicate` is (-1 if none). */
export function wireIndex(log: SocketLog, dir: 'out' | 'in', predicate: (m: Record<string, unknown>) => boolean) {
  return log.wire.findIndex((e) => e.dir === dir && typeof e.data === 'object' && predicate(e.data as never));
}

const noVoices = { listAllVoices: async (): Promise<Voice[]> => [] };

/** A provider against the simulator with short timers, its socket log and its connection events. */
export function makeProvider(sim: Simulator, options: Partial<AsyncWsProviderOptions> = {}, cfg = config(sim)) {
  const spy = spyingFactory();
  const events: ConnectionEvent[] = [];
  const provider = new AsyncWsProvider(cfg, {
    http: noVoices,
    createSocket: spy.factory,
    reconnectBaseDelayMs: 20,
    closeTimeoutMs: 500,
    ...options,
  });
  provider.onConnectionEvent((event) => events.push(event));
  return { provider, sockets: spy.sockets, events };
}

export function pieces(text: string, mode: 'sentence' | 'token' = 'sentence'): TextPiece[] {
  return aggregateText(text, mode);
}

export async function collect(
  provider: AsyncWsProvider,
  text: Iterable<TextPiece> | AsyncIterable<TextPiece>,
  settings: () => SynthesisSettings = () => SETTINGS,
  signal?: AbortSignal,
): Promise<SynthesisEvent[]> {
  const events: SynthesisEvent[] = [];
  for await (const event of provider.synthesize(text, { settings, signal })) events.push(event);
  return events;
}

/**
 * Checks the event grammar (sentences numbered from 0, each: start, audio or reset…, end, strictly
 * one after the other) and returns the audio the consumer holds per sentence, resets applied.
 */
export function heldAudio(events: SynthesisEvent[]): Float32Array[] {
  const held: Float32Array[][] = [];
  let open: number | null = null;
  for (const event of events) {
    if (event.type === 'sentence-start') {
      expect(open).toBeNull();
      expect(event.index).toBe(held.length);
      open = event.index;
      held.push([]);
    } else {
      expect(event.index).toBe(open);
      if (event.type === 'audio') held[event.index]!.push(event.pcm);
      if (event.type === 'sentence-reset') held[event.index] = [];
      if (event.type === 'sentence-end') open = null;
    }
  }
  expect(open).toBeNull();
  return held.map(concatPcm);
}

/** Client messages of one recorded connection, by kind. */
export function messagesOf(record: { messages: Array<{ data: unknown }> }) {
  const all = record.messages.map((m) => m.data as Record<string, unknown>);
  return {
    all,
    init: all[0],
    texts: all.filter((m) => typeof m.transcript === 'string' && m.transcript.trim() !== '' && !m.close_context),
    closes: all.filter((m) => m.close_context === true),
    keepalives: all.filter((m) => m.transcript === ' ' && m.context_id === undefined),
    terminates: all.filter((m) => m.terminate === true),
  };
}

/** Waits until `condition` holds (polling), failing after `ms`. */
export async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/**
 * One simulator for a test file (unpaced unless a test says otherwise), every provider made through
 * it closed after each test, faults and recording reset, log lines captured.
 */
export function useSimulator(options: { apiKeys?: string[]; faults?: Partial<FaultSwitches> } = {}) {
  let sim: Simulator | undefined;
  const providers: AsyncWsProvider[] = [];
  const logs: Array<{ level: LogLevel; message: string }> = [];
  beforeAll(async () => {
    sim = await startSimulator({
      ...options,
      faults: { realtimeFactor: Infinity, firstAudioMs: 0, ...options.faults },
    });
    setLogSink((level, scope, message) => logs.push({ level, message: `${scope}: ${message}` }));
  });
  afterAll(async () => {
    setLogSink(() => {});
    await sim?.close();
  });
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
    sim?.resetFaults();
    sim?.clearRecording();
    logs.length = 0;
  });
  const suite = {
    get sim(): Simulator {
      return sim!;
    },
    logs,
    /** A provider closed after the test (see `makeProvider`). */
    provider(options: Partial<AsyncWsProviderOptions> = {}, cfg?: AsyncConfig) {
      const made = makeProvider(suite.sim, options, cfg ?? config(suite.sim));
      providers.push(made.provider);
      return made;
    },
    /** The audio of each sentence, spoken one at a time on a provider of its own; leaves no recording. */
    async reference(text: string, settings: SynthesisSettings = SETTINGS): Promise<Float32Array[]> {
      const { provider } = suite.provider({ maxSentencesInFlight: 1 });
      const audio = heldAudio(await collect(provider, pieces(text), () => settings));
      await provider.close();
      suite.sim.clearRecording();
      return audio;
    },
  };
  return suite;
}
