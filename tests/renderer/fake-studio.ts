import { describeIssues, StudioError } from '../../shared/errors';
import {
  invokeChannels,
  type EventChannel,
  EventPayloads,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponses,
  type KeyStatus,
  type Result,
  type StreamChannel,
  type StreamMessage,
  type StreamMessageBody,
} from '../../shared/ipc-contract';
import { AppSettingsSchema, DEFAULT_SETTINGS, type AppSettings } from '../../shared/settings';
import { buildStudioApi, type StudioApi, type StudioTransport } from '../../shared/studio-api';
import type { TakeSummary } from '../../shared/takes';
import { matchesVoiceFilter, type Voice } from '../../shared/voices';
import { createFakeProjectEngine, type FakeProjectEngine } from './fake-project';

type FakeProjectEngineEmit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;
type Handler<C extends InvokeChannel> = (request: InvokeRequest<C>) => InvokeResponses[C] | Promise<InvokeResponses[C]>;
type Handlers = { [C in InvokeChannel]: Handler<C> };

/** A stream the page opened: the test plays the engine's part by sending its messages. */
export interface FakeStream {
  channel: StreamChannel;
  request: unknown;
  cancelled: boolean;
  send(message: StreamMessageBody): void;
}

export interface FakeStudio {
  /** What the page sees as `window.studio` (built by the real `buildStudioApi`). */
  api: StudioApi;
  /** Every invoke, in order. */
  calls: Array<{ channel: InvokeChannel; request: unknown }>;
  streams: FakeStream[];
  settings: AppSettings;
  key: KeyStatus;
  voices: { async: Voice[]; offline: Voice[] };
  takes: TakeSummary[];
  /** The open project, its render queue, lexicon, export and QA. */
  project: FakeProjectEngine;
  /** Replaces one channel's behaviour; throw a StudioError to answer `{ ok: false }`. */
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void;
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  callsTo(channel: InvokeChannel): unknown[];
  lastStream(): FakeStream;
}

function voice(id: string, fields: Partial<Voice>): Voice {
  return {
    id,
    name: id,
    description: '',
    languages: ['en'],
    gender: 'Female',
    accent: 'American',
    styles: [],
    type: 'PREDEFINED',
    provider: 'async',
    ...fields,
  };
}

/** A small catalogue with every filter dimension varied. */
export const ASYNC_VOICES: Voice[] = [
  voice('v-ava', {
    name: 'Ava',
    description: 'Warm narrator for audiobooks',
    languages: ['en'],
    gender: 'Female',
    accent: 'American',
    styles: ['narration'],
  }),
  voice('v-bruno', {
    name: 'Bruno',
    description: 'Deep documentary voice',
    languages: ['en', 'fr'],
    gender: 'Male',
    accent: 'French',
    styles: ['documentary'],
  }),
  voice('v-carmen', {
    name: 'Carmen',
    description: 'Bright and friendly',
    languages: ['es', 'en'],
    gender: 'Female',
    accent: 'Spanish',
    styles: ['conversational'],
  }),
  voice('v-dieter', {
    name: 'Dieter',
    description: 'Calm news reader',
    languages: ['de'],
    gender: 'Male',
    accent: 'German',
    styles: ['news'],
  }),
  voice('v-emi', {
    name: 'Emi',
    description: 'Gentle storyteller',
    languages: ['ja', 'en'],
    gender: 'Female',
    accent: 'Japanese',
    styles: ['narration'],
  }),
];

export const OFFLINE_VOICES: Voice[] = [
  voice('offline:slt', {
    name: 'SLT (offline)',
    description: 'Flite voice',
    gender: 'Female',
    accent: 'American (US)',
    type: 'OFFLINE',
    provider: 'offline',
  }),
  voice('offline:rms', {
    name: 'RMS (offline)',
    description: 'Flite voice',
    gender: 'Male',
    accent: 'American (US)',
    type: 'OFFLINE',
    provider: 'offline',
  }),
];

/** A stored take with sensible defaults. */
export function makeTake(id: string, fields: Partial<TakeSummary> = {}): TakeSummary {
  return {
    id,
    name: `Take ${id}`,
    createdAt: '2025-01-01T10:00:00.000Z',
    text: 'Hello there. This is a take.',
    engine: 'offline',
    transport: 'ws',
    settings: { voiceId: 'offline:slt', modelId: 'async_flash_v1.0' },
    sampleRate: 16000,
    durationSeconds: 2.5,
    sentences: [],
    timeToFirstAudioMs: 120,
    ...fields,
  };
}

