import { expect } from 'vitest';
import { PACED, studioTest } from './fixtures';
import { playScript, readWaveform, waitForLongerWaveform, waitForTake, waitForWaveform } from './studio-page';

const test = studioTest({
  withKey: true,
  faults: PACED,
});

const SENTENCES = [
  'The waveform grows while the audio streams in.',
  'Each sentence travels in its own context.',
  'The socket stays open between them.',
  'And the status bar shows the time to first audio.',
];

/** "First audio: 182 ms" or "First audio: 1.52 s", in milliseconds. */
function firstAudioMs(status: string): number | null {
  const match = /First audio: ([\d.]+) (ms|s)/.exec(status);
  return match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : null;
}

test('Play over the WebSocket: the waveform grows as audio streams in, one connection, one context per sentence', async ({
  studio,
}) => {
  const { page, simulator } = studio;
  await playScript(page, SENTENCES.join(' '));
  await waitForWaveform(page, 'live');

  // Sampled while streaming: each reading waits for the waveform to show more than the last.
  const readings = [(await readWaveform(page)).duration];
  for (let i = 0; i < 4; i++) {
    readings.push(await waitForLongerWaveform(page, readings.at(-1)!));
    expect((await readWaveform(page)).state).toBe('live');
  }
  expect(readings.every((seconds, i) => i === 0 || seconds > readings[i - 1]!)).toBe(true);
  await studio.screenshot('04-streaming-live');

  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect.poll(async () => firstAudioMs((await status.textContent()) ?? '')).not.toBeNull();
  // The simulator holds the first audio back by firstAudioMs: the time shown includes that wait.
  expect(firstAudioMs((await status.textContent()) ?? '')).toBeGreaterThanOrEqual(PACED.firstAudioMs);
  expect(await status.textContent()).toContain('Connected');

  const take = await waitForTake(page);
  expect(take.sentences.map((s) => s.text.trim())).toEqual(SENTENCES);
  expect((await readWaveform(page)).duration).toBeGreaterThan(readings.at(-1)!);

  // One socket, opened with the key and an init naming the voice, then a context per sentence.
  expect(simulator.recording.ws).toHaveLength(1);
  const [socket] = simulator.recording.ws;
  expect(socket!.query.api_key).toBe(simulator.apiKey);
  const messages = socket!.messages.map((m) => m.data as Record<string, unknown>);
  expect(messages[0]).toMatchObject({
    voice: { mode: 'id', id: take.settings.voiceId },
    model_id: take.settings.modelId,
  });
  const texts = messages.filter((m) => typeof m.transcript === 'string' && m.transcript.trim() !== '');
  const contexts = [...new Set(texts.map((m) => m.context_id))];
  expect(contexts).toHaveLength(SENTENCES.length);
  expect(contexts.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  const closed = messages.filter((m) => m.close_context === true).map((m) => m.context_id);
  expect(new Set(closed)).toEqual(new Set(contexts));
  expect(socket!.closed).toBe(false);
});
