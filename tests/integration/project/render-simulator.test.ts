import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BlockSynthesizer, RenderJob } from '../../../electron/engine/project/render-block';
import {
  createRenderQueue,
  type RenderQueue,
  type RenderQueueOptions,
} from '../../../electron/engine/project/render-queue';
import { readTakeTiming } from '../../../electron/engine/project/take-files';
import type { Transport } from '../../../shared/synthesis';
import { DEFAULT_MODEL_ID, DEFAULT_VOICE_ID } from '../../../shared/models';
import type { BlockStatus, RenderQueueStatus } from '../../../shared/project-session';
import type { SpeakerVoice, Take } from '../../../shared/project';
import { startSimulator, type Simulator } from '../../simulator/index';
import { instantTimer, jobFor, journalBlocks, manualTimer, OFFLINE_VOICE } from '../../unit/project/render-fakes';
import { openRenderEngines } from './fixtures/render-engines';

/** The real engines (Async over HTTP and WebSocket, Flite offline) and the render queue, against the simulator. */
const FAST = { realtimeFactor: Infinity, firstAudioMs: 0 };
const ASYNC_VOICE: SpeakerVoice = { engine: 'async', voiceId: DEFAULT_VOICE_ID, modelId: DEFAULT_MODEL_ID };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ faults: FAST });
});
afterAll(() => sim.close());

