import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenedEngine, OpenEngineOptions } from '../../../electron/engine/create-provider';
import type { EmitEvent, StreamSink } from '../../../electron/engine/studio/dispatch';
import type { KeyStore } from '../../../electron/engine/studio/key-manager';
import type { SetTimer } from '../../../electron/engine/studio/play-session';
import type { SynthesizeOptions, TtsProvider } from '../../../electron/engine/tts-provider';
import { setLogSink, type LogSink } from '../../../electron/engine/log';
import type { EventChannel, EventPayloads, StreamMessage, StreamMessageBody } from '../../../shared/ipc-contract';
import type { SynthesisEvent, TextPiece } from '../../../shared/synthesis';
import type { Voice } from '../../../shared/voices';
import { StudioError } from '../../../shared/errors';

/** A fresh data folder per test; `cleanup` removes it. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'studio-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Records every event the service emits. */
export function recordEvents(): { emit: EmitEvent; events: Array<{ event: EventChannel; payload: unknown }> } {
  const events: Array<{ event: EventChannel; payload: unknown }> = [];
  const emit: EmitEvent = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => {
    events.push({ event, payload });
  };
  return { emit, events };
}

/** Every log line while `run` runs. */
export function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const sink: LogSink = (level, scope, message) => lines.push(`[${level}] ${scope}: ${message}`);
  setLogSink(sink);
  return { lines, restore: () => setLogSink(() => undefined) };
}

/** A stream sink that numbers and keeps its messages, and can be closed like a consumer closing its port. */
export class TestSink implements StreamSink {
  readonly messages: StreamMessage[] = [];
  private readonly controller = new AbortController();
  private readonly waiters: Array<{ test: (m: StreamMessage) => boolean; resolve: (m: StreamMessage) => void }> = [];

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  send(message: StreamMessageBody): void {
    const numbered = { ...message, seq: this.messages.length } as StreamMessage;
    this.messages.push(numbered);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(numbered)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(numbered);
      }
    }
  }

  close(): void {
    this.controller.abort();
  }

  /** Resolves with the first message (already sent or to come) that passes `test`. */
  waitFor(test: (m: StreamMessage) => boolean): Promise<StreamMessage> {
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  ofType<T extends StreamMessage['type']>(type: T): Extract<StreamMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<StreamMessage, { type: T }> => m.type === type);
  }
}

/**
 * The audio a voice makes in the fake provider: a constant level per voice, so a test can tell
 * from the samples alone which voice spoke each part of a take.
 */
export function levelOf(voiceId: string): number {
  let sum = 0;
  for (const c of voiceId) sum = (sum * 31 + c.charCodeAt(0)) % 997;
  return 0.05 + (sum % 90) / 100;
}

export interface FakeCall {
  pieces: TextPiece[];
  signal: AbortSignal | undefined;
  voices: string[];
}

/**
 * A scripted provider: each sentence is `sentenceSeconds` of a constant level (levelOf(voice)),
 * in `chunkMs` events. `hold(index)` makes the provider wait before speaking sentence `index` of
 * a call until `release` is called, so a test can act at a known point.
 */
export class FakeProvider implements TtsProvider {
  readonly kind = 'offline' as const;
  readonly calls: FakeCall[] = [];
  closed = false;
  private gate: { index: number; reached: () => void; opened: Promise<void>; open: () => void } | null = null;

  constructor(
    readonly options: { sampleRate?: number; sentenceSeconds?: number; chunkMs?: number; failAt?: number } = {},
  ) {}

  async listVoices(): Promise<Voice[]> {
    return [];
  }

