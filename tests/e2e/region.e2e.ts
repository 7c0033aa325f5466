import { expect } from 'vitest';
import { probeAudio } from '../../electron/engine/audio/probe';
import { test } from './fixtures';
import { exportThroughDialog, makeTake, readPlayer, transportState, WAVEFORM } from './studio-page';

/** "Region 0:01.2 – 0:02.9" → seconds. */
function readRegion(label: string): { start: number; end: number } {
  const match = /(\d+):(\d+\.\d) – (\d+):(\d+\.\d)/.exec(label);
  if (!match) throw new Error(`No region in "${label}"`);
  const [, m1, s1, m2, s2] = match.map(Number) as [number, number, number, number, number];
  return { start: m1 * 60 + s1, end: m2 * 60 + s2 };
}

/** Collects the playhead every frame while audio is queued, so a test can ask where playback has been. */
const TRACK_PLAYHEAD = () => {
  const g = globalThis as unknown as {
    studioPlayer: { takeSeconds: number | null; remainingSeconds: number };
    requestAnimationFrame(cb: () => void): number;
    playhead: number[];
  };
  g.playhead = [];
  const sample = () => {
    const seconds = g.studioPlayer.takeSeconds;
    if (seconds !== null && g.studioPlayer.remainingSeconds > 0) g.playhead.push(seconds);
    g.requestAnimationFrame(sample);
  };
  sample();
};

test('drag a region on the waveform, listen to it, loop it, and export it alone', async ({ studio }) => {
  const { page } = studio;
  const take = await makeTake(
    page,
    'Select a region of this take by dragging. Then loop it, and export only that part.',
  );

  // Drag across the middle of the waveform, from 30 % to 60 % of its width.
  const box = (await page.locator(WAVEFORM).boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 12 });
  await page.mouse.up();
  const badge = page.getByText(/^Region \d/);
  await badge.waitFor();
  const region = readRegion((await badge.textContent())!);
  expect(region.start).toBeCloseTo(take.durationSeconds * 0.3, 0);
  expect(region.end).toBeCloseTo(take.durationSeconds * 0.6, 0);
  // A drag selects; it does not start playback from where it began.
  expect(await transportState(page)).toBe('Ready');
  await studio.screenshot('07-region-selected');

  // Listen to region: playback stays inside the region and ends at its end.
  await page.evaluate(TRACK_PLAYHEAD);
  await page.getByRole('button', { name: 'Listen to region', exact: true }).click();
  await expect.poll(() => transportState(page)).toBe('Playing take');
  await expect.poll(() => transportState(page), { timeout: 20_000 }).toBe('Ready');
  const heard = await page.evaluate(() => (globalThis as unknown as { playhead: number[] }).playhead);
  expect(heard.length).toBeGreaterThan(5);
  expect(Math.min(...heard)).toBeGreaterThan(region.start - 0.06);
  expect(Math.max(...heard)).toBeLessThan(region.end + 0.06);
  expect(Math.max(...heard)).toBeGreaterThan(region.end - 0.3);

  // Loop: after reaching the region's end, playback starts over at its start, until stopped.
  const loop = page.getByRole('button', { name: 'Loop', exact: true });
  await loop.click();
  expect(await loop.getAttribute('aria-pressed')).toBe('true');
  await page.evaluate(TRACK_PLAYHEAD);
  await page.getByRole('button', { name: 'Listen to region', exact: true }).click();
  await page.waitForFunction(
    ({ start, end }) => {
      const seen = (globalThis as unknown as { playhead: number[] }).playhead;
      const nearEnd = seen.findIndex((s) => s > end - 0.3);
      return nearEnd >= 0 && seen.slice(nearEnd).some((s) => s < start + 0.3);
    },
    region,
    { timeout: 20_000 },
  );
  expect(await transportState(page)).toBe('Playing take');
  await studio.screenshot('07-region-looping');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  expect(await readPlayer(page)).toMatchObject({ remainingSeconds: 0 });

  // Export the region alone: the file lasts as long as the region.
  const exported = await exportThroughDialog(
    studio,
    { format: 'wav', sampleRate: 44100, targetLufs: null, region: true },
    { screenshot: '07-region-exported' },
  );
  const probe = probeAudio(exported.bytes);
  expect(probe).toMatchObject({ format: 'wav', sampleRate: 44100 });
  expect(Math.abs(probe.durationSeconds - (region.end - region.start))).toBeLessThan(0.1);
  expect(probe.durationSeconds).toBeLessThan(take.durationSeconds * 0.5);
});