let dir: string;
let dataDir: string;
const cleanups: Array<() => Promise<void>> = [];
beforeEach(async () => {
  sim.resetFaults();
  sim.clearRecording();
  dir = await mkdtemp(join(tmpdir(), 'render-project-'));
  dataDir = await mkdtemp(join(tmpdir(), 'render-data-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

async function engines(options: { transport?: Transport; apiKey?: string | null; server?: Simulator } = {}) {
  const server = options.server ?? sim;
  const opened = await openRenderEngines({
    dataDir,
    httpUrl: server.httpUrl,
    wsUrl: server.wsUrl,
    apiKey: options.apiKey === undefined ? server.apiKey : options.apiKey,
    transport: options.transport ?? 'http',
  });
  cleanups.push(() => opened.close());
  return opened.synthesize;
}

/** A queue in the test's project folder, recording what it reports. */
function queueWith(synthesize: BlockSynthesizer, options: Partial<RenderQueueOptions> = {}) {
  const takes: Array<{ blockId: string; take: Take }> = [];
  const statuses: Array<{ blockId: string; status: BlockStatus | null }> = [];
  const progress: RenderQueueStatus[] = [];
  const queue: RenderQueue = createRenderQueue({
    dir,
    synthesize,
    onTake: (blockId, take) => takes.push({ blockId, take }),
    onBlockStatus: (blockId, status) => statuses.push({ blockId, status }),
    onProgress: (status) => progress.push(status),
    setTimer: instantTimer().setTimer,
    ...options,
  });
  cleanups.push(() => queue.close());
  const idle = () => vi.waitFor(() => expect(queue.status().state).toBe('idle'), { timeout: 15_000, interval: 5 });
  const lastStatus = (blockId: string) => statuses.filter((s) => s.blockId === blockId).at(-1)?.status;
  return { queue, takes, progress, idle, lastStatus };
}

/** What the simulator was asked to speak over HTTP, request by request. */
const spoken = (server: Simulator = sim) =>
  server.recording.http
    .filter((r) => r.path === '/text_to_speech/streaming')
    .map((r) => (r.body as { transcript: string }).transcript);

const count = (texts: string[], text: string) => texts.filter((t) => t === text).length;

/** One sentence per block, so one HTTP request per block. */
const chapter = (n: number, voice: SpeakerVoice = ASYNC_VOICE): RenderJob[] =>
  Array.from({ length: n }, (_, i) => jobFor(`b${i + 1}`, `Block number ${i + 1} is read aloud.`, voice));

const takeOnDisk = (job: RenderJob) => existsSync(join(dir, 'audio', `${job.cacheKey}.wav`));

describe('block synthesizer against the simulator', () => {
  it.each(['http', 'ws'] as const)(
    'renders a block over %s in the project format, each sentence sent once',
    async (transport) => {
      const synthesize = await engines({ transport });
      const job = jobFor('b1', 'The first sentence of the block. Then the second one.', ASYNC_VOICE);
      const block = await synthesize(job, new AbortController().signal);
      expect(block.audio.sampleRate).toBe(44_100);
      expect(block.timing.sentences.map((s) => s.text)).toEqual([
        'The first sentence of the block.',
        'Then the second one.',
      ]);
      expect(block.timing.sentences.at(-1)!.endSample).toBe(block.audio.pcm.length);
      expect(block.provenance).toMatchObject({
        text: job.text,
        engine: 'async',
        transport,
        sampleRate: 44_100,
        voice: { voiceId: DEFAULT_VOICE_ID, modelId: DEFAULT_MODEL_ID },
      });
      expect(block.provenance.durationSeconds).toBeCloseTo(block.audio.pcm.length / 44_100, 6);
      expect(block.provenance.timings.timeToFirstAudioMs).not.toBeNull();
      if (transport === 'http') {
        expect(spoken()).toEqual(['The first sentence of the block.', 'Then the second one.']);
        expect(sim.recording.http[0]!.body).toMatchObject({
          output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 44_100 },
        });
      } else {
        const sent = sim.recording.ws.flatMap((socket) =>
          socket.messages.map((m) => m.data as { transcript?: string }),
        );
        expect(sent.filter((m) => m.transcript?.trim()).map((m) => m.transcript!.trim())).toEqual([
          'The first sentence of the block.',
          'Then the second one.',
        ]);
      }
    },
  );

  it('renders an offline voice with Flite at 44.1 kHz and sends nothing to the API', async () => {
    const synthesize = await engines({ apiKey: null });
    const block = await synthesize(jobFor('b1', 'Spoken offline.', OFFLINE_VOICE), new AbortController().signal);
    expect(block.audio.sampleRate).toBe(44_100);
    expect(block.provenance).toMatchObject({ engine: 'offline', sampleRate: 44_100 });
    expect(block.provenance.durationSeconds).toBeGreaterThan(0.3);
    expect(sim.recording.http).toEqual([]);
    expect(sim.recording.ws).toEqual([]);
  });

  it('an Async voice without a key is AUTH, and the offline engine does not step in', async () => {
    const synthesize = await engines({ apiKey: null });
    await expect(
      synthesize(jobFor('b1', 'Needs the API.', ASYNC_VOICE), new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'AUTH',
      hint: expect.stringContaining('Add your Async API key'),
    });
  });
});

describe('render queue against the simulator', () => {
  it('renders two blocks at a time, each text sent once; the same render again sends nothing', async () => {
    const real = await engines();
    let inFlight = 0;
    let most = 0;
    const counting: BlockSynthesizer = async (job, signal) => {
      most = Math.max(most, ++inFlight);
      try {
        return await real(job, signal);
      } finally {
        inFlight--;
      }
    };
    const jobs = chapter(6);
    const first = queueWith(counting);
    await first.queue.enqueue(jobs);
    await first.idle();
    expect(most).toBe(2);
    expect(first.queue.status()).toMatchObject({
      done: 6,
      failed: 0,
      charactersDone: first.queue.status().charactersTotal,
    });
    expect(jobs.every(takeOnDisk)).toBe(true);
    for (const job of jobs) expect(count(spoken(), job.text)).toBe(1);

    const before = sim.recording.http.length;
    const second = queueWith(counting);
    await second.queue.enqueue(jobs);
    await second.idle();
    expect(sim.recording.http.length).toBe(before);
    expect(second.takes.map((t) => t.blockId).sort()).toEqual(jobs.map((j) => j.blockId).sort());
    expect(second.takes.every((t) => t.take.provenance.timings.totalMs === 0)).toBe(true);
  });

  it('a 429 with retry_after_ms pauses the queue, then every block is sent once more and completes', async () => {
    // The HTTP client retries a 429 twice itself; the third reaches the queue.
    sim.setFaults({ http429: { count: 3, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 20 } });
    const timer = manualTimer();
    const { queue, idle } = queueWith(await engines(), { concurrency: 1, setTimer: timer.setTimer });
    const jobs = chapter(3);
    await queue.enqueue(jobs);
    await vi.waitFor(() => expect(timer.pending()).toBe(1), { timeout: 10_000, interval: 5 });
    expect(queue.status()).toMatchObject({ state: 'waiting', done: 0, current: [] });
    expect(queue.status().resumesAt).not.toBeNull();
    expect(queue.status().message).toMatch(/slow down/);
    expect(timer.waits).toEqual([20]);
    timer.fireAll();
    await idle();
    expect(queue.status()).toMatchObject({ done: 3, failed: 0 });
    // Three refused requests for the first block, then one each that went through.
    expect(spoken()).toEqual([jobs[0]!.text, jobs[0]!.text, jobs[0]!.text, ...jobs.map((j) => j.text)]);
  });

  it('survives a dropped network: the queue waits, and finishes once the server is back on the same port', async () => {
    const own = await startSimulator({ faults: FAST });
    const port = Number(new URL(own.httpUrl).port);
    let back: Simulator | null = null;
    cleanups.push(async () => {
      await own.close();
      await back?.close();
    });
    const timer = manualTimer();
    let down: Promise<void> | null = null;
    const { queue, idle } = queueWith(await engines({ server: own }), {
      concurrency: 1,
      setTimer: timer.setTimer,
      // The network goes away as soon as the first block is in.
      onTake: () => (down ??= own.close()),
    });
    const jobs = chapter(4);
    await queue.enqueue(jobs);
    await vi.waitFor(() => expect(timer.pending()).toBe(1), { timeout: 10_000, interval: 5 });
    expect(queue.status()).toMatchObject({ state: 'waiting', done: 1, failed: 0 });
    expect(queue.status().message).toMatch(/Cannot reach the Async API.*tries again in 1 s/);
    expect(timer.waits).toEqual([1_000]);

    await down;
    back = await startSimulator({ port, faults: FAST });
    timer.fireAll();
    await idle();
    expect(queue.status()).toMatchObject({ done: 4, failed: 0 });
    expect(jobs.every(takeOnDisk)).toBe(true);
    expect(spoken(back)).toEqual(jobs.slice(1).map((j) => j.text));
  });

  it('a WebSocket dropped in the middle of a block is re-sent by the engine: the take holds its audio once', async () => {
    const synthesize = await engines({ transport: 'ws' });
    const job = jobFor('b1', 'A sentence long enough to be cut off by the drop.', ASYNC_VOICE);
    const clean = await synthesize(job, new AbortController().signal);
    sim.setFaults({ dropAfterChunks: 3, dropTimes: 1, chunkMs: 20 });
    const { queue, idle, takes } = queueWith(synthesize);
    await queue.enqueue([job]);
    await idle();
    expect(queue.status()).toMatchObject({ done: 1, failed: 0 });
    expect(sim.recording.ws.some((socket) => socket.closeCode === 1006)).toBe(true);
    expect(takes[0]!.take.provenance.durationSeconds).toBeCloseTo(clean.audio.pcm.length / 44_100, 6);
  });

  it('a refused key stops the queue with the reason; no block is rendered', async () => {
    const { queue, idle, lastStatus, takes } = queueWith(await engines({ apiKey: 'sk_not_the_key' }));
    const jobs = chapter(4);
    await queue.enqueue(jobs);
    await idle();
    expect(takes).toEqual([]);
    expect(queue.status()).toMatchObject({ state: 'idle', failed: 4, done: 0 });
    expect(queue.status().message).toMatch(/^Rendering stopped: .*Check the API key/);
    for (const job of jobs) expect(lastStatus(job.blockId)).toMatchObject({ state: 'failed', error: { code: 'AUTH' } });
    // Two blocks in flight were refused; the two behind them were never sent.
    expect(spoken().length).toBeLessThanOrEqual(2);
    await vi.waitFor(async () => expect(await journalBlocks(dir)).toEqual([]));
  });

  it('a used-up quota stops the queue too', async () => {
    sim.setFaults({ http429: { count: 10, code: 'USAGE_LIMIT_EXCEEDED', retryAfterMs: 0 } });
    const { queue, idle } = queueWith(await engines(), { concurrency: 1 });
    await queue.enqueue(chapter(3));
    await idle();
    expect(queue.status()).toMatchObject({ failed: 3, done: 0 });
    expect(queue.status().message).toMatch(/quota is used up/);
    expect(spoken()).toHaveLength(1);
  });

  it('a voice the API does not know fails that block only; the others finish', async () => {
    const { queue, idle, lastStatus } = queueWith(await engines());
    const jobs = chapter(3);
    jobs[1] = jobFor('b2', 'Nobody has this voice.', {
      ...ASYNC_VOICE,
      voiceId: '00000000-0000-4000-8000-000000000000',
    });
    await queue.enqueue(jobs);
    await idle();
    expect(queue.status()).toMatchObject({ done: 2, failed: 1, message: null });
    expect(lastStatus('b2')).toMatchObject({
      state: 'failed',
      error: { code: 'BAD_INPUT', apiCode: 'VOICE_NOT_FOUND' },
    });
    expect([jobs[0], jobs[2]].every((job) => takeOnDisk(job!))).toBe(true);
  });

  it('cancel stops the requests in flight and forgets the render', async () => {
    // Slow enough that both blocks are still being spoken when cancel comes.
    sim.setFaults({ realtimeFactor: 0.5, firstAudioMs: 0 });
    const { queue, takes } = queueWith(await engines());
    const jobs = chapter(4);
    await queue.enqueue(jobs);
    await vi.waitFor(() => expect(spoken()).toHaveLength(2), { timeout: 10_000, interval: 5 });
    expect(await queue.cancel()).toMatchObject({ state: 'idle', total: 0, current: [] });
    expect(takes).toEqual([]);
    expect(jobs.some(takeOnDisk)).toBe(false);
    expect(spoken()).toHaveLength(2);
    expect(await journalBlocks(dir)).toEqual([]);
    expect(await readTakeTiming(dir, { file: `${jobs[0]!.cacheKey}.wav` })).toBeNull();
  });
});
