import { expect } from 'vitest';
import { PACED, studioTest, UNPACED } from './fixtures';
import { listTakes, playScript, readPlayer, transportState, waitForTake, waitForWaveform } from './studio-page';

const test = studioTest({
  withKey: true,
  faults: PACED,
});

const LONG_SCRIPT = Array.from(
  { length: 12 },
  (_, i) => `This is sentence number ${i + 1} of a long script that takes a while to speak.`,
);

/** The transcripts a socket carried, by context id, and which contexts it closed. */
function contextsOf(messages: Array<{ data: unknown }>) {
  const texts = new Map<string, string>();
  const closed = new Set<string>();
  for (const { data } of messages) {
    const m = data as { context_id?: string; transcript?: string; close_context?: boolean };
    if (!m.context_id) continue;
    if (m.transcript?.trim()) texts.set(m.context_id, (texts.get(m.context_id) ?? '') + m.transcript);
    if (m.close_context) closed.add(m.context_id);
  }
  return { texts, closed };
}

test('Stop mid-stream: silence at once, the upstream contexts are closed, what was finished is kept, Play works again', async ({
  studio,
}) => {
  const { page, simulator } = studio;
  await playScript(page, LONG_SCRIPT.join(' '));
  await waitForWaveform(page, 'live');
  // Into the second sentence, so the first is complete and must be kept.
  await expect
    .poll(async () => (await readPlayer(page)).currentSentence, { timeout: 20_000, interval: 100 })
    .toBeGreaterThanOrEqual(1);
  await studio.screenshot('05-stop-before');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();

  expect(await readPlayer(page)).toMatchObject({ remainingSeconds: 0, currentSentence: null });
  await expect.poll(() => transportState(page)).toBe('Ready');
  expect(await page.getByRole('button', { name: 'Stop', exact: true }).isDisabled()).toBe(true);
  // The waveform keeps what streamed in and no longer says it is streaming.
  await waitForWaveform(page, 'ready');
  expect(await page.getByRole('region', { name: 'Waveform' }).textContent()).not.toContain('streaming');

  // The engine kept the finished sentences as a take marked as stopped, short of the script.
  const stopped = await waitForTake(page, (t) => t.name.endsWith('(stopped)'));
  expect(stopped.sentences.length).toBeGreaterThanOrEqual(1);
  expect(stopped.sentences.length).toBeLessThan(LONG_SCRIPT.length);
  await studio.screenshot('05-stop-after');

  // Every context the stopped play opened was closed, and it never asked for the whole script.
  expect(simulator.recording.ws).toHaveLength(1);
  const first = contextsOf(simulator.recording.ws[0]!.messages);
  expect(first.texts.size).toBeGreaterThan(stopped.sentences.length - 1);
  expect(first.texts.size).toBeLessThan(LONG_SCRIPT.length);
  expect([...first.texts.keys()].every((id) => first.closed.has(id))).toBe(true);

  // The next Play speaks normally (on the same socket: nothing about the connection changed).
  simulator.setFaults(UNPACED);
  const again = 'Playing again after the stop.';
  await playScript(page, again);
  const take = await waitForTake(page, (t) => t.text === again);
  expect(take).toMatchObject({ engine: 'async', transport: 'ws' });
  expect(take.sentences).toHaveLength(1);
  expect(simulator.recording.ws).toHaveLength(1);
  const after = contextsOf(simulator.recording.ws[0]!.messages);
  const newContexts = [...after.texts].filter(([id]) => !first.texts.has(id));
  expect(newContexts.map(([, text]) => text.trim())).toEqual([again]);
  expect(after.closed.has(newContexts[0]![0])).toBe(true);
  await waitForWaveform(page, 'ready');
  expect((await listTakes(page)).map((t) => t.id)).toEqual([take.id, stopped.id]);
  await studio.screenshot('05-stop-play-again');
});