  /** Pauses the next call that reaches its sentence `index` (counted in that call); resolves when it is reached. */
  hold(index: number): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let open!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { index, reached, opened, open };
    return { reached: reachedPromise, release: open };
  }

  synthesize(text: Iterable<TextPiece> | AsyncIterable<TextPiece>, options: SynthesizeOptions) {
    return this.run([...(text as Iterable<TextPiece>)], options);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async *run(pieces: TextPiece[], { settings, signal }: SynthesizeOptions): AsyncGenerator<SynthesisEvent> {
    const call: FakeCall = { pieces, signal, voices: [] };
    this.calls.push(call);
    const sentences: string[] = [];
    let buffer = '';
    for (const piece of pieces) {
      buffer += piece.text;
      if (piece.sentenceEnd) {
        if (buffer.trim()) sentences.push(buffer.trim());
        buffer = '';
      }
    }
    if (buffer.trim()) sentences.push(buffer.trim());
    const chunkMs = this.options.chunkMs ?? 20;
    for (let index = 0; index < sentences.length; index++) {
      const gate = this.gate;
      if (gate && gate.index === index) {
        this.gate = null;
        gate.reached();
        await gate.opened;
      }
      if (signal?.aborted) return;
      if (this.options.failAt === index) {
        throw new StudioError({ code: 'NETWORK', message: 'The fake connection broke.', hint: 'Try again.' });
      }
      const current = settings();
      call.voices.push(current.voiceId);
      const { voiceId, modelId, language, speed, stability } = current;
      yield {
        type: 'sentence-start',
        index,
        text: sentences[index]!,
        settings: { voiceId, modelId, language, speed, stability },
      };
      const rate = this.options.sampleRate ?? current.output.sampleRate;
      const total = Math.round((this.options.sentenceSeconds ?? 0.3) * rate);
      const step = Math.max(1, Math.round((chunkMs * rate) / 1000));
      for (let at = 0; at < total; at += step) {
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) return;
        yield {
          type: 'audio',
          index,
          pcm: new Float32Array(Math.min(step, total - at)).fill(levelOf(voiceId)),
          sampleRate: rate,
        };
      }
      yield {
        type: 'sentence-end',
        index,
        metrics: { timeToFirstAudioMs: 1, charactersSent: sentences[index]!.length, audioSeconds: total / rate },
      };
    }
  }
}

/** An `openEngine` that hands out the given provider and records what it was asked for. */
export function fakeOpenEngine(provider: TtsProvider, kindOf?: (options: OpenEngineOptions) => 'async' | 'offline') {
  const opened: OpenEngineOptions[] = [];
  const openEngine = async (options: OpenEngineOptions): Promise<OpenedEngine> => {
    opened.push(options);
    return {
      provider,
      kind: kindOf?.(options) ?? options.requested ?? 'offline',
      label: 'fake engine',
      defaultVoiceId: 'offline:slt',
      notice: null,
      check: () => undefined,
    };
  };
  return { openEngine, opened };
}

/** Float PCM of every chunk as the consumer would keep it: a rewind or reset drops what it replaces. */
export function streamedAudio(messages: StreamMessage[]): Map<number, number[]> {
  const sentences = new Map<number, number[]>();
  for (const m of messages) {
    if (m.type === 'rewind') for (const i of [...sentences.keys()]) if (i >= m.fromSentence) sentences.delete(i);
    if (m.type === 'sentence-reset' || m.type === 'sentence-start') sentences.set(m.index, []);
    if (m.type === 'chunk') {
      const pcm = new Float32Array(m.pcm.buffer, m.pcm.byteOffset, m.pcm.byteLength / 4);
      sentences.get(m.index)!.push(...pcm);
    }
  }
  return sentences;
}

/** Samples in all of `streamedAudio`'s sentences. */
export const totalSamples = (audio: Map<number, number[]>) => [...audio.values()].reduce((n, s) => n + s.length, 0);

/** Fires at once (on the next turn of the event loop): a test never sits out a playback lead. */
export const immediateTimer: SetTimer = (callback) => {
  const handle = setImmediate(callback);
  return () => clearImmediate(handle);
};

/** A key store in memory; `persistable: false` plays Linux's basic_text backend. */
export function memoryKeyStore(initial: string | null = null, persistable = true) {
  const store = {
    key: initial,
    saves: 0,
    clears: 0,
  };
  const keyStore: KeyStore = {
    load: async () => store.key,
    save: async (key) => {
      store.saves++;
      store.key = key;
    },
    clear: async () => {
      store.clears++;
      store.key = null;
    },
    canPersist: () =>
      persistable ? { ok: true } : { ok: false, reason: 'this system stores secrets as plain text (basic_text).' },
  };
  return { keyStore, store };
}
