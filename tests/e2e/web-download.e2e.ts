import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { test } from './fixtures';
import { listTakes, waitForTake } from './studio-page';

test('in the web shell an export reaches the browser as a download', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForTake(page);
  expect(await listTakes(page)).toHaveLength(1);
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
