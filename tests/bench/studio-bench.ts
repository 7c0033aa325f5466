/**
 * Studio benchmarks in the real UI: the web shell against the simulator, driven in Debian's
 * Chromium (the end-to-end tests' launcher). Each function returns figures; run.ts prints them.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { LatencySummary } from '../../renderer/audio/latency-meter';
import buildWebRenderer from '../e2e/global-setup';
import { CHROMIUM } from '../e2e/paths';
import { startStudio, type StudioOptions } from '../e2e/studio-launcher';
import { invoke } from '../e2e/studio-page';
import { SENTENCES, SPEECH_RATE } from './audio-bench';
import { LONG_TAKE_NAME, LONG_TAKE_SECONDS, timeTakePeaks, writeLongTake } from './long-take';
import { PageMetrics, type PageGlobals } from './page-probe';

type RunningStudio = Awaited<ReturnType<typeof startStudio>>;

/** Short plays whose first chunk measures the pipeline (each stream's first chunk has nothing queued ahead). */
const FIRST_CHUNK_PLAYS = 8;
/** How long the longer play runs before Stop. */
const STEADY_PLAY_SECONDS = 10;
/** The stand-in live stream: rate, chunk length, chunks per 50 ms (about sixty times real time). */
const LIVE_RATE = 3000;
const LIVE_CHUNK_SECONDS = 0.5;
const LIVE_CHUNKS_PER_TICK = 6;
/** How often the live play is sampled, and when it is given up on if the page cannot keep up. */
const LIVE_SAMPLE_SECONDS = 3;
const LIVE_LIMIT_SECONDS = 120;
/** How long the one-hour take replays before its memory is read. */
const REPLAY_SECONDS = 4;
const WAIT_MS = 60_000;

/** Why the browser benchmarks cannot run here, or null when they can. */
export function studioBenchUnavailable(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;
}

/** Builds the renderer the web shell serves, as the end-to-end tests do. */
export async function prepareStudioBench(): Promise<void> {
  await buildWebRenderer();
}

async function withStudio<T>(options: StudioOptions, run: (studio: RunningStudio) => Promise<T>): Promise<T> {
  const studio = await startStudio(options);
  try {
    await studio.page.getByRole('textbox', { name: 'Script' }).waitFor({ timeout: WAIT_MS });
    return await run(studio);
  } finally {
    await studio.close();
  }
}

/** Switches to the Async engine (the simulator, through the key given in the environment). */
async function useAsyncEngine(page: Page): Promise<void> {
  await invoke(page, 'settings:update', { engine: 'async' });
  await page.reload();
  await page.getByRole('textbox', { name: 'Script' }).waitFor({ timeout: WAIT_MS });
}

async function play(page: Page, script: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Script' }).fill(script);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

async function stop(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
}

function resetLatency(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).studioPlayer.latency.reset());
}

function latency(page: Page) {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).studioPlayer.latency.summary());
}

export interface ChunkLatencyResult {
  /** First chunk of each stream: handling plus the player's safety lead. */
  firstChunk: LatencySummary;
  /** Handling alone (decode, AudioBuffer, schedule), every chunk of those plays. */
  handling: LatencySummary;
  /** Every chunk of a longer play: mostly the audio already queued ahead of it. */
  steadyAllChunks: LatencySummary;
  steadySeconds: number;
}

/**
 * Time from a chunk reaching the renderer to its scheduled playback, with the Async engine
 * against the simulator at its default pacing (first audio after 170 ms, then twice real time).
 */
export async function benchChunkLatency(): Promise<ChunkLatencyResult> {
  return withStudio({ withKey: true }, async ({ page }) => {
    await useAsyncEngine(page);
    await resetLatency(page);
    for (let i = 1; i <= FIRST_CHUNK_PLAYS; i++) {
      await play(page, SENTENCES[i % SENTENCES.length]!);
      await page.waitForFunction(
        (n) => (globalThis as unknown as PageGlobals).studioPlayer.latency.summary().firstChunk.count >= n,
        i,
        { timeout: WAIT_MS },
      );
      await stop(page);
    }
    const starts = await latency(page);
    await resetLatency(page);
    await play(page, SENTENCES.join(' '));
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).studioPlayer.latency.summary().allChunks.count > 0,
      undefined,
      { timeout: WAIT_MS },
    );
    await sleep(STEADY_PLAY_SECONDS * 1000);
    await stop(page);
    const steady = await latency(page);
    return {
      firstChunk: starts.firstChunk,
      handling: starts.handling,
      steadyAllChunks: steady.allChunks,
      steadySeconds: STEADY_PLAY_SECONDS,
    };
  });
}

