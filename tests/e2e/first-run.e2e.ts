import { expect } from 'vitest';
import { test } from './fixtures';
import { listTakes, playScript, transportState, waitForTake, waitForWaveform } from './studio-page';

test('first run without a key: the offline engine is chosen and Play speaks at once, with no network', async ({
  studio,
}) => {
  const { page, simulator } = studio;
  await expect.poll(() => page.getByRole('radio', { name: 'Offline' }).getAttribute('aria-checked')).toBe('true');
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect.poll(() => status.textContent()).toContain('Offline engine: no network needed');
  await page.getByRole('button', { name: 'Add your Async API key' }).waitFor();
  expect(await listTakes(page)).toEqual([]);
  await studio.screenshot('01-first-run');

  await playScript(page, 'Hello there. The offline engine speaks without any set-up.');
  await waitForWaveform(page, 'live');
  expect(await transportState(page)).toMatch(/Synthesising|Playing/);
  await studio.screenshot('01-first-run-playing');
  const take = await waitForTake(page);
  expect(take).toMatchObject({ engine: 'offline', text: 'Hello there. The offline engine speaks without any set-up.' });
  expect(take.sentences).toHaveLength(2);
  expect(take.durationSeconds).toBeGreaterThan(1);
  await waitForWaveform(page, 'ready');
  await page.getByRole('button', { name: `Listen to ${take.name}` }).waitFor();
  await expect.poll(() => status.textContent()).toMatch(/First audio: \d+(\.\d+)? m?s/);
  await studio.screenshot('01-first-run-take');

  // Nothing went to the Async API, not even a voice list.
  expect(simulator.recording.ws).toEqual([]);
  expect(simulator.recording.http).toEqual([]);
});
