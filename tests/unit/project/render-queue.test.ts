import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RENDER_JOURNAL_FILE } from '../../../electron/engine/project/render-journal';
import type { RenderJob } from '../../../electron/engine/project/render-block';
import {
  createRenderQueue,
  type RenderQueue,
  type RenderQueueOptions,
} from '../../../electron/engine/project/render-queue';
import { readTakeTiming, writeProjectTake } from '../../../electron/engine/project/take-files';
import { StudioError, type StudioErrorCode } from '../../../shared/errors';
import type { BlockStatus, RenderQueueStatus } from '../../../shared/project-session';
import type { Take } from '../../../shared/project';
import { captureLogs } from '../studio/fakes';
import { counterIds, useTempDir } from './sample';
import { FakeSynth, instantTimer, jobFor, journalBlocks, manualTimer, renderedFor } from './render-fakes';

const dir = useTempDir();
const opened: RenderQueue[] = [];
// Closed before the folder is removed: a queue may still be writing its journal.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

const error = (code: StudioErrorCode, extra: Partial<ConstructorParameters<typeof StudioError>[0]> = {}) =>
  new StudioError({ code, message: `The fake engine says ${code}.`, hint: `Do something about ${code}.`, ...extra });

/** A queue over `synth` in the test's folder, recording everything it reports. */
function queueWith(synth: FakeSynth, options: Partial<RenderQueueOptions> = {}) {
  const takes: Array<{ blockId: string; take: Take }> = [];
  const statuses: Array<{ blockId: string; status: BlockStatus | null }> = [];
  const progress: RenderQueueStatus[] = [];
  const queue = createRenderQueue({
    dir: dir(),
    synthesize: synth.synthesize,
    onTake: (blockId, take) => takes.push({ blockId, take }),
    onBlockStatus: (blockId, status) => statuses.push({ blockId, status }),
    onProgress: (status) => progress.push(status),
    newId: counterIds('take'),
    setTimer: instantTimer().setTimer,
    ...options,
  });
  opened.push(queue);
  const idle = () => vi.waitFor(() => expect(queue.status().state).toBe('idle'), { timeout: 5_000, interval: 2 });
  const lastStatus = (blockId: string) => statuses.filter((s) => s.blockId === blockId).at(-1)?.status;
  return { queue, takes, statuses, progress, idle, lastStatus };
}

const jobs = (...texts: string[]) => texts.map((text, i) => jobFor(`b${i + 1}`, text));
const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 2 });

