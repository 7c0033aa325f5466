import { expect } from 'vitest';
import { DEFAULT_VOICE_ID } from '../../shared/models';
import { studioTest } from './fixtures';
import { playScript, readPlayer, transportState, waitForTake, waitForWaveform } from './studio-page';

const test = studioTest({ withKey: true });

const SENTENCES = ['First, the default voice.', 'Now another voice.', 'It carries on.'];

test('changing the voice mid-playback re-synthesises from the current sentence on a new connection, without a stop', async ({
  studio,
}) => {
  const { page, simulator } = studio;
  const other = simulator.voices.find((v) => v.name === 'Jennie')!;
  // Every state the transport shows, in order, so a Stop-and-restart in between would be seen.
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { querySelector(s: string): { textContent: string | null } | null };
      MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
      transportStates: string[];
    };
    const label = g.document.querySelector('.transport__status [aria-live]')!;
    g.transportStates = [];
    new g.MutationObserver(() => g.transportStates.push(label.textContent ?? '')).observe(label, {
      characterData: true,
      childList: true,
      subtree: true,
    });
  });

  await playScript(page, SENTENCES.join(' '));
  await expect.poll(async () => (await readPlayer(page)).currentSentence, { timeout: 20_000, interval: 50 }).toBe(1);
  await page
    .getByRole('listbox', { name: 'Voice' })
    .getByRole('option', { name: /^Jennie/ })
    .click();

  // A second socket, opened with the new voice, carries the sentences from the one being heard.
  await expect.poll(() => simulator.recording.ws.length, { timeout: 10_000 }).toBe(2);
  const [before, after] = simulator.recording.ws;
  const init = (socket: typeof before) => socket!.messages[0]!.data as { voice: { id: string } };
  expect(init(before).voice.id).toBe(DEFAULT_VOICE_ID);
  expect(init(after).voice.id).toBe(other.voice_id);
  expect(await transportState(page)).toBe('Playing');
  // The sentence being heard was cut where the change came; the new voice's audio follows it.
  await expect.poll(async () => (await readPlayer(page)).remainingSeconds, { timeout: 10_000 }).toBeGreaterThan(0);
  await studio.screenshot('06-retune-playing');

  // The take, stored again after the change, has the default voice first and the new one after.
  const take = await waitForTake(page, (t) => t.sentences.at(-1)?.settings.voiceId === other.voice_id);
  const voices = take.sentences.map((s) => s.settings.voiceId);
  expect(take.sentences.map((s) => s.text.trim())).toEqual(SENTENCES);
  expect(voices[0]).toBe(DEFAULT_VOICE_ID);
  const changedAt = voices.indexOf(other.voice_id);
  expect(changedAt).toBeGreaterThanOrEqual(1);
  expect(voices.slice(changedAt).every((id) => id === other.voice_id)).toBe(true);
  const retuned = after!.messages
    .map((m) => m.data as { transcript?: string })
    .filter((m) => m.transcript?.trim())
    .map((m) => m.transcript!.trim());
  expect(retuned).toEqual(SENTENCES.slice(changedAt));

  await waitForWaveform(page, 'ready');
  await expect.poll(() => transportState(page), { timeout: 10_000 }).toBe('Ready');
  const states = await page.evaluate(() => (globalThis as unknown as { transportStates: string[] }).transportStates);
  // Ready only at the very end: the voice change never stopped playback.
  expect(states.indexOf('Ready')).toBe(states.length - 1);
  expect(states).toContain('Playing');
  expect(await page.getByRole('article', { name: 'Jennie details' }).getByText('In use').count()).toBe(1);
  expect(await page.getByRole('list', { name: 'Takes' }).getByRole('listitem').textContent()).toContain('Ava → Jennie');
  await studio.screenshot('06-retune-done');
});
