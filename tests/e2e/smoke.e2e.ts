import { expect } from 'vitest';
import { test } from './fixtures';

test('the studio opens in a browser through the web shell, with its script box and Play button', async ({ studio }) => {
  const { page } = studio;
  const script = page.getByRole('textbox', { name: 'Script' });
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await script.waitFor({ state: 'visible' });
  await play.waitFor({ state: 'visible' });
  expect(await script.isEditable()).toBe(true);
  expect(await page.evaluate(() => typeof (globalThis as { studio?: unknown }).studio)).toBe('object');
  await studio.screenshot('web-shell-first-run');
});
