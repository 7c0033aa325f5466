import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { openEngine } from '../../../electron/engine/create-provider';
import { OFFLINE_VOICES } from '../../../electron/engine/offline/offline-voices';
import {
  dispatchInvoke,
  dispatchStream,
  type InvokeHandlers,
  type StreamHandlers,
} from '../../../electron/engine/studio/dispatch';
import { createStudioService, type StudioService } from '../../../electron/engine/studio/studio-service';
import { setupIpc } from '../../../electron/main/ipc';
import { createNumberedSink } from '../../../electron/web/stream-sink';
import { StudioError, type StudioErrorCode } from '../../../shared/errors';
import {
  invokeChannels,
  streamChannels,
  type InvokeChannel,
  type Result,
  type StreamMessage,
} from '../../../shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { FakeMessagePortMain, ipcMain } from '../../mocks/electron';
import { captureLogs, immediateTimer, memoryKeyStore, recordEvents, tempDataDir } from '../studio/fakes';
import { describePayload, Fuzzer } from './fuzz-values';

/**
 * Random payloads of every shape and size through the real dispatcher, with the real studio
 * service (temp data folder, offline engine, no key, nothing on the network) behind it, and through
 * Electron's IPC wrapper. Fixed seed so a failure reproduces; IPC_FUZZ_SEED=<n> explores others.
 */
const SEED = Number(process.env.IPC_FUZZ_SEED ?? 51_234);
const CASES = { dispatchInvoke: 2500, dispatchStream: 500, ipcInvoke: 800, ipcStream: 250 };
/** A case that takes this long is hung, not slow (the slowest real case, a Flite preview, takes well under a second). */
const HANG_MS = 15_000;

/** Every error code there is; `satisfies` makes the compiler say when shared/errors.ts gains or loses one. */
const ERROR_CODES = new Set(
  Object.keys({
    AUTH: true,
    BAD_INPUT: true,
    NOT_FOUND: true,
    RATE_LIMITED: true,
    QUOTA: true,
    NETWORK: true,
    SERVER: true,
    TIMEOUT: true,
    CANCELLED: true,
  } satisfies Record<StudioErrorCode, true>),
);
const STREAM_TYPES = new Set<StreamMessage['type']>([
  'format',
  'sentence-start',
  'chunk',
  'sentence-reset',
  'sentence-end',
  'rewind',
  'block-start',
  'done',
  'error',
]);
/** The message dispatch gives for a failure it did not expect: a schema-valid request met a bug. */
const UNEXPECTED = 'Something went wrong inside the studio';
const ENDED_EARLY = 'The audio stream ended before it finished';

const WRONG_CHANNELS = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'app:info ',
  'APP:INFO',
  'stream:open',
  'speech:play',
  'fs:read',
  'key:get',
  'settings:get\u0000',
];

const PROJECT_SCRIPT =
  '# One\n\nThe first block. It has two sentences.\n\nA second block.\n\n# Two\n\nThe last block.\n';

interface Call {
  channel: string;
  request: unknown;
}

let service: StudioService;
let cleanup: () => Promise<void>;
let logs: ReturnType<typeof captureLogs>;
const calls: Call[] = [];
let handlers: InvokeHandlers;
let streams: StreamHandlers;
const prototypeKeys = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
});
const pristine = prototypeKeys();

/** The service's handlers, each recording the request it was given before running. */
function recording<T extends object>(real: T, channels: object): T {
  const source = real as Record<string, (...args: unknown[]) => unknown>;
  return Object.fromEntries(
    Object.keys(channels).map((channel) => [
      channel,
      (request: unknown, ...rest: unknown[]) => {
        calls.push({ channel, request });
        return source[channel]!(request, ...rest);
      },
    ]),
  ) as T;
}

beforeAll(async () => {
  logs = captureLogs();
  const data = await tempDataDir();
  cleanup = data.cleanup;
  service = await createStudioService({
    dataDir: data.dir,
    emit: recordEvents().emit,
    keyStore: memoryKeyStore().keyStore,
    env: {},
    openEngine,
    // No key is ever accepted, so nothing reaches for the Async API (or any address a fuzzed setting names).
    validateKey: async () => {
      throw new StudioError({ code: 'AUTH', message: 'The fuzzing studio accepts no key.' });
    },
    exportTarget: { deliver: async () => ({ path: null, downloadUrl: '/downloads/fuzz' }) },
    reveal: async () => false,
    openExternal: async () => false,
    chooseProjectFolder: async () => null,
    share: async () => null,
    projectAutosaveDelayMs: 0,
    appInfo: { name: 'Async Voice Studio', version: '0.0.0', shell: 'electron', platform: process.platform },
    setTimer: immediateTimer,
  });
  handlers = recording(service.handlers, invokeChannels);
  streams = recording(service.streams, streamChannels);
});

