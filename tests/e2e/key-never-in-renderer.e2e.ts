import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { WebShell } from '../../electron/web/server';
import { startSimulator, type Simulator } from '../simulator/index';
import { asText, filesUnder, findKey } from '../unit/security/key-leaks';
import { UNPACED } from './fixtures';
import { ARTIFACTS, ROOT } from './paths';
import { openBrowser, type Studio } from './studio-launcher';
import { exportThroughDialog, invoke, makeTake } from './studio-page';

/**
 * The key never reaches the page, checked on everything the browser gets while a user works: the
 * web shell runs as `npm run web` does (its own process, so its whole output is captured, logging
 * at debug level), with one key in ASYNCAI_API_KEY and another typed into the key dialog later.
 */

const ENV_KEY = 'envKey_Hq4Nw8Zt2Lc6Vb0Xm5Rj9Pd3Ks7Fy1';
/** The '+' makes the URL-encoded form differ from the raw one. */
const DIALOG_KEY = 'dlgKey+Wm3Qe7Tz1Ub5Yx9Io2Pa6Sd0Fg4Hj8';

interface ShellProcess {
  shell: WebShell;
  output: () => string;
}

/** Starts `electron/web/main.ts` as `npm run web` does (the renderer is built by the e2e global setup). */
async function startShellProcess(
  dataDir: string,
  simulator: Simulator,
): Promise<ShellProcess & { child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'electron/web/main.ts'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ASYNCAI_API_KEY: ENV_KEY,
        ASYNCAI_API_URL: simulator.httpUrl,
        ASYNCAI_WS_URL: simulator.wsUrl,
        VOICE_STUDIO_LOG: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web shell did not start:\n${output}`)), 30_000);
    const look = () => {
      const found = /web shell\) at (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`The web shell exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    shell: {
      url,
      port: Number(parsed.port),
      token: parsed.searchParams.get('token')!,
      async close() {
        child.kill('SIGTERM');
        await exited;
      },
    },
  };
}

/** Everything the page's own storage holds that a script could read. */
function pageStorage(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: {
        documentElement: { outerHTML: string };
        cookie: string;
        querySelectorAll(s: string): ArrayLike<{ value: string }>;
      };
      localStorage: Record<string, string>;
      sessionStorage: Record<string, string>;
      indexedDB: { databases(): Promise<Array<{ name?: string }>> };
      caches: { keys(): Promise<string[]> };
    };
    return {
      dom: g.document.documentElement.outerHTML,
      fields: Array.from(g.document.querySelectorAll('input, textarea, select')).map((field) => field.value),
      cookie: g.document.cookie,
      localStorage: { ...g.localStorage },
      sessionStorage: { ...g.sessionStorage },
      indexedDB: (await g.indexedDB.databases()).map((db) => db.name),
      caches: await g.caches.keys(),
    };
  });
}

