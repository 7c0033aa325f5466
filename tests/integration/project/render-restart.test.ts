import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RenderJob } from '../../../electron/engine/project/render-block';
import { createRenderQueue } from '../../../electron/engine/project/render-queue';
import { readTakeTiming } from '../../../electron/engine/project/take-files';
import { DEFAULT_MODEL_ID, DEFAULT_VOICE_ID } from '../../../shared/models';
import type { Take } from '../../../shared/project';
import { startSimulator, type Simulator } from '../../simulator/index';
import { jobFor, journalBlocks } from '../../unit/project/render-fakes';
import { openRenderEngines } from './fixtures/render-engines';

const CHILD = join(import.meta.dirname, 'fixtures', 'render-child.ts');
const BLOCKS = 8;
/** The queue's default, which the child uses: at most this many blocks are in flight when it dies. */
const CONCURRENCY = 2;
/** The child and the resumed run use different keys, so the simulator's recording tells whose request each was. */
const CHILD_KEY = 'sk_sim_child_run';
const RESUME_KEY = 'sk_sim_resumed_run';

let sim: Simulator;
let dir: string;
let dataDir: string;
beforeEach(async () => {
  // Paced like the real service (a block takes a few hundred ms), so the kill lands mid-render.
  sim = await startSimulator({
    apiKeys: [CHILD_KEY, RESUME_KEY],
    faults: { realtimeFactor: 3, firstAudioMs: 50, chunkMs: 50 },
  });
  dir = await mkdtemp(join(tmpdir(), 'render-restart-'));
  dataDir = await mkdtemp(join(tmpdir(), 'render-restart-data-'));
});
afterEach(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the child's render until it has reported `takes` takes, then SIGKILLs it a random moment later. */
function renderUntilKilled(jobsFile: string, takes: number): Promise<{ reported: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dir, join(dataDir, 'child'), jobsFile, sim.httpUrl, sim.wsUrl, CHILD_KEY],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const reported: string[] = [];
    let stderr = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, blockId] = line.split(' ');
      if (word !== 'take') return;
      reported.push(blockId!);
      if (reported.length === takes) setTimeout(() => child.kill('SIGKILL'), Math.random() * 150);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ reported });
      else reject(new Error(`The render finished (or failed, code ${code}) before it was killed: ${stderr}`));
    });
  });
}

/** What the simulator was asked to speak with `key`, request by request. */
const spokenWith = (key: string) =>
  sim.recording.http
    .filter((r) => r.path === '/text_to_speech/streaming' && r.headers['x-api-key'] === key)
    .map((r) => (r.body as { transcript: string }).transcript);

describe('render queue: crash and restart', () => {
  it('a render killed mid-way resumes in a new queue: every take is made, no finished block is sent again', async () => {
    const voice = { engine: 'async', voiceId: DEFAULT_VOICE_ID, modelId: DEFAULT_MODEL_ID } as const;
    const jobs: RenderJob[] = Array.from({ length: BLOCKS }, (_, i) =>
      jobFor(`b${i + 1}`, `Block number ${i + 1} of the chapter is read aloud here.`, voice),
    );
    const jobsFile = join(dataDir, 'jobs.json');
    await writeFile(jobsFile, JSON.stringify(jobs));
    const onDisk = (job: RenderJob) => existsSync(join(dir, 'audio', `${job.cacheKey}.wav`));

    const { reported } = await renderUntilKilled(jobsFile, 2);
    // The child is dead: nothing on disk changes any more. These takes are final; the others never happened.
    const finishedAtKill = new Set(jobs.filter(onDisk).map((job) => job.blockId));
    expect(reported.every((id) => finishedAtKill.has(id))).toBe(true);
    expect(finishedAtKill.size).toBeLessThan(BLOCKS);

    // The next open, as the session resumes: the journal's jobs, less the blocks whose take it recorded.
    const engines = await openRenderEngines({
      dataDir: join(dataDir, 'resumed'),
      httpUrl: sim.httpUrl,
      wsUrl: sim.wsUrl,
      apiKey: RESUME_KEY,
      transport: 'http',
    });
    const takes: Array<{ blockId: string; take: Take }> = [];
    const queue = createRenderQueue({
      dir,
      synthesize: engines.synthesize,
      onTake: (blockId, take) => takes.push({ blockId, take }),
      onBlockStatus: () => undefined,
      onProgress: () => undefined,
    });
    try {
      const unfinished = await queue.unfinished();
      const notReported = jobs.filter((job) => !reported.includes(job.blockId));
      // Whatever had not been reported is in the journal (a take written but not reported included).
      // A reported block may still be there too: the queue reports a take before it rewrites the
      // journal, and the kill can land between the two; the session drops such a job (its block
      // already has the take), as this resume does below.
      const journalled = unfinished.map((job) => job.blockId);
      expect(journalled).toEqual(expect.arrayContaining(notReported.map((job) => job.blockId)));
      for (const id of journalled)
        expect(notReported.some((job) => job.blockId === id) || reported.includes(id)).toBe(true);
      await queue.enqueue(unfinished.filter((job) => !reported.includes(job.blockId)));
      await vi.waitFor(() => expect(queue.status().state).toBe('idle'), { timeout: 30_000, interval: 10 });
      expect(queue.status()).toMatchObject({ done: notReported.length, failed: 0 });
    } finally {
      await queue.close();
      await engines.close();
    }

    for (const job of jobs) {
      expect(onDisk(job)).toBe(true);
      expect(await readTakeTiming(dir, { file: `${job.cacheKey}.wav` })).not.toBeNull();
    }
    expect(takes.map((t) => t.blockId).sort()).toEqual(
      jobs
        .filter((job) => !reported.includes(job.blockId))
        .map((job) => job.blockId)
        .sort(),
    );
    await vi.waitFor(async () => expect(await journalBlocks(dir)).toEqual([]));

    const byChild = spokenWith(CHILD_KEY);
    const byResume = spokenWith(RESUME_KEY);
    // Blocks the child had asked for whose take never reached the disk: the requests in flight at the kill.
    const inFlightAtKill = jobs.filter((job) => byChild.includes(job.text) && !finishedAtKill.has(job.blockId));
    expect(inFlightAtKill.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const job of jobs) {
      const sentTwice = inFlightAtKill.includes(job);
      expect(byChild.filter((text) => text === job.text).length).toBeLessThanOrEqual(1);
      // A finished take is never asked for again; everything else is asked for once after the restart.
      expect(byResume.filter((text) => text === job.text)).toHaveLength(finishedAtKill.has(job.blockId) ? 0 : 1);
      /*
       * Overall, each block's text is billed once, except a request that was in flight when the
       * process died: the server had the text and was speaking it, and nothing the client can do
       * afterwards recalls that request, while its audio died with the process before reaching
       * the disk. So the resumed render must ask again: at most `CONCURRENCY` blocks pay twice.
       */
      expect([...byChild, ...byResume].filter((text) => text === job.text)).toHaveLength(sentTwice ? 2 : 1);
    }
  }, 60_000);
});
