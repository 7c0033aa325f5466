import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openEngine } from '../../../electron/engine/create-provider';
import { dispatchInvoke, dispatchStream } from '../../../electron/engine/studio/dispatch';
import {
  createStudioService,
  type StudioPorts,
  type StudioService,
} from '../../../electron/engine/studio/studio-service';
import type {
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeResponses,
  StreamChannel,
} from '../../../shared/ipc-contract';
import type { StudioErrorInfo } from '../../../shared/errors';
import { startSimulator, type Simulator } from '../../simulator/index';
import { immediateTimer, memoryKeyStore, recordEvents, tempDataDir, TestSink } from '../../unit/studio/fakes';

/** Waits are fired at once: a test never sits out a playback lead or a backoff. */

export interface StudioUnderTest {
  dataDir: string;
  service: StudioService;
  invoke<C extends InvokeChannel>(channel: C, payload: unknown): Promise<InvokeResponses[C]>;
  /** The error a refused request comes back with. */
  refusal(channel: InvokeChannel, payload: unknown): Promise<StudioErrorInfo>;
  stream(channel: StreamChannel, payload: unknown): { sink: TestSink; finished: Promise<void> };
  events: Array<{ event: EventChannel; payload: unknown }>;
  eventsOf<E extends EventChannel>(event: E): EventPayloads[E][];
  /** Closes the service (as quitting the app does); a new `start` on the same data folder is the next run. */
  close(): Promise<void>;
}

/**
 * The whole studio service (dispatch included, as both shells call it) on a fresh data folder per
 * test; `start` again with `{ dataDir }` to play a restart. Every service started is closed after
 * the test, and the folder removed.
 */
export function useStudio(): (overrides?: Partial<StudioPorts>) => Promise<StudioUnderTest> {
  let dataDir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const running = new Set<StudioService>();
  beforeEach(async () => ({ dir: dataDir, cleanup } = await tempDataDir()));
  afterEach(async () => {
    for (const service of running) await service.close();
    running.clear();
    await cleanup();
  });

  return async (overrides = {}) => {
    const { emit, events } = recordEvents();
    const service = await createStudioService({
      dataDir,
      emit,
      keyStore: memoryKeyStore().keyStore,
      env: {},
      openEngine,
      exportTarget: { deliver: async (fileName) => ({ path: join(dataDir, fileName), downloadUrl: null }) },
      reveal: async () => false,
      openExternal: async () => false,
      appInfo: { name: 'Async Voice Studio', version: '0.0.0', shell: 'web', platform: 'linux' },
      setTimer: immediateTimer,
      projectAutosaveDelayMs: 50,
      ...overrides,
    });
    running.add(service);
    const invoke = async <C extends InvokeChannel>(channel: C, payload: unknown) => {
      const result = await dispatchInvoke(service.handlers, channel, payload);
      if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.message}`), { info: result.error });
      return result.value as InvokeResponses[C];
    };
    return {
      dataDir,
      service,
      invoke,
      async refusal(channel, payload) {
        const result = await dispatchInvoke(service.handlers, channel, payload);
        if (result.ok) throw new Error(`${channel} was expected to be refused`);
        return result.error;
      },
      stream(channel, payload) {
        const sink = new TestSink();
        return { sink, finished: dispatchStream(service.streams, channel, payload, sink) };
      },
      events,
      eventsOf: <E extends EventChannel>(event: E) =>
        events.filter((e) => e.event === event).map((e) => e.payload as EventPayloads[E]),
      async close() {
        running.delete(service);
        await service.close();
      },
    };
  };
}

/**
 * One unpaced simulator for a test file's tests, and the environment that points a studio at it
 * with its key (the Async engine, as a user with ASYNCAI_API_KEY set has it).
 */
export function useSimulator(): { sim: () => Simulator; env: () => Record<string, string> } {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ faults: { realtimeFactor: Infinity, firstAudioMs: 0 } });
  });
  afterAll(() => sim.close());
  return {
    sim: () => sim,
    env: () => ({ ASYNCAI_API_KEY: sim.apiKey, ASYNCAI_API_URL: sim.httpUrl, ASYNCAI_WS_URL: sim.wsUrl }),
  };
}