/** A fuzzer that knows which takes and voices exist, from the default settings (the last run fuzzed them). */
async function freshFuzzer(seed: number): Promise<Fuzzer> {
  await service.handlers['settings:update'](DEFAULT_SETTINGS);
  const fuzz = new Fuzzer(seed);
  await learnIds(fuzz);
  return fuzz;
}

/**
 * Keeps two takes in the store (fuzzed deletes remove them; fuzzed settings may name voices that
 * do not exist, so the defaults are restored first) and tells the fuzzer their ids.
 */
async function learnIds(fuzz: Fuzzer): Promise<void> {
  let takes = await service.handlers['takes:list']({});
  if (takes.length < 2) await service.handlers['settings:update'](DEFAULT_SETTINGS);
  for (let missing = 2 - takes.length; missing > 0; missing--) {
    const sink = createNumberedSink(() => {}, new AbortController().signal);
    await service.streams['speech:play']({ text: 'A take to fuzz. It has two sentences.' }, sink);
    takes = await service.handlers['takes:list']({});
  }
  fuzz.known.set(
    'takeId',
    takes.map((take) => take.id),
  );
  const voices = OFFLINE_VOICES.map((voice) => voice.id);
  fuzz.known.set('offlineVoiceId', voices);
  fuzz.known.set('voiceId', voices);
  // An open project with chapters and blocks (fuzzed requests close it and open others).
  let snapshot = await service.handlers['project:get']({});
  if (!snapshot?.project.chapters.some((chapter) => chapter.blocks.length)) {
    await service.handlers['project:create']({ name: 'Fuzzing' });
    await service.handlers['project:import-script']({ fileName: 'script.md', text: PROJECT_SCRIPT });
    snapshot = await service.handlers['project:get']({});
  }
  const chapters = snapshot?.project.chapters ?? [];
  const blocks = chapters.flatMap((chapter) => chapter.blocks.map((block) => block.id));
  fuzz.known.set(
    'chapterId',
    chapters.map((chapter) => chapter.id),
  );
  fuzz.known.set(
    'chapterIds',
    chapters.map((chapter) => chapter.id),
  );
  fuzz.known.set('blockId', blocks);
  fuzz.known.set('fromBlockId', blocks);
  fuzz.known.set('blockIds', blocks);
}

afterAll(async () => {
  await service?.close();
  await cleanup?.();
  logs.restore();
});

/** Names the seed and the case, so `IPC_FUZZ_SEED=<seed>` replays the failure. */
class FuzzFailure extends Error {
  constructor(seed: number, index: number, what: string, payload: unknown, problem: string) {
    super(`seed ${seed}, case ${index} (${what}): ${problem}\n  payload: ${describePayload(payload)}`);
  }
}

function withinHangLimit<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** Why `error` is not the contract's typed error, or null when it is. */
function errorProblem(error: unknown): string | null {
  const info = error as { code?: unknown; message?: unknown; hint?: unknown; stack?: unknown } | null;
  if (typeof info !== 'object' || info === null) return 'the error is not an object';
  if (!ERROR_CODES.has(info.code as string)) return `unknown error code ${String(info.code)}`;
  if (typeof info.message !== 'string' || !info.message) return 'the error has no message';
  if (info.hint !== undefined && typeof info.hint !== 'string') return 'the hint is not a string';
  if ('stack' in info) return 'the error carries a stack';
  if (info.message.startsWith(UNEXPECTED) || info.message.startsWith(ENDED_EARLY)) {
    return `a request met an unexpected failure ("${info.message}"; the log says: ${logs.lines.at(-1) ?? 'nothing'})`;
  }
  return null;
}

/** Why an invoke result breaks the contract, or null. */
function resultProblem(result: unknown): string | null {
  const shaped = result as Result<unknown> | null;
  if (typeof shaped !== 'object' || shaped === null) return 'the result is not an object';
  try {
    // What Electron's IPC does to every answer.
    structuredClone(shaped);
  } catch (error) {
    return `the result cannot cross IPC: ${String(error)}`;
  }
  if (shaped.ok === true) return 'value' in shaped ? null : 'ok without a value';
  if (shaped.ok === false) return errorProblem(shaped.error);
  return 'the result has no ok flag';
}

/** A request its schema refuses must come back as BAD_INPUT. */
function refusalProblem(valid: boolean, result: Result<unknown>): string | null {
  if (valid) return null;
  if (result.ok) return 'a refused request answered ok';
  return result.error.code === 'BAD_INPUT' ? null : `a refused request answered ${result.error.code}`;
}

/** Whether a case left a key on a built-in prototype (checked after every case, so the failing one is named). */
function pollutionProblem(): string | null {
  const now = prototypeKeys();
  return isDeepStrictEqual(now, pristine) ? null : `a built-in prototype gained keys: ${JSON.stringify(now)}`;
}