test('the API key, from the environment or the key dialog, never reaches the page, its storage, the logs or the disk', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'avs-e2e-key-'));
  const dataDir = join(scratch, 'data');
  const downloadsDir = join(scratch, 'downloads');
  const profile = join(scratch, 'chromium-profile');
  const closing: Array<() => Promise<void>> = [];
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    const simulator = await startSimulator({ apiKeys: [ENV_KEY, DIALOG_KEY], faults: UNPACED });
    closing.push(() => simulator.close());
    const { shell, output } = await startShellProcess(dataDir, simulator);
    closing.push(() => shell.close());
    const { context, page, screenshot } = await openBrowser(profile, downloadsDir);
    closing.push(() => context.close());

    // Everything the page is sent, and everything it sends.
    const framesIn: Array<string | Buffer> = [];
    const framesOut: Array<string | Buffer> = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => framesIn.push(frame.payload));
      socket.on('framesent', (frame) => framesOut.push(frame.payload));
    });
    const responses: Array<Promise<{ url: string; headers: Record<string, string>; body: string }>> = [];
    page.on('response', (response) =>
      responses.push(
        (async () => ({
          url: response.url(),
          headers: await response.allHeaders(),
          // Downloads have no body here; the saved files are searched instead.
          body: await response.body().then(
            (bytes) => bytes.toString('latin1'),
            () => '',
          ),
        }))(),
      ),
    );
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const studio: Studio = { page, context, shell, simulator, dataDir, downloadsDir, screenshot };
    await page.goto(shell.url);

    // The environment's key: the page shows its last four characters, lists Async's voices and previews one.
    await page.getByRole('button', { name: `Key ••••${ENV_KEY.slice(-4)}` }).waitFor();
    const total = simulator.voices.length;
    await expect
      .poll(() => page.locator('.voice-picker .panel__meta').textContent())
      .toBe(`${total} of ${total} · Async`);
    const { voiceId } = await invoke(page, 'settings:get', {});
    const voice = simulator.voices.find((v) => v.voice_id === voiceId)!;
    const preview = page
      .getByRole('article', { name: `${voice.name} details` })
      .getByRole('button', { name: 'Preview' });
    await preview.click();
    await expect.poll(() => preview.getAttribute('aria-pressed')).toBe('true');
    const first = await makeTake(page, 'The key stays with the engine.');
    expect(first.engine).toBe('async');

    // Settings, Advanced included: the endpoints show, the key does not.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByText('Advanced').click();
    await settings.getByText('HTTP endpoint').waitFor();
    await studio.screenshot('key-never-in-renderer-settings');
    await settings.getByRole('button', { name: 'Close' }).click();
    await settings.waitFor({ state: 'hidden' });
    await exportThroughDialog(studio, { format: 'mp3', sampleRate: 44100, targetLufs: -16 });

    // A key typed into the dialog replaces it for this session.
    await page.getByRole('button', { name: `Key ••••${ENV_KEY.slice(-4)}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect to Async' });
    await dialog.getByRole('textbox', { name: 'API key' }).fill(DIALOG_KEY);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: `Key ••••${DIALOG_KEY.slice(-4)}` }).waitFor();
    simulator.clearRecording();
    const second = await makeTake(page, 'And now with the key from the dialog.');
    expect(second.engine).toBe('async');
    // The engine really spoke with the dialog's key, so the checks below are about a key in use.
    expect(simulator.recording.ws.map((socket) => socket.query.api_key)).toContain(DIALOG_KEY);
    await exportThroughDialog(studio, { format: 'wav', sampleRate: 48000, targetLufs: null });

    const storage = await pageStorage(page);
    const cookies = await context.cookies();
    await context.close();
    await shell.close();
    const answered = await Promise.all(responses);

    expect(pageErrors).toEqual([]);
    // Not vacuous: the page got answers, events and audio, the server logged, files were written.
    expect(framesIn.length).toBeGreaterThan(50);
    expect(answered.length).toBeGreaterThan(3);
    const written = await filesUnder(dataDir);
    const downloads = await filesUnder(downloadsDir);
    expect(written.length).toBeGreaterThan(2);
    expect(downloads.length).toBeGreaterThanOrEqual(2);
    const profileFiles = await filesUnder(profile);

    for (const key of [ENV_KEY, DIALOG_KEY]) {
      const inFrames = framesIn.filter((frame) => findKey(asText(frame), key).length);
      expect(
        inFrames.map((frame) => asText(frame).slice(0, 200)),
        'WebSocket frames the page received',
      ).toEqual([]);
      for (const response of answered) {
        expect(findKey(asText(response), key), `HTTP response ${response.url}`).toEqual([]);
      }
      expect(findKey(asText([storage, cookies]), key), 'the DOM, form fields, storage and cookies').toEqual([]);
      expect(findKey(output(), key), "the web shell's output").toEqual([]);
      // The web shell keeps keys for the session only: no file anywhere holds one.
      for (const file of [...written, ...downloads, ...profileFiles]) {
        expect(findKey(file.text, key), file.path).toEqual([]);
      }
    }
    // The shell logged the key change, by its last four characters only.
    expect(output()).toContain(`API key …${DIALOG_KEY.slice(-4)} set (session)`);
    // The page never knew the environment's key; it sent the dialog's once, to set it, and nowhere else.
    expect(framesOut.filter((frame) => findKey(asText(frame), ENV_KEY).length)).toEqual([]);
    const carrying = framesOut.filter((frame) => findKey(asText(frame), DIALOG_KEY).length);
    expect(carrying.map((frame) => JSON.parse(asText(frame)) as unknown)).toEqual([
      { type: 'invoke', id: expect.any(Number), channel: 'key:set', payload: { key: DIALOG_KEY, persist: false } },
    ]);
  } finally {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
});
