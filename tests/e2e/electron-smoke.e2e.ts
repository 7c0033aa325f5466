import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'electron-vite';
import { _electron, type ElectronApplication } from 'playwright-core';
import { expect, test } from 'vitest';
import type { StudioApi } from '../../shared/studio-api';
import { startSimulator } from '../simulator/index';
import { ARTIFACTS, ELECTRON_MAIN, electronBinary, ROOT } from './paths';
import { waitForTake } from './studio-page';

const electron = electronBinary();

/** The page's global as the evaluated functions see it (they run in the renderer, not here). */
type Page = { studio: StudioApi };

test('Electron: launch, play a sentence, export it through the save dialog', async (context) => {
  const skipped = electron.path === null ? `Electron smoke test skipped: ${electron.reason}.` : '';
  // Said on the console too: the default reporter shows a skip without its note.
  if (skipped) console.warn(skipped);
  const binary = electron.path ?? context.skip(skipped);
  await build({ configFile: join(ROOT, 'electron.vite.config.ts'), logLevel: 'warn' });
  const scratch = await mkdtemp(join(tmpdir(), 'avs-e2e-electron-'));
  const simulator = await startSimulator();
  let app: ElectronApplication | null = null;
  try {
    app = await _electron.launch({
      executablePath: binary,
      args: [ELECTRON_MAIN],
      env: {
        ...process.env,
        STUDIO_DATA_DIR: join(scratch, 'data'),
        ASYNCAI_API_URL: simulator.httpUrl,
        ASYNCAI_WS_URL: simulator.wsUrl,
      },
    });
    const window = await app.firstWindow();
    const script = window.getByRole('textbox', { name: 'Script' });
    await script.fill('Hello from the studio.');
    await window.getByRole('button', { name: 'Play', exact: true }).click();
    const take = await waitForTake(window);
    await window.screenshot({ path: join(ARTIFACTS, 'electron-after-play.png') });

    // The native dialog is stubbed in main, as Playwright cannot click it.
    const target = join(scratch, 'export.wav');
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
    }, target);
    const result = await window.evaluate(
      (takeId) =>
        (globalThis as unknown as Page).studio.export.take({
          takeId,
          format: 'wav',
          sampleRate: 44100,
          targetLufs: null,
          region: null,
        }),
      take.id,
    );
    expect(result).toMatchObject({ ok: true, value: { path: target } });
    expect((await stat(target)).size).toBeGreaterThan(44);
  } finally {
    await app?.close();
    await simulator.close();
    await rm(scratch, { recursive: true, force: true });
  }
});