/** A typed in-memory engine behind the real API builder, for component and store tests. */
export function createFakeStudio(
  initial: { settings?: Partial<AppSettings>; key?: Partial<KeyStatus>; takes?: TakeSummary[] } = {},
): FakeStudio {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const fake = {
    calls: [],
    streams: [],
    settings: { ...DEFAULT_SETTINGS, ...initial.settings },
    key: { hasKey: false, hint: null, storage: null, canPersist: true, persistenceNote: null, ...initial.key },
    voices: { async: [...ASYNC_VOICES], offline: [...OFFLINE_VOICES] },
    takes: [...(initial.takes ?? [])],
  } as unknown as FakeStudio;

  const emit: FakeProjectEngineEmit = (event, payload) =>
    listeners.get(event)?.forEach((listener) => listener(payload));
  fake.project = createFakeProjectEngine(emit);

  const findTake = (takeId: string) => {
    const take = fake.takes.find((t) => t.id === takeId);
    if (!take) throw new StudioError({ code: 'NOT_FOUND', message: `No take ${takeId}.` });
    return take;
  };

  const handlers: Handlers = {
    'app:info': () => ({ name: 'Async Voice Studio', version: '0.1.0', shell: 'web', platform: 'linux' }),
    'settings:get': () => fake.settings,
    'settings:update': (patch) => {
      const parsed = AppSettingsSchema.safeParse({ ...fake.settings, ...patch });
      if (!parsed.success) {
        throw new StudioError({ code: 'BAD_INPUT', message: `Invalid request: ${parsed.error.issues[0]!.message}` });
      }
      fake.settings = parsed.data;
      return fake.settings;
    },
    'key:status': () => fake.key,
    'key:set': ({ key, persist }) => {
      fake.key = {
        hasKey: true,
        hint: key.slice(-4),
        storage: persist ? 'keychain' : 'session',
        canPersist: fake.key.canPersist,
        persistenceNote: fake.key.persistenceNote,
      };
      return fake.key;
    },
    'key:clear': () => {
      fake.key = {
        hasKey: false,
        hint: null,
        storage: null,
        canPersist: fake.key.canPersist,
        persistenceNote: fake.key.persistenceNote,
      };
      return fake.key;
    },
    'voices:list': ({ engine, filter }) => fake.voices[engine].filter((v) => !filter || matchesVoiceFilter(v, filter)),
    'voices:preview': () => ({ bytes: new Uint8Array([82, 73, 70, 70]), mimeType: 'audio/wav' }),
    'takes:list': () => fake.takes,
    'takes:rename': ({ takeId, name }) => {
      const renamed = { ...findTake(takeId), name };
      fake.takes = fake.takes.map((t) => (t.id === takeId ? renamed : t));
      return renamed;
    },
    'takes:delete': ({ takeId }) => {
      findTake(takeId);
      fake.takes = fake.takes.filter((t) => t.id !== takeId);
      return { deleted: true as const };
    },
    'takes:peaks': ({ takeId, samplesPerPeak }) => {
      const take = findTake(takeId);
      const bins = Math.ceil((take.durationSeconds * take.sampleRate) / samplesPerPeak);
      return {
        min: new Float32Array(bins).fill(-0.5),
        max: new Float32Array(bins).fill(0.5),
        samplesPerPeak,
        sampleRate: take.sampleRate,
      };
    },
    'speech:retune': ({ fromSentence }) => ({ fromSentence }),
    'export:take': ({ takeId, format }) => ({
      path: `/home/user/Music/${takeId}.${format}`,
      downloadUrl: null,
      fileName: `${takeId}.${format}`,
      durationSeconds: findTake(takeId).durationSeconds,
      integratedLufs: -16.1,
      truePeakDbtp: -1.4,
    }),
    'export:reveal': () => ({ revealed: true }),
    'shell:open-external': () => ({ opened: true }),
    ...fake.project.handlers,
  };

  const transport: StudioTransport = {
    async invoke(channel, request): Promise<Result<unknown>> {
      fake.calls.push({ channel, request });
      // The engine parses every request with its channel's schema before a handler sees it.
      const parsed = invokeChannels[channel].safeParse(request ?? {});
      if (!parsed.success) {
        return { ok: false, error: { code: 'BAD_INPUT', message: `Invalid request: ${describeIssues(parsed.error)}` } };
      }
      try {
        const handler = handlers[channel] as (r: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (error instanceof StudioError) return { ok: false, error: error.toInfo() };
        throw error;
      }
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    stream(channel, request, onMessage: (message: StreamMessage) => void) {
      let seq = 0;
      const stream: FakeStream = {
        channel,
        request,
        cancelled: false,
        // Delivers even after cancel(): over a real transport, messages already in flight still arrive.
        send(body) {
          onMessage({ ...body, seq: seq++ } as StreamMessage);
        },
      };
      fake.streams.push(stream);
      return {
        cancel() {
          stream.cancelled = true;
        },
      };
    },
  };

  fake.api = buildStudioApi(transport);
  fake.handle = (channel, handler) => {
    (handlers as Record<string, unknown>)[channel] = handler;
  };
  fake.emit = emit;
  fake.callsTo = (channel) => fake.calls.filter((c) => c.channel === channel).map((c) => c.request);
  fake.lastStream = () => {
    const stream = fake.streams[fake.streams.length - 1];
    if (!stream) throw new Error('No stream was opened.');
    return stream;
  };
  return fake;
}

/** Float32 PCM as the bytes a stream chunk carries. */
export function pcmBytes(samples: number[] | Float32Array): Uint8Array {
  return new Uint8Array(Float32Array.from(samples).buffer);
}