export interface LongTakeResult {
  takeSeconds: number;
  sampleRate: number;
  pcmMb: number;
  /** Click on the take → waveform drawn with the take's duration. */
  waveformMs: number;
  /** The renderer's `takes:peaks` round trip within that (engine work and transfer). */
  peaksRoundTripMs: number;
  peakBins: number;
  /** `takes:peaks` in the engine alone: WAV read and parsed plus peaks, and peaks from cached audio. */
  enginePeaksColdMs: number;
  enginePeaksWarmMs: number;
  heapMb: { before: number; shown: number; replaying: number };
  backingStoresMb: { before: number | null; shown: number | null; replaying: number | null };
}

/**
 * A one-hour take: time until its waveform shows, and the renderer's memory before, once it is
 * shown, and while it replays (stored takes replay in windows, so the audio never sits whole in the page).
 */
export async function benchLongTake(): Promise<LongTakeResult> {
  let pcmBytes = 0;
  let takeId = '';
  const prepareDataDir = async (dataDir: string) => {
    const written = await writeLongTake(dataDir);
    pcmBytes = written.pcmBytes;
    takeId = written.take.id;
  };
  return withStudio({ prepareDataDir }, async ({ page, context, dataDir }) => {
    const metrics = await PageMetrics.open(context, page);
    await page.getByRole('button', { name: LONG_TAKE_NAME, exact: true }).waitFor({ timeout: WAIT_MS });
    const before = { heap: await metrics.heapAfterGcMb(), backing: await metrics.backingStoresMb() };

    const shown = await page.evaluate(
      ({ name, seconds }) => {
        const g = globalThis as unknown as PageGlobals;
        const host = g.document.querySelector('[data-testid="waveform"]')!;
        const button = Array.from(g.document.querySelectorAll('button')).find((b) => b.textContent === name)!;
        const takes = g.studio.takes;
        const peaks = takes.peaks;
        const seen = { peaksMs: NaN, samplesPerPeak: NaN };
        // Times the engine request inside the whole; put back once the waveform is drawn.
        takes.peaks = async (request) => {
          const start = g.performance.now();
          try {
            return await peaks(request);
          } finally {
            seen.peaksMs = g.performance.now() - start;
            seen.samplesPerPeak = request.samplesPerPeak;
          }
        };
        return new Promise<{ totalMs: number; peaksMs: number; samplesPerPeak: number }>((resolve) => {
          const start = g.performance.now();
          const observer = new g.MutationObserver(() => {
            if (host.dataset.state !== 'ready' || Math.abs(Number(host.dataset.duration) - seconds) > 0.01) return;
            observer.disconnect();
            takes.peaks = peaks;
            resolve({ totalMs: g.performance.now() - start, ...seen });
          });
          observer.observe(host, { attributes: true, attributeFilter: ['data-state', 'data-duration'] });
          button.click();
        });
      },
      { name: LONG_TAKE_NAME, seconds: LONG_TAKE_SECONDS },
    );
    const afterShown = { heap: await metrics.heapAfterGcMb(), backing: await metrics.backingStoresMb() };

    await page.getByRole('button', { name: `Listen to ${LONG_TAKE_NAME}`, exact: true }).click();
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).studioPlayer.remainingSeconds > 0,
      undefined,
      {
        timeout: WAIT_MS,
      },
    );
    await sleep(REPLAY_SECONDS * 1000);
    const replaying = { heap: await metrics.heapAfterGcMb(), backing: await metrics.backingStoresMb() };
    await stop(page);

    const engine = await timeTakePeaks(dataDir, takeId, shown.samplesPerPeak);
    return {
      takeSeconds: LONG_TAKE_SECONDS,
      sampleRate: SPEECH_RATE,
      pcmMb: pcmBytes / 1e6,
      waveformMs: shown.totalMs,
      peaksRoundTripMs: shown.peaksMs,
      peakBins: Math.ceil((LONG_TAKE_SECONDS * SPEECH_RATE) / shown.samplesPerPeak),
      enginePeaksColdMs: engine.coldMs,
      enginePeaksWarmMs: engine.warmMs,
      heapMb: { before: before.heap, shown: afterShown.heap, replaying: replaying.heap },
      backingStoresMb: { before: before.backing, shown: afterShown.backing, replaying: replaying.backing },
    };
  });
}