describe('render queue: order and concurrency', () => {
  it('starts jobs in the order enqueued, never more than `concurrency` at once', async () => {
    const synth = new FakeSynth();
    const { queue, takes, idle } = queueWith(synth, { concurrency: 2 });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.', 'Four.', 'Five.'));
    await synth.call(1);
    expect(queue.status()).toMatchObject({ state: 'running', total: 5, current: ['b1', 'b2'] });
    expect(synth.calls).toHaveLength(2);
    // The second finishes first: the third takes its place, the first is still running.
    synth.calls[1]!.resolve();
    (await synth.call(2)).resolve();
    synth.calls[0]!.resolve();
    (await synth.call(3)).resolve();
    (await synth.call(4)).resolve();
    await idle();
    expect(synth.calls.map((c) => c.job.blockId)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(synth.maxInFlight).toBe(2);
    expect(takes.map((t) => t.blockId).sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(queue.status()).toMatchObject({ state: 'idle', total: 5, done: 5, failed: 0, current: [] });
  });

  it('writes the take (audio and timing) before onTake, and the job leaves the journal only after it', async () => {
    const synth = new FakeSynth(true);
    const seenAtTake: Array<{ audio: boolean; timing: boolean; inJournal: boolean }> = [];
    const { queue, takes, idle } = queueWith(synth, {
      now: () => Date.parse('2026-11-24T08:00:00Z'),
      onTake: (blockId, take) => {
        const audio = join(dir(), 'audio', take.file);
        const journal = JSON.parse(readFileSync(join(dir(), RENDER_JOURNAL_FILE), 'utf8')) as { jobs: RenderJob[] };
        seenAtTake.push({
          audio: existsSync(audio),
          timing: existsSync(`${audio}.timing.json`),
          inJournal: journal.jobs.some((job) => job.blockId === blockId),
        });
        takes.push({ blockId, take });
      },
    });
    const [job] = jobs('Written first.');
    await queue.enqueue([job!]);
    await idle();
    expect(seenAtTake).toEqual([{ audio: true, timing: true, inJournal: true }]);
    expect(takes[0]!.take).toEqual({
      id: 'take1',
      file: `${job!.cacheKey}.wav`,
      createdAt: '2026-11-24T08:00:00.000Z',
      cacheKey: job!.cacheKey,
      provenance: renderedFor(job!).provenance,
    });
    expect(await readTakeTiming(dir(), takes[0]!.take)).toEqual(renderedFor(job!).timing);
    await until(async () => expect(await journalBlocks(dir())).toEqual([]));
  });
});

describe('render queue: the content-addressed cache', () => {
  it('a job whose take is on disk is done without a request, with what the file says of it', async () => {
    const [cached, fresh] = jobs('Already rendered.', 'Not yet.');
    await writeProjectTake(dir(), `${cached!.cacheKey}.wav`, renderedFor(cached!).audio, renderedFor(cached!).timing);
    const synth = new FakeSynth(true);
    const { queue, takes, idle } = queueWith(synth, { transport: () => 'ws' });
    await queue.enqueue([cached!, fresh!]);
    await idle();
    expect(synth.calls.map((c) => c.job.blockId)).toEqual(['b2']);
    const fromDisk = takes.find((t) => t.blockId === 'b1')!.take;
    expect(fromDisk).toMatchObject({ file: `${cached!.cacheKey}.wav`, cacheKey: cached!.cacheKey });
    expect(fromDisk.provenance).toEqual({
      text: 'Already rendered.',
      voice: { voiceId: 'offline:slt', modelId: 'async_flash_v1.0' },
      engine: 'offline',
      transport: 'ws',
      sampleRate: 44_100,
      durationSeconds: 0.1,
      timings: { timeToFirstAudioMs: null, totalMs: 0 },
    });
    expect(queue.status()).toMatchObject({ done: 2, charactersDone: 'Already rendered.Not yet.'.length });
  });

  it('audio without its timing is not a cached take: the block is rendered', async () => {
    const [job] = jobs('Half there.');
    await writeProjectTake(dir(), `${job!.cacheKey}.wav`, renderedFor(job!).audio, renderedFor(job!).timing);
    await writeFile(join(dir(), 'audio', `${job!.cacheKey}.wav.timing.json`), '{ torn');
    const synth = new FakeSynth(true);
    const { queue, idle } = queueWith(synth);
    await queue.enqueue([job!]);
    await idle();
    expect(synth.calls).toHaveLength(1);
    expect(await readTakeTiming(dir(), { file: `${job!.cacheKey}.wav` })).toEqual(renderedFor(job!).timing);
  });

  it('a regenerate makes a take of its own even when the cache holds the block', async () => {
    const job = jobFor('b1', 'Again, with feeling.', undefined, true);
    await writeProjectTake(dir(), `${job.cacheKey}.wav`, renderedFor(job).audio, renderedFor(job).timing);
    const synth = new FakeSynth(true);
    const { queue, takes, idle } = queueWith(synth);
    await queue.enqueue([job]);
    await idle();
    expect(synth.calls).toHaveLength(1);
    expect(takes[0]!.take).toMatchObject({ id: 'take1', file: `${job.cacheKey}-take1.wav` });
    expect(existsSync(join(dir(), 'audio', `${job.cacheKey}-take1.wav`))).toBe(true);
  });

  it('blocks with the same inputs in one render share one request', async () => {
    const synth = new FakeSynth();
    const { queue, takes, idle } = queueWith(synth, { concurrency: 2 });
    const a = jobFor('b1', 'Yes.');
    const b = jobFor('b2', 'Yes.');
    await queue.enqueue([a, b]);
    (await synth.call(0)).resolve();
    await idle();
    expect(synth.calls).toHaveLength(1);
    expect(takes.map((t) => [t.blockId, t.take.file])).toEqual([
      ['b1', `${a.cacheKey}.wav`],
      ['b2', `${a.cacheKey}.wav`],
    ]);
  });
});

describe('render queue: enqueueing again', () => {
  it('a newer job replaces a queued one in its place; one being rendered is stopped and goes first', async () => {
    const synth = new FakeSynth();
    const { queue, takes, idle } = queueWith(synth, { concurrency: 1 });
    await queue.enqueue(jobs('First.', 'Second.', 'Third.'));
    const first = await synth.call(0);
    await queue.enqueue([jobFor('b2', 'Second, edited.')]);
    await queue.enqueue([jobFor('b1', 'First, edited.')]);
    expect(first.signal.aborted).toBe(true);
    // The same job again changes nothing.
    await queue.enqueue([jobFor('b3', 'Third.')]);
    for (let n = 1; n <= 3; n++) (await synth.call(n)).resolve();
    await idle();
    expect(synth.calls.map((c) => c.job.text)).toEqual(['First.', 'First, edited.', 'Second, edited.', 'Third.']);
    expect(takes.map((t) => t.take.provenance.text)).toEqual(['First, edited.', 'Second, edited.', 'Third.']);
    expect(queue.status()).toMatchObject({
      total: 3,
      done: 3,
      charactersTotal: 'First, edited.Second, edited.Third.'.length,
    });
  });
});

describe('render queue: jobs no longer wanted', () => {
  it('drops a job whose block changed while it waited, before any request, and leaves it out of the totals', async () => {
    const synth = new FakeSynth();
    const unwanted = new Set<string>();
    const { queue, takes, idle, lastStatus } = queueWith(synth, {
      concurrency: 1,
      stillWanted: (job) => !unwanted.has(job.blockId),
    });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.'));
    const first = await synth.call(0);
    // Say b2 was locked (or edited, or deleted) while b1 rendered.
    unwanted.add('b2');
    first.resolve();
    (await synth.call(1)).resolve();
    await idle();
    expect(synth.calls.map((c) => c.job.blockId)).toEqual(['b1', 'b3']);
    expect(takes.map((t) => t.blockId)).toEqual(['b1', 'b3']);
    expect(lastStatus('b2')).toBeNull();
    expect(queue.status()).toMatchObject({
      total: 2,
      done: 2,
      failed: 0,
      charactersTotal: 'One.Three.'.length,
      charactersDone: 'One.Three.'.length,
    });
    await until(async () => expect(await journalBlocks(dir())).toEqual([]));
  });
});

describe('render queue: errors', () => {
  it('a 429 pauses the whole queue for its retry_after_ms, then the block is tried again', async () => {
    const synth = new FakeSynth();
    const timer = manualTimer();
    const now = Date.parse('2026-11-24T08:00:00Z');
    const { queue, idle, lastStatus } = queueWith(synth, { concurrency: 2, setTimer: timer.setTimer, now: () => now });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.'));
    (await synth.call(0)).reject(error('RATE_LIMITED', { status: 429, retryAfterMs: 1_500 }));
    await until(() => expect(queue.status().state).toBe('waiting'));
    expect(queue.status()).toMatchObject({
      current: ['b2'],
      resumesAt: '2026-11-24T08:00:01.500Z',
      message: expect.stringContaining('resumes by itself in 2 s'),
    });
    expect(lastStatus('b1')).toEqual({ state: 'queued' });
    // The block in flight finishes; nothing new starts while the queue waits.
    synth.calls[1]!.resolve();
    await until(() => expect(queue.status().current).toEqual([]));
    expect(synth.calls).toHaveLength(2);
    expect(timer.waits).toEqual([1_500]);
    timer.fireAll();
    expect(queue.status()).toMatchObject({ state: 'running', resumesAt: null, message: null });
    expect((await synth.call(2)).job.blockId).toBe('b1');
    expect((await synth.call(3)).job.blockId).toBe('b3');
    synth.calls[2]!.resolve();
    synth.calls[3]!.resolve();
    await idle();
    expect(queue.status()).toMatchObject({ done: 3, failed: 0 });
  });

  it('a network failure waits with backoff, 1 s doubling to at most 30 s, and never fails the block', async () => {
    const synth = new FakeSynth(true);
    const seen: RenderQueueStatus[] = [];
    // The status as the queue starts each wait.
    const timer = instantTimer(() => seen.push(made.queue.status()));
    const network = error('NETWORK');
    synth.failNext('b1', ...Array.from({ length: 7 }, () => network));
    synth.failNext('b2', error('TIMEOUT'));
    const made = queueWith(synth, { concurrency: 1, setTimer: timer.setTimer });
    const { queue } = made;
    await queue.enqueue(jobs('One.', 'Two.'));
    await made.idle();
    // The strikes start again after a block gets through.
    expect(timer.waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 1_000]);
    expect(seen.every((s) => s.state === 'waiting' && s.resumesAt !== null)).toBe(true);
    expect(seen[0]!.message).toContain('The fake engine says NETWORK.');
    expect(seen[0]!.message).toContain('tries again in 1 s');
    expect(queue.status()).toMatchObject({ done: 2, failed: 0 });
    expect(made.statuses.some((s) => s.status?.state === 'failed')).toBe(false);
  });

  it('a provider closed under a block (CANCELLED that nobody asked for) is tried again', async () => {
    const synth = new FakeSynth(true);
    synth.failNext('b1', error('CANCELLED'));
    const timer = instantTimer();
    const { queue, idle } = queueWith(synth, { setTimer: timer.setTimer });
    await queue.enqueue(jobs('One.'));
    await idle();
    expect(timer.waits).toEqual([1_000]);
    expect(queue.status()).toMatchObject({ done: 1, failed: 0 });
  });

  it.each(['AUTH', 'QUOTA'] as const)(
    '%s stops the queue: every block left fails with the reason, and the journal is emptied',
    async (code) => {
      const synth = new FakeSynth();
      const { queue, takes, idle, lastStatus } = queueWith(synth, { concurrency: 2 });
      await queue.enqueue(jobs('One.', 'Two.', 'Three.', 'Four.'));
      const second = await synth.call(1);
      synth.calls[0]!.reject(error(code));
      await idle();
      expect(second.signal.aborted).toBe(true);
      expect(synth.calls).toHaveLength(2);
      expect(takes).toEqual([]);
      for (const id of ['b1', 'b2', 'b3', 'b4']) {
        expect(lastStatus(id)).toMatchObject({
          state: 'failed',
          error: { code, message: `The fake engine says ${code}.` },
        });
      }
      expect(queue.status()).toMatchObject({
        state: 'idle',
        failed: 4,
        done: 0,
        message: `Rendering stopped: The fake engine says ${code}. Do something about ${code}.`,
      });
      await until(async () => expect(await journalBlocks(dir())).toEqual([]));
    },
  );

  it('BAD_INPUT fails that block only; the others finish', async () => {
    const synth = new FakeSynth(true);
    synth.failNext('b2', error('BAD_INPUT', { apiCode: 'VOICE_NOT_FOUND' }));
    const { queue, takes, idle, lastStatus } = queueWith(synth, { concurrency: 2 });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.'));
    await idle();
    expect(takes.map((t) => t.blockId).sort()).toEqual(['b1', 'b3']);
    expect(lastStatus('b2')).toEqual({
      state: 'failed',
      error: expect.objectContaining({ code: 'BAD_INPUT', apiCode: 'VOICE_NOT_FOUND' }),
    });
    expect(queue.status()).toMatchObject({ done: 2, failed: 1, message: null });
  });

  it('a take that cannot be written stops the queue before more is billed', async () => {
    // A file where the audio folder should be: no take can be written.
    await writeFile(join(dir(), 'audio'), 'not a folder');
    const synth = new FakeSynth(true);
    const { queue, idle, lastStatus } = queueWith(synth, { concurrency: 1 });
    await queue.enqueue(jobs('One.', 'Two.'));
    await idle();
    expect(synth.calls).toHaveLength(1);
    expect(lastStatus('b2')).toMatchObject({ state: 'failed' });
    expect(queue.status().message).toMatch(/^Rendering stopped: A rendered take could not be saved/);
  });
});

describe('render queue: cancel, close and resume', () => {
  it('cancel aborts what is in flight, forgets the rest and empties the journal', async () => {
    const synth = new FakeSynth();
    const { queue, takes, statuses, progress } = queueWith(synth, { concurrency: 2 });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.', 'Four.'));
    expect(await journalBlocks(dir())).toEqual(['b1', 'b2', 'b3', 'b4']);
    const [a, b] = [await synth.call(0), await synth.call(1)];
    const cancelling = queue.cancel();
    expect(queue.status().state).toBe('cancelling');
    expect(await cancelling).toMatchObject({ state: 'idle', total: 0, current: [] });
    expect([a.signal.aborted, b.signal.aborted]).toEqual([true, true]);
    expect(synth.calls).toHaveLength(2);
    expect(takes).toEqual([]);
    expect(statuses.some((s) => s.status?.state === 'failed')).toBe(false);
    expect(await journalBlocks(dir())).toEqual([]);
    await until(() => expect(progress.at(-1)).toMatchObject({ state: 'idle', total: 0 }));
    // The queue takes new work afterwards.
    const again = queue.enqueue(jobs('Five.'));
    (await synth.call(2)).resolve();
    await again;
    await until(() => expect(takes.map((t) => t.blockId)).toEqual(['b1']));
  });

  it('cancel lets go of every block it forgets, before a render asked for right after marks them queued again', async () => {
    const synth = new FakeSynth();
    const { queue, statuses, lastStatus } = queueWith(synth, { concurrency: 1 });
    await queue.enqueue(jobs('One.', 'Two.', 'Three.'));
    await synth.call(0);
    const cancelled = queue.cancel();
    const again = queue.enqueue(jobs('One.', 'Two.'));
    await Promise.all([cancelled, again]);
    expect(statuses.filter((s) => s.status === null).map((s) => s.blockId)).toEqual(['b1', 'b2', 'b3']);
    expect(lastStatus('b3')).toBeNull();
    expect(lastStatus('b2')).toEqual({ state: 'queued' });
    expect(['queued', 'rendering']).toContain(lastStatus('b1')?.state);
  });

  it('close keeps the journal; the next queue hands the jobs back, and a finished regenerate is not made again', async () => {
    const synth = new FakeSynth();
    const first = queueWith(synth, { concurrency: 1 });
    const regenerate = jobFor('b2', 'Two, regenerated.', undefined, true);
    const all = [jobFor('b1', 'One.'), regenerate, jobFor('b3', 'Three.')];
    await first.queue.enqueue(all);
    (await synth.call(0)).resolve();
    const inFlight = await synth.call(1);
    await first.queue.close();
    expect(inFlight.signal.aborted).toBe(true);
    expect(first.takes.map((t) => t.blockId)).toEqual(['b1']);
    expect(await journalBlocks(dir())).toEqual(['b2', 'b3']);

    // The regenerate had been billed and written just before the app died.
    const file = `${regenerate.cacheKey}-take2.wav`;
    await writeProjectTake(dir(), file, renderedFor(regenerate).audio, renderedFor(regenerate).timing);
    const second = queueWith(synth, { concurrency: 1, newId: counterIds('later') });
    const unfinished = await second.queue.unfinished();
    expect(unfinished).toEqual([all[1], all[2]]);
    expect(await second.queue.unfinished()).toEqual([]);
    await second.queue.enqueue(unfinished);
    (await synth.call(2)).resolve();
    await second.idle();
    expect(synth.calls.slice(2).map((c) => c.job.blockId)).toEqual(['b3']);
    expect(second.takes.map((t) => [t.blockId, t.take.id, t.take.file])).toEqual([
      ['b2', 'take2', file],
      // A job handed back keeps its take id too (the session may have recorded the take already).
      ['b3', 'take3', `${all[2]!.cacheKey}.wav`],
    ]);
  });

  it("the previous run's jobs stay in the journal until unfinished() hands them over", async () => {
    const synth = new FakeSynth();
    const first = queueWith(synth);
    await first.queue.enqueue(jobs('Left over.'));
    await synth.call(0);
    await first.queue.close();

    const second = queueWith(synth);
    await second.queue.enqueue([jobFor('b9', 'New work.')]);
    expect(await journalBlocks(dir())).toEqual(['b1', 'b9']);
    expect((await second.queue.unfinished()).map((j) => j.blockId)).toEqual(['b1']);
    // The session did not enqueue it again (say the block was deleted): the next write drops it.
    (await synth.call(1)).resolve();
    await second.idle();
    await until(async () => expect(await journalBlocks(dir())).toEqual([]));
  });

  it.each([
    ['not JSON', '{ "version": 1, "jobs": [ { "blockId": '],
    ['the wrong shape', JSON.stringify({ version: 1, jobs: [{ blockId: 'b1', text: 'No voice.' }] })],
    ['a newer version', JSON.stringify({ version: 99, jobs: [] })],
  ])('a journal that is %s is logged and treated as empty', async (_, text) => {
    await writeFile(join(dir(), RENDER_JOURNAL_FILE), text);
    const logs = captureLogs();
    try {
      const synth = new FakeSynth(true);
      const { queue, idle } = queueWith(synth);
      expect(await queue.unfinished()).toEqual([]);
      expect(logs.lines.some((line) => line.includes(RENDER_JOURNAL_FILE) && line.includes('damaged'))).toBe(true);
      await queue.enqueue(jobs('Fresh start.'));
      await idle();
      await until(async () => expect(await journalBlocks(dir())).toEqual([]));
    } finally {
      logs.restore();
    }
  });
});

describe('render queue: progress', () => {
  it('counts characters and estimates the time left from the rate so far', async () => {
    let now = 1_000_000;
    const synth = new FakeSynth();
    const { queue, idle } = queueWith(synth, { concurrency: 1, now: () => now });
    await queue.enqueue(jobs('0123456789', '01234567890123456789', '012345678901234567890123456789'));
    expect(queue.status()).toMatchObject({ charactersTotal: 60, charactersDone: 0, secondsLeft: null });
    now += 2_000;
    (await synth.call(0)).resolve();
    await synth.call(1);
    // 10 characters in 2 s: the 50 left take 10 s.
    expect(queue.status()).toMatchObject({ done: 1, charactersDone: 10, secondsLeft: 10, current: ['b2'] });
    now += 2_000;
    synth.calls[1]!.resolve();
    await synth.call(2);
    // 30 characters in 4 s: the 30 left take 4 s.
    expect(queue.status()).toMatchObject({ done: 2, charactersDone: 30, secondsLeft: 4 });
    synth.calls[2]!.resolve();
    await idle();
    expect(queue.status()).toMatchObject({ state: 'idle', charactersDone: 60, secondsLeft: null });
  });

  it('tells onProgress at most once per 100 ms of its clock; changes in between go out together at the end', async () => {
    let now = 5_000;
    const synth = new FakeSynth();
    const { queue, progress, idle } = queueWith(synth, { concurrency: 1, now: () => now });
    const fifty = Array.from({ length: 50 }, (_, i) => jobFor(`b${i + 1}`, `Line ${i + 1}.`));
    await queue.enqueue(fifty);
    // Starting the first block was told at once; the enqueue right after it, at the end of the interval.
    await until(() => expect(progress).toHaveLength(2));
    expect(progress.map((p) => p.total)).toEqual([50, 50]);
    now += 1_000;
    // AUTH fails all fifty blocks in one go: the first failure is told at once, the other 49 together.
    (await synth.call(0)).reject(new StudioError({ code: 'AUTH', message: 'Refused.' }));
    await idle();
    await until(() => expect(progress.at(-1)).toMatchObject({ state: 'idle', failed: 50 }));
    expect(progress).toHaveLength(4);
    expect(progress[2]).toMatchObject({ state: 'running', failed: 1 });
  });
});
