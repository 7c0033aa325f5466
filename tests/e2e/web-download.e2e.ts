import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { StudioApi } from '../../shared/studio-api';
import { test } from './fixtures';

/** The page's global as evaluated functions see it (they run in the browser). */
type Page = { studio: StudioApi };

test('in the web shell an export reaches the browser as a download', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect
    .poll(
      async () => {
        const takes = await page.evaluate(() => (globalThis as unknown as Page).studio.takes.list({}));
        return takes.ok ? takes.value.length : 0;
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save file', exact: true }).click(),
  ]);
  const file = join(studio.downloadsDir, download.suggestedFilename());
  await download.saveAs(file);
  expect(download.suggestedFilename()).toMatch(/\.(wav|mp3|ogg)$/);
  const bytes = await readFile(file);
  const magic = bytes.subarray(0, 4).toString('latin1');
  expect(['RIFF', 'OggS', 'ID3\u0003', 'ID3\u0004']).toContain(magic);
  expect(bytes.byteLength).toBeGreaterThan(1000);
  await studio.screenshot('web-shell-after-export');
});
