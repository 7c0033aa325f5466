import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ApiVoice } from '../simulator/index';
import { studioTest } from './fixtures';
import { invoke } from './studio-page';

const test = studioTest({ withKey: true });

/** The catalogue's own answer, from the simulator's API-shaped rows (not the studio's filter code). */
const count = (voices: readonly ApiVoice[], keep: (v: ApiVoice) => boolean) => voices.filter(keep).length;
const listed = (field: string) =>
  field
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Voice ids of the options the listbox shows, in order (option ids are `voice-option-<voice id>`). */
async function shownIds(page: Page): Promise<string[]> {
  const ids = await page
    .getByRole('listbox', { name: 'Voice' })
    .getByRole('option')
    .evaluateAll((options) => options.map((o) => o.id));
  return ids.map((id) => id.replace(/^voice-option-/, ''));
}

async function expectShown(page: Page, expected: number, total: number): Promise<void> {
  await expect
    .poll(() => page.locator('.voice-picker .panel__meta').textContent())
    .toBe(`${expected} of ${total} · Async`);
  expect(await shownIds(page)).toHaveLength(expected);
}

test('browsing the Async voices: search, filters, keyboard choice and preview', async ({ studio }) => {
  const { page, simulator } = studio;
  const all = simulator.voices;
  const total = all.length;
  await expectShown(page, total, total);

  // Search looks at names and descriptions, as the user types.
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('Stella');
  await expectShown(page, 1, total);
  expect(await page.getByRole('listbox', { name: 'Voice' }).getByRole('option').textContent()).toContain('Stella');
  await search.fill('story');
  const story = count(all, (v) => /story/i.test(v.name) || /story/i.test(v.description));
  expect(story).toBeGreaterThan(1);
  await expectShown(page, story, total);
  await studio.screenshot('03-voices-search');
  await search.fill('');
  await expectShown(page, total, total);

  // Each filter offers the catalogue's values with their counts, and narrows the list to them.
  const speaks = page.getByRole('combobox', { name: 'Speaks' });
  const french = count(all, (v) => listed(v.language).includes('fr'));
  expect(await speaks.locator('option[value="fr"]').textContent()).toBe(`French (${french})`);
  await speaks.selectOption('fr');
  await expectShown(page, french, total);
  await page.getByRole('combobox', { name: 'Gender' }).selectOption('Female');
  const frenchWomen = count(all, (v) => listed(v.language).includes('fr') && v.gender === 'Female');
  expect(frenchWomen).toBeLessThan(french);
  await expectShown(page, frenchWomen, total);
  await studio.screenshot('03-voices-filtered');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectShown(page, total, total);

  await page.getByRole('combobox', { name: 'Accent' }).selectOption('British (UK)');
  await expectShown(
    page,
    count(all, (v) => v.accent === 'British (UK)'),
    total,
  );
  await page.getByRole('combobox', { name: 'Accent' }).selectOption('');
  await page.getByRole('combobox', { name: 'Style' }).selectOption('Audiobook');
  const audiobook = all.filter((v) => listed(v.style).includes('Audiobook'));
  await expectShown(page, audiobook.length, total);
  expect(await shownIds(page)).toEqual(audiobook.map((v) => v.voice_id));
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectShown(page, total, total);

  // Keyboard only: from the search box down into the list, two steps down, Enter chooses.
  const list = page.getByRole('listbox', { name: 'Voice' });
  await search.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => list.evaluate((el) => el === (el.ownerDocument.activeElement as unknown))).toBe(true);
  const order = await shownIds(page);
  expect(await list.getAttribute('aria-activedescendant')).toBe(`voice-option-${order[0]}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await list.getAttribute('aria-activedescendant')).toBe(`voice-option-${order[2]}`);
  await page.keyboard.press('Enter');
  const chosen = all.find((v) => v.voice_id === order[2])!;
  await expect.poll(async () => (await invoke(page, 'settings:get', {})).voiceId).toBe(chosen.voice_id);
  expect(await page.locator(`#voice-option-${chosen.voice_id}`).getAttribute('aria-selected')).toBe('true');
  const card = page.getByRole('article', { name: `${chosen.name} details` });
  await card.getByText('In use').waitFor();
  await studio.screenshot('03-voices-keyboard-choice');

  // Preview: the sample comes from the API and plays in an <audio> element to its end.
  await page.evaluate(() => {
    type Media = { play(): Promise<void>; addEventListener(type: string, listener: () => void): void };
    const g = globalThis as unknown as {
      HTMLMediaElement: { prototype: Media };
      previewEvents: string[];
    };
    g.previewEvents = [];
    const play = g.HTMLMediaElement.prototype.play;
    g.HTMLMediaElement.prototype.play = function (this: Media) {
      this.addEventListener('playing', () => g.previewEvents.push('playing'));
      this.addEventListener('ended', () => g.previewEvents.push('ended'));
      return play.call(this);
    };
  });
  const preview = card.getByRole('button', { name: 'Preview' });
  expect(await preview.getAttribute('aria-pressed')).toBe('false');
  simulator.clearRecording();
  await preview.click();
  await expect.poll(() => preview.getAttribute('aria-pressed')).toBe('true');
  await studio.screenshot('03-voices-preview');
  await expect.poll(() => preview.getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('false');
  const events = await page.evaluate(() => (globalThis as unknown as { previewEvents: string[] }).previewEvents);
  expect(events).toEqual(['playing', 'ended']);
  expect(simulator.recording.http.map((r) => r.path)).toContain(`/preview-clips/${chosen.voice_id}.wav`);

  // A favourite goes to the top of the list, and "Starred only" shows just the favourites.
  await card.getByRole('button', { name: 'Favourite' }).click();
  await expect.poll(async () => (await shownIds(page))[0]).toBe(chosen.voice_id);
  await page.getByRole('button', { name: '★ Starred only' }).click();
  await expectShown(page, 1, total);
  expect(await invoke(page, 'settings:get', {})).toMatchObject({ favouriteVoiceIds: [chosen.voice_id] });
  await studio.screenshot('03-voices-favourite');
});
