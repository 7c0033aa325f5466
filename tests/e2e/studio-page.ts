import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExportFormat } from '../../shared/audio-format';
import type { ExportRequest, InvokeChannel, InvokeRequest, InvokeResponses, Result } from '../../shared/ipc-contract';
import type { ProjectSnapshot } from '../../shared/project-session';
import type { TakeSummary } from '../../shared/takes';
import type { Recording } from '../simulator/index';
import type { Studio } from './studio-launcher';

/** The renderer's live player as page.evaluate callbacks see it (`window.studioPlayer`). */
export interface PagePlayer {
  readonly remainingSeconds: number;
  readonly takeSeconds: number | null;
  readonly currentSentence: number | null;
}

/**
 * Calls the engine through the page's own `window.studio` (the path the UI takes) and returns the
 * value, throwing the engine's error otherwise. Only for channels whose answers are plain JSON.
 */
export async function invoke<C extends InvokeChannel>(
  page: Page,
  channel: C,
  request: InvokeRequest<C>,
): Promise<InvokeResponses[C]> {
  const result = await page.evaluate(
    ([name, payload]) => {
      const [domain, action] = name.split(':') as [string, string];
      const method = action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const studio = (globalThis as unknown as { studio: Record<string, Record<string, (r: unknown) => unknown>> })
        .studio;
      return studio[domain]![method]!(payload) as Promise<Result<unknown>>;
    },
    [channel, request] as const,
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`);
  return result.value as InvokeResponses[C];
}

/** Reads the renderer's player (`window.studioPlayer`). */
export function readPlayer(page: Page): Promise<PagePlayer> {
  return page.evaluate(() => {
    const player = (globalThis as unknown as { studioPlayer: PagePlayer }).studioPlayer;
    return {
      remainingSeconds: player.remainingSeconds,
      takeSeconds: player.takeSeconds,
      currentSentence: player.currentSentence,
    };
  });
}

export const WAVEFORM = '[data-testid="waveform"]';

/** Every take, newest first, as the engine lists them. */
export async function listTakes(page: Page): Promise<TakeSummary[]> {
  return invoke(page, 'takes:list', {});
}

/** Waits until the engine lists a take that `match` accepts, and returns it. */
export async function waitForTake(
  page: Page,
  match: (take: TakeSummary) => boolean = () => true,
  timeout = 30_000,
): Promise<TakeSummary> {
  let found: TakeSummary | undefined;
  await expect
    .poll(
      async () => {
        found = (await listTakes(page)).find(match);
        return found !== undefined;
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return found!;
}

/** The waveform's state and the seconds it shows. */
export async function readWaveform(page: Page): Promise<{ state: string | null; duration: number }> {
  const host = page.locator(WAVEFORM);
  const [state, duration] = await Promise.all([host.getAttribute('data-state'), host.getAttribute('data-duration')]);
  return { state, duration: Number(duration ?? 0) };
}

/** Waits (on the DOM, no polling interval) until the waveform is in `state`. */
export async function waitForWaveform(page: Page, state: 'empty' | 'live' | 'ready', timeout = 30_000): Promise<void> {
  await page.locator(`${WAVEFORM}[data-state="${state}"]`).waitFor({ state: 'attached', timeout });
}

/** Waits until the live waveform shows more than `seconds`; returns what it shows then. */
export async function waitForLongerWaveform(page: Page, seconds: number, timeout = 30_000): Promise<number> {
  await page.waitForFunction(
    (previous) => {
      const host = (
        globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string> } | null } }
      ).document.querySelector('[data-testid="waveform"]');
      return Number(host?.dataset.duration ?? 0) > previous;
    },
    seconds,
    { timeout, polling: 'raf' },
  );
  return (await readWaveform(page)).duration;
}

/** What the transport says it is doing ("Ready", "Synthesising…", "Playing", "Playing take"). */
export async function transportState(page: Page): Promise<string> {
  return (await page.locator('.transport__status [aria-live]').textContent()) ?? '';
}

/** Types `text` into the script box and presses Play. */
export async function playScript(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Script' }).fill(text);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
}

/** Speaks `text` and waits until the take is stored and shown (playback heard to the end). */
export async function makeTake(page: Page, text: string): Promise<TakeSummary> {
  const before = new Set((await listTakes(page)).map((t) => t.id));
  await playScript(page, text);
  const take = await waitForTake(page, (t) => !before.has(t.id));
  await waitForWaveform(page, 'ready');
  await expect.poll(() => transportState(page), { timeout: 30_000 }).toBe('Ready');
  return take;
}

export interface ExportChoice {
  format: ExportFormat;
  sampleRate: number;
  targetLufs: ExportRequest['targetLufs'];
  /** Export the region dragged on the waveform instead of the whole take. */
  region?: boolean;
}

const LOUDNESS_LABEL = { '-16': '−16 LUFS', '-19': '−19 LUFS', '-23': '−23 LUFS' } as const;

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
  /** The dialog's report: file name, duration, measured loudness and true peak. */
  report: string;
}

/**
 * Exports through the Export dialog as a user would (format, rate, loudness, range, Save file),
 * catches the browser's download and returns its bytes and what the dialog said; then closes it.
 */
export async function exportThroughDialog(
  studio: Studio,
  choice: ExportChoice,
  options: { screenshot?: string } = {},
): Promise<ExportedFile> {
  const { page } = studio;
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: new RegExp(`^${choice.format}\\b`, 'i') }).check();
  await dialog.getByRole('combobox', { name: 'Sample rate' }).selectOption(String(choice.sampleRate));
  const loudness = choice.targetLufs === null ? 'None' : LOUDNESS_LABEL[choice.targetLufs];
  await dialog.getByRole('radio', { name: new RegExp(`^${loudness}`) }).check();
  await dialog.getByRole('radio', { name: choice.region ? /^Selected region/ : /^Whole take/ }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    dialog.getByRole('button', { name: 'Save file', exact: true }).click(),
  ]);
  const fileName = download.suggestedFilename();
  const file = join(studio.downloadsDir, `${Date.now()}-${fileName}`);
  await download.saveAs(file);
  const report = (await dialog.getByRole('status').textContent()) ?? '';
  if (options.screenshot) await studio.screenshot(options.screenshot);
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return { fileName, bytes: new Uint8Array(await readFile(file)), report };
}

/** "−16.0" (the dialog's typographic minus) as a number. */
export function readSigned(text: string): number {
  return Number(text.replace('−', '-'));
}

/** Every text the simulator was asked to speak so far, over either transport, in order. */
export function spokenTexts(recording: Recording): string[] {
  const ws = recording.ws.flatMap((socket) =>
    socket.messages
      .map((m) => (m.data as { transcript?: unknown } | null)?.transcript)
      .filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
  );
  const http = recording.http
    .map((r) => (r.body as { transcript?: unknown } | undefined)?.transcript)
    .filter((t): t is string => typeof t === 'string');
  return [...ws, ...http].map((t) => t.trim());
}

/** Switches the page to the Projects view. */
export async function showProjects(page: Page): Promise<void> {
  await page.getByRole('radiogroup', { name: 'View' }).getByRole('radio', { name: 'Projects' }).click();
}

/** The open project as the engine has it (through the page's own `window.studio`). */
export async function projectSnapshot(page: Page): Promise<ProjectSnapshot> {
  const snapshot = await invoke(page, 'project:get', {});
  if (!snapshot) throw new Error('No project is open.');
  return snapshot;
}

/** Waits until the render queue is idle and every block with text is ready; returns the project then. */
export async function waitForAllReady(page: Page, timeout = 60_000): Promise<ProjectSnapshot> {
  let last: ProjectSnapshot | null = null;
  await expect
    .poll(
      async () => {
        const [snapshot, queue] = await Promise.all([projectSnapshot(page), invoke(page, 'render:status', {})]);
        last = snapshot;
        const states = Object.values(snapshot.status).map((s) => s.state);
        return queue.state === 'idle' && states.every((s) => s === 'ready' || s === 'empty');
      },
      { timeout, interval: 200 },
    )
    .toBe(true);
  return last!;
}

/** What each block card shows as its state, in page order ("ready", "stale", …). */
export async function shownBlockStates(page: Page): Promise<string[]> {
  return page
    .locator('[data-block-id]')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-state') ?? ''));
}