export interface LiveWaveformSample {
  /** Length of the live take shown, seconds. */
  takeSeconds: number;
  redraws: number;
  /** Main-thread time per waveform redraw in the interval (the feed's own small share included), ms. */
  busyMsPerRedraw: number;
  /** Of which style and layout, ms. */
  layoutMsPerRedraw: number;
}

/**
 * The live waveform's cost per redraw (every 150 ms, all peaks so far) as a live take grows to an
 * hour. The renderer's whole live path runs (stream messages, LiveTake peaks, player, waveform),
 * but `studio.speech.play` is a stand-in that streams an hour of synthetic audio at about sixty
 * times real time: the engine's flow control rightly keeps a real play to real time. A low rate
 * and half-second chunks keep the page's audio buffers small; the peaks are 10 ms bins whatever
 * the rate, so the waveform's work is that of any hour-long take.
 */
export async function benchLiveWaveform(): Promise<{ samples: LiveWaveformSample[]; wallSeconds: number }> {
  return withStudio({}, async ({ page, context }) => {
    const metrics = await PageMetrics.open(context, page);
    await page.evaluate(
      ({ seconds, rate, chunkSeconds, perTick }) => {
        const g = globalThis as unknown as PageGlobals;
        const probe = { redraws: 0, streamed: 0 };
        g.benchProbe = probe;
        // The waveform writes data-duration on every redraw it completes.
        new g.MutationObserver((records) => {
          probe.redraws += records.filter((r) => r.attributeName === 'data-duration').length;
        }).observe(g.document.querySelector('[data-testid="waveform"]')!, {
          attributes: true,
          attributeFilter: ['data-duration'],
        });
        // Arrow functions held in variables would be named by tsx's build (an undefined helper in the page).
        g.studio.speech.play = (_request, onMessage) => {
          let seq = 0;
          let stopped = false;
          onMessage({ type: 'format', playId: 'bench-live', sampleRate: rate, engine: 'offline', seq: seq++ });
          const samples = Math.round(rate * chunkSeconds);
          const timer = setInterval(() => {
            if (stopped || probe.streamed >= seconds) return clearInterval(timer);
            for (let k = 0; k < perTick && probe.streamed < seconds; k++) {
              const pcm = new Float32Array(samples);
              const level = 0.2 + 0.6 * Math.abs(Math.sin(seq / 7));
              for (let i = 0; i < samples; i++) pcm[i] = level * Math.sin(i * 0.9) * Math.sin((i * Math.PI) / samples);
              const sentence = Math.floor(probe.streamed / 5);
              onMessage({ type: 'chunk', index: sentence, pcm: new Uint8Array(pcm.buffer), seq: seq++ });
              probe.streamed += chunkSeconds;
            }
          }, 50);
          return {
            cancel() {
              stopped = true;
            },
          };
        };
      },
      { seconds: LONG_TAKE_SECONDS, rate: LIVE_RATE, chunkSeconds: LIVE_CHUNK_SECONDS, perTick: LIVE_CHUNKS_PER_TICK },
    );
    const sample = async () => {
      const shown = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        const host = g.document.querySelector('[data-testid="waveform"]')!;
        return { redraws: g.benchProbe!.redraws!, takeSeconds: Number(host.dataset.duration ?? 0) };
      });
      const m = await metrics.read();
      return { ...shown, busy: m.TaskDuration!, layout: m.LayoutDuration! + m.RecalcStyleDuration! };
    };

    const start = performance.now();
    await play(page, 'An hour of live audio.');
    const samples: LiveWaveformSample[] = [];
    let previous = await sample();
    while (previous.takeSeconds < LONG_TAKE_SECONDS - 1 && performance.now() - start < LIVE_LIMIT_SECONDS * 1000) {
      await sleep(LIVE_SAMPLE_SECONDS * 1000);
      const now = await sample();
      const redraws = now.redraws - previous.redraws;
      if (redraws > 0) {
        samples.push({
          takeSeconds: now.takeSeconds,
          redraws,
          busyMsPerRedraw: ((now.busy - previous.busy) * 1000) / redraws,
          layoutMsPerRedraw: ((now.layout - previous.layout) * 1000) / redraws,
        });
      }
      previous = now;
    }
    const wallSeconds = (performance.now() - start) / 1000;
    await stop(page);
    return { samples, wallSeconds };
  });
}