/** What a request should do: rejected by its schema, or passed to the handler as the schema's output. */
function expectation(schemas: Record<string, z.ZodType>, channel: string, payload: unknown) {
  if (!Object.hasOwn(schemas, channel)) return { valid: false as const };
  const parsed = schemas[channel]!.safeParse(payload ?? {});
  return parsed.success ? { valid: true as const, data: parsed.data } : { valid: false as const };
}

/** Why the handler calls of one case break "only parsed requests reach a handler", or null. */
function callProblem(channel: string, payload: unknown, expected: ReturnType<typeof expectation>): string | null {
  const made = calls.splice(0);
  if (!expected.valid)
    return made.length ? `a handler ran for a request its schema refuses: ${made[0]!.channel}` : null;
  if (made.length !== 1 || made[0]!.channel !== channel) return `expected one call of ${channel}, saw ${made.length}`;
  const { request } = made[0]!;
  if (!isDeepStrictEqual(request, expected.data)) return 'the handler got something other than the parsed request';
  if (typeof payload === 'object' && payload !== null && request === payload) return 'the handler got the raw payload';
  return null;
}

/** A channel of `schemas` (now and then a wrong name), a payload for it, and what dispatch must do with it. */
function nextCase(fuzz: Fuzzer, schemas: Record<string, z.ZodType>) {
  const channel = pickChannel(fuzz, Object.keys(schemas));
  const payload = Object.hasOwn(schemas, channel) ? fuzz.payload(schemas[channel]!) : fuzz.value();
  return { channel, payload, expected: expectation(schemas, channel, payload) };
}

function pickChannel(fuzz: Fuzzer, channels: readonly string[]): string {
  if (fuzz.chance(0.9)) return fuzz.pick(channels);
  return fuzz.chance(0.5) ? fuzz.pick(WRONG_CHANNELS) : fuzz.string().slice(0, 200);
}

/** Checks one stream's messages as the consumer saw them; `left` says whether it closed its end early. */
function streamProblem(messages: StreamMessage[], valid: boolean, left: boolean): string | null {
  for (const [index, message] of messages.entries()) {
    if (message.seq !== index) return `message ${index} is numbered ${message.seq}`;
    if (!STREAM_TYPES.has(message.type)) return `unknown message type ${String(message.type)}`;
    if (message.type === 'error') {
      const problem = errorProblem(message.error);
      if (problem) return problem;
    }
    const final = message.type === 'done' || message.type === 'error';
    if (final && index !== messages.length - 1) return `messages follow the final ${message.type}`;
  }
  const last = messages.at(-1);
  if (!valid) {
    const refused = messages.length === 1 && last?.type === 'error' && last.error.code === 'BAD_INPUT';
    return refused ? null : 'a refused request did not get exactly one BAD_INPUT error';
  }
  if (!left && last?.type !== 'done' && last?.type !== 'error') return 'the stream ended without done or error';
  return null;
}

