import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import type { StreamMessage } from '../../../shared/ipc-contract';
import type { SpeakerVoice } from '../../../shared/project';
import { useSimulator, useStudio, type StudioUnderTest } from './project-harness';

const start = useStudio();
const simulator = useSimulator();
const startAsync = () => start({ env: simulator.env() });

const VOICE: SpeakerVoice = { engine: 'async', voiceId: DEFAULT_VOICE_ID, modelId: 'async_flash_v1.0', language: 'en' };

/** Transcripts the simulator has received so far, in order, over the WebSocket. */
const transcripts = () =>
  simulator.sim().recording.ws.flatMap((c) =>
    c.messages
      .map((m) => (m.data as { transcript?: unknown }).transcript)
      .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
      .map((t) => t.trim()),
  );

async function cast(studio: StudioUnderTest, text: string, voice: SpeakerVoice) {
  const { sink, finished } = studio.stream('casting:play', { text, voice });
  await finished;
  const samples = sink.messages
    .filter((m): m is Extract<StreamMessage, { type: 'chunk' }> => m.type === 'chunk')
    .reduce((n, m) => n + m.pcm.byteLength / 4, 0);
  return { messages: sink.messages, samples };
}

describe('casting', () => {
  it('speaks a line in a candidate voice once; replaying it, or the same cell again, sends nothing', async () => {
    const studio = await startAsync();
    const line = 'Call me Ishmael.';
    const before = transcripts().length;
    const first = await cast(studio, line, VOICE);
    expect(first.messages[0]).toMatchObject({ type: 'format', sampleRate: 44_100, engine: 'async' });
    expect(first.messages.at(-1)).toMatchObject({ type: 'done', takeId: null });
    expect(first.samples).toBeGreaterThan(44_100 / 2);
    expect(transcripts().slice(before)).toEqual([line]);

    const replay = await cast(studio, line, { ...VOICE });
    expect(replay.samples).toBe(first.samples);
    expect(transcripts().slice(before)).toEqual([line]);

    // Other settings are another candidate: one more request.
    await cast(studio, line, { ...VOICE, speed: 1.3 });
    expect(transcripts().slice(before)).toEqual([line, line]);
  });

  it('says the line as the open project would send it, through its lexicon', async () => {
    const studio = await startAsync();
    await studio.invoke('project:create', { name: 'Moby' });
    await studio.invoke('project:edit', {
      revision: 0,
      edits: [
        {
          op: 'set-lexicon',
          entries: [
            {
              id: 'e1',
              match: 'Ishmael',
              kind: 'text',
              replacement: 'Ish-may-el',
              caseSensitive: false,
              wholeWord: true,
            },
          ],
        },
      ],
    });
    const before = transcripts().length;
    await cast(studio, 'Call me Ishmael.', VOICE);
    expect(transcripts().slice(before)).toEqual(['Call me Ish-may-el.']);
  });

  it('refuses an Async candidate without a key, saying what to do', async () => {
    const studio = await start();
    const { messages } = await cast(studio, 'No key here.', VOICE);
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ code: 'AUTH', hint: expect.stringContaining('API key') }),
      }),
    ]);
  });
});
