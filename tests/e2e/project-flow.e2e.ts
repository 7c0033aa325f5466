import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { studioTest } from './fixtures';
import { projectSnapshot, showProjects, shownBlockStates, spokenTexts, waitForAllReady } from './studio-page';

/** With the simulator's key, so the cast speaks Async voices and every request shows in its recording. */
const test = studioTest({ withKey: true });

const AVA = 'e0f39dc4-f691-4e78-bba5-5c636692cc04';
const MARCUS = '6513270e-269e-4d37-b2a7-4de452e6b438';

const SCRIPT = [
  '# The Keeper',
  'Every evening Elias climbed the steps of the lighthouse.',
  'The lamp was older than he was.',
  '"Another storm," he said to the gulls.',
  '# The Visitor',
  'The knock came just after midnight.',
  '"I saw your light," said the woman at the door.',
].join('\n\n');

test('a two-chapter script: import, cast two speakers, render, fix one block, re-render only it, export for podcasts and read the report', async ({
  studio,
}) => {
  const { page, simulator } = studio;
  await showProjects(page);

  // A new project, and the script imported through the file picker.
  await page.getByRole('textbox', { name: 'Project name' }).fill('The Lighthouse');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('button', { name: 'Import script…' }).waitFor();
  const scriptFile = join(studio.dataDir, 'lighthouse.md');
  await writeFile(scriptFile, SCRIPT);
  await page.getByLabel('Script file').setInputFiles(scriptFile);
  await page.getByText('Imported 2 chapters and 5 blocks from lighthouse.md.').waitFor();
  const chapters = page.getByRole('navigation', { name: 'Chapters' });
  expect(await chapters.locator('.chapter__title').allTextContents()).toEqual(['1The Keeper', '2The Visitor']);
  await studio.screenshot('20-project-imported');

  // The narrator speaks Ava (Async); a second speaker, the Visitor, speaks Marcus.
  const narrator = page.locator('li.speaker').filter({ has: page.locator('input[value="Narrator"]') });
  await narrator.getByRole('button', { name: 'Edit voice' }).click();
  await narrator.getByRole('radiogroup', { name: 'Narrator engine' }).getByRole('radio', { name: 'Async' }).click();
  const narratorVoice = narrator.getByRole('combobox', { name: 'Narrator voice name' });
  await narratorVoice.locator(`option[value="${AVA}"]`).waitFor({ state: 'attached' });
  await narratorVoice.selectOption(AVA);
  await narrator.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('button', { name: '+ Add speaker' }).click();
  const added = page.getByRole('textbox', { name: 'Speaker name' }).last();
  await expect.poll(() => added.inputValue()).toBe('Speaker 2');
  await added.fill('Visitor');
  await added.press('Enter');
  const visitor = page.locator('li.speaker').nth(1);
  await visitor.getByRole('button', { name: 'Edit voice' }).click();
  const visitorVoice = visitor.getByRole('combobox', { name: 'Visitor voice name' });
  await visitorVoice.locator(`option[value="${MARCUS}"]`).waitFor({ state: 'attached' });
  await visitorVoice.selectOption(MARCUS);
  await visitor.getByRole('button', { name: 'Done' }).click();

  // The visitor's line in chapter two is cast to the Visitor.
  await chapters.getByRole('button', { name: /^2 The Visitor/ }).click();
  await page.getByRole('combobox', { name: 'Speaker of block 2' }).selectOption({ label: 'Visitor' });
  await expect
    .poll(async () => {
      const project = (await projectSnapshot(page)).project;
      return project.chapters[1]!.blocks.map((b) => project.cast.find((s) => s.id === b.speakerId)!.voice.voiceId);
    })
    .toEqual([AVA, MARCUS]);
  await studio.screenshot('21-project-cast');

  // Render stale: the estimate first, nothing sent until the go-ahead.
  const spokenBefore = spokenTexts(simulator.recording).length;
  await page.getByRole('button', { name: 'Render stale' }).click();
  const estimate = page.getByRole('region', { name: 'Render estimate' });
  const figures = estimate.getByRole('list', { name: 'Estimate' });
  await figures.waitFor();
  const shown = await figures.locator('li').allTextContents();
  expect(shown[0]).toBe('5 blocks');
  expect(shown.some((line) => /^\d+ characters sent in 5 requests$/.test(line))).toBe(true);
  await studio.screenshot('22-project-estimate');
  expect(spokenTexts(simulator.recording).length).toBe(spokenBefore);
  await estimate.getByRole('button', { name: 'Start render' }).click();
  const first = await waitForAllReady(page);
  await expect.poll(() => shownBlockStates(page)).toEqual(['ready', 'ready']);
  const firstRound = spokenTexts(simulator.recording).slice(spokenBefore);
  const allText = first.project.chapters.flatMap((c) => c.blocks.map((b) => b.text)).join(' ');
  expect(firstRound.join(' ').replace(/\s+/g, ' ')).toBe(allText.replace(/\s+/g, ' '));
  await studio.screenshot('23-project-rendered');

  // Fix one block's text: only that block turns stale, and only it is sent again.
  await chapters.getByRole('button', { name: /^1 The Keeper/ }).click();
  const fixed = 'The lamp was far older than he was.';
  const text = page.getByRole('textbox', { name: 'Text of block 2' });
  await text.fill(fixed);
  await text.blur();
  await expect.poll(() => shownBlockStates(page)).toEqual(['ready', 'stale', 'ready']);
  const spokenBeforeFix = spokenTexts(simulator.recording).length;
  await page.getByRole('button', { name: 'Render stale' }).click();
  await figures.waitFor();
  const refigured = await figures.locator('li').allTextContents();
  expect(refigured[0]).toBe('1 block');
  expect(refigured).toContain(`${fixed.length} characters sent in 1 request`);
  await estimate.getByRole('button', { name: 'Start render' }).click();
  await waitForAllReady(page);
  await expect.poll(() => shownBlockStates(page)).toEqual(['ready', 'ready', 'ready']);
  expect(spokenTexts(simulator.recording).slice(spokenBeforeFix).join(' ')).toBe(fixed);
  await studio.screenshot('24-project-rerendered');

  // Chapter playback from block 2: the block heard is highlighted, then the next one as it is reached.
  await page.getByRole('button', { name: 'Play from block 2' }).click();
  const heard = page.locator('.block--heard');
  await expect.poll(() => heard.getAttribute('aria-label'), { timeout: 15_000 }).toBe('Block 2');
  await studio.screenshot('24-project-playing');
  await expect.poll(() => heard.getAttribute('aria-label'), { timeout: 15_000 }).toBe('Block 3');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await heard.waitFor({ state: 'detached' });

  // Export the whole project for podcasts; the report is read in the page.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export project' });
  await dialog.getByRole('radio', { name: /^Whole project/ }).check();
  await dialog.getByRole('radio', { name: /^MP3/ }).check();
  await dialog.getByRole('radio', { name: /^Podcast -16 LUFS/ }).check();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const report = dialog.getByRole('table', { name: /^Delivery report for / });
  await report.waitFor({ timeout: 60_000 });
  expect(await report.locator('caption .verdict').textContent()).toBe('PASS');
  const rows = await report
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row[3], row.join(' | ')).toBe('PASS');
  expect(rows.map((row) => row[0]).join(' ')).toMatch(/loudness/i);
  const files = await dialog.getByRole('status', { name: 'Exported files' }).getByRole('link').allTextContents();
  expect(files.some((name) => name.endsWith('.mp3'))).toBe(true);
  await studio.screenshot('25-project-exported');
});