describe('fuzzed IPC payloads', () => {
  it(`dispatchInvoke: ${CASES.dispatchInvoke} random requests over every invoke channel and wrong ones`, async () => {
    const fuzz = await freshFuzzer(SEED);
    const channels = Object.keys(invokeChannels);
    const reached = new Set<string>();
    for (let index = 0; index < CASES.dispatchInvoke; index++) {
      if (index % 100 === 0) await learnIds(fuzz);
      const { channel, payload, expected } = nextCase(fuzz, invokeChannels);
      const fail = (problem: string) => new FuzzFailure(SEED, index, `invoke ${channel}`, payload, problem);
      let result: unknown;
      try {
        result = await withinHangLimit(dispatchInvoke(handlers, channel, payload));
      } catch (error) {
        throw fail(`dispatchInvoke rejected: ${String(error)}`);
      }
      const problem =
        resultProblem(result) ??
        callProblem(channel, payload, expected) ??
        refusalProblem(expected.valid, result as Result<unknown>) ??
        pollutionProblem();
      if (problem) throw fail(problem);
      if (expected.valid) reached.add(channel);
    }
    // The grown payloads get past the parse on every channel, so every handler was fuzzed too.
    expect([...reached].sort()).toEqual(channels.sort());
  });

  it(`dispatchStream: ${CASES.dispatchStream} random requests over every stream channel and wrong ones`, async () => {
    const fuzz = await freshFuzzer(SEED + 1);
    const channels = Object.keys(streamChannels);
    const reached = new Set<string>();
    for (let index = 0; index < CASES.dispatchStream; index++) {
      if (index % 50 === 0) await learnIds(fuzz);
      const { channel, payload, expected } = nextCase(fuzz, streamChannels);
      // Most consumers listen to the end; some close their end after the first message (Stop, a closed tab).
      const leaves = fuzz.chance(0.3);
      const messages: StreamMessage[] = [];
      const consumer = new AbortController();
      const sink = createNumberedSink((message) => {
        messages.push(message);
        if (leaves) consumer.abort();
      }, consumer.signal);
      const fail = (problem: string) => new FuzzFailure(SEED + 1, index, `stream ${channel}`, payload, problem);
      try {
        await withinHangLimit(dispatchStream(streams, channel, payload, sink));
      } catch (error) {
        throw fail(`dispatchStream rejected: ${String(error)}`);
      }
      sink.end();
      const problem =
        callProblem(channel, payload, expected) ??
        streamProblem(messages, expected.valid, leaves) ??
        pollutionProblem();
      if (problem) throw fail(problem);
      if (expected.valid) reached.add(channel);
    }
    expect([...reached].sort()).toEqual(channels.sort());
  });

  it(`Electron IPC: ${CASES.ipcInvoke} invokes and ${CASES.ipcStream} stream ports with random senders and messages`, async () => {
    setupIpc({ handlers, streams });
    const fuzz = await freshFuzzer(SEED + 2);
    const own = { url: 'app://studio/index.html', parent: null };
    const senders: unknown[] = [
      null,
      undefined,
      {},
      { url: 'https://evil.example/', parent: null },
      { url: 'app://studio/index.html', parent: own },
      { url: 42, parent: null },
      { url: 'app://studio.evil/index.html', parent: null },
      { url: 'javascript:alert(1)', parent: null },
    ];
    const page = {};
    // Only the contract's channels: Electron refuses an invoke on any other name in the renderer.
    const channels = Object.keys(invokeChannels) as InvokeChannel[];
    for (let index = 0; index < CASES.ipcInvoke; index++) {
      const channel = fuzz.pick(channels);
      const trusted = fuzz.chance(0.85);
      const senderFrame = trusted ? own : fuzz.pick(senders);
      const payload = fuzz.payload(invokeChannels[channel]);
      const expected = trusted ? expectation(invokeChannels, channel, payload) : { valid: false as const };
      const fail = (problem: string) => new FuzzFailure(SEED + 2, index, `ipc invoke ${channel}`, payload, problem);
      let result: unknown;
      try {
        result = await withinHangLimit(
          Promise.resolve(ipcMain.handlers.get(channel)!({ senderFrame, sender: page }, payload)),
        );
      } catch (error) {
        throw fail(`the IPC handler threw: ${String(error)}`);
      }
      const problem = resultProblem(result) ?? callProblem(channel, payload, expected) ?? pollutionProblem();
      if (problem) throw fail(problem);
    }

    for (let index = 0; index < CASES.ipcStream; index++) {
      const trusted = fuzz.chance(0.85);
      const senderFrame = trusted ? own : fuzz.pick(senders);
      const { channel, payload: request } = nextCase(fuzz, streamChannels);
      const message = fuzz.chance(0.85) ? { channel, request } : fuzz.value();
      const asked = message as { channel?: unknown; request?: unknown } | null;
      const named = typeof asked === 'object' && asked !== null && typeof asked.channel === 'string';
      // Electron always sends the port; a message without one (not from our preload) must do nothing.
      const withoutPort = fuzz.chance(0.05);
      const expected =
        trusted && named && !withoutPort
          ? expectation(streamChannels, asked.channel as string, asked.request)
          : { valid: false as const };
      const leaves = fuzz.chance(0.3);
      const port = new FakeMessagePortMain();
      const fail = (problem: string) => new FuzzFailure(SEED + 2, index, `ipc stream ${channel}`, message, problem);
      try {
        ipcMain.emit('stream:open', { senderFrame, sender: page, ports: withoutPort ? [] : [port] }, message);
        let left = false;
        const ended = () => {
          if (leaves && !left && port.posted.length) {
            left = true;
            port.remoteClose();
          }
          if (!port.closed) throw new Error('the port is still open');
        };
        if (!withoutPort) await withinHangLimit(vi.waitFor(ended, { timeout: HANG_MS, interval: 1 }));
      } catch (error) {
        throw fail(`the stream did not end: ${String(error)}`);
      }
      const posted = port.posted as StreamMessage[];
      let problem: string | null;
      if (!trusted || withoutPort) {
        problem = posted.length
          ? 'a stream request that must be ignored got messages'
          : callProblem('', null, expected);
      } else {
        problem =
          callProblem(named ? (asked.channel as string) : '', asked?.request, expected) ??
          streamProblem(posted, expected.valid, leaves);
      }
      problem ??= pollutionProblem();
      if (problem) throw fail(problem);
    }
  });

  it('leaves the built-in prototypes as they were', () => {
    expect(prototypeKeys()).toEqual(pristine);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
  });
});
