import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { test } from './fixtures';
import { invoke } from './studio-page';

/** Every file under `dir`, read as text (the studio's settings, takes and logs). */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((file) => readFile(file, 'latin1')))).join('\n');
}

test('adding the Async key: a wrong key is refused plainly and kept nowhere; the right one shows its last 4 characters only', async ({
  studio,
}) => {
  const { page, simulator, dataDir } = studio;
  const wrongKey = 'sk_wrong_key_for_the_simulator';
  await page.getByRole('button', { name: 'Add your Async API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to Async' });
  const field = dialog.getByRole('textbox', { name: 'API key' });
  await field.waitFor();
  expect(await field.evaluate((el) => el === (el.ownerDocument.activeElement as unknown))).toBe(true);
  expect(await field.getAttribute('type')).toBe('password');
  // The web shell keeps keys for the session only, and says so before the user types one.
  expect(await dialog.getByRole('checkbox', { name: 'Remember on this computer' }).isDisabled()).toBe(true);
  expect(await dialog.textContent()).toContain('never writes the key to disk');

  await field.fill(wrongKey);
  await dialog.getByRole('button', { name: 'Save key' }).click();
  const problem = dialog.getByRole('alert');
  await problem.waitFor();
  expect(await problem.textContent()).toContain('The Async API refused this key.');
  await studio.screenshot('02-key-refused');
  // The key was checked against the simulator, with one request, and nothing of it stayed.
  expect(simulator.recording.http.filter((r) => r.headers['x-api-key'] === wrongKey)).toHaveLength(1);
  expect(await invoke(page, 'key:status', {})).toMatchObject({ hasKey: false, hint: null });
  expect(await page.getByRole('radio', { name: 'Offline' }).getAttribute('aria-checked')).toBe('true');
  expect(await allText(dataDir)).not.toContain(wrongKey);

  await field.fill(simulator.apiKey);
  await dialog.getByRole('button', { name: 'Save key' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const tail = simulator.apiKey.slice(-4);
  const keyButton = page.getByRole('button', { name: `Key ••••${tail}` });
  await keyButton.waitFor();
  await expect.poll(() => page.getByRole('radio', { name: 'Async' }).getAttribute('aria-checked')).toBe('true');
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect.poll(() => status.textContent()).toContain('Engine: Async · WebSocket streaming');
  // The Async catalogue replaces the offline voices.
  await expect
    .poll(() => page.locator('.voice-picker .panel__meta').textContent())
    .toBe(`${simulator.voices.length} of ${simulator.voices.length} · Async`);
  await studio.screenshot('02-key-accepted');

  await keyButton.click();
  expect(await dialog.textContent()).toMatch(new RegExp(`A key ending in ••••${tail} is kept for this session only`));
  await studio.screenshot('02-key-dialog-with-key');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The page never holds the key: not in its DOM, its storage, or anything the engine told it.
  const seen = JSON.stringify([
    await page.content(),
    await page.evaluate(() => JSON.stringify((globalThis as unknown as { localStorage: object }).localStorage)),
    await invoke(page, 'key:status', {}),
    await invoke(page, 'settings:get', {}),
  ]);
  expect(seen).toContain(tail);
  expect(seen).not.toContain(simulator.apiKey);
  expect(await allText(dataDir)).not.toContain(simulator.apiKey);
});
