import { afterEach, describe, expect, it } from 'vitest';
import { createBlockSynthesizer } from '../../../electron/engine/project/render-block';
import { PROJECT_RENDER_FORMAT } from '../../../electron/engine/project/take-files';
import { createEnginePool, type EnginePool } from '../../../electron/engine/studio/engine-pool';
import { openKeyManager } from '../../../electron/engine/studio/key-manager';
import { openSettingsStore } from '../../../electron/engine/studio/settings-store';
import type { SynthesizeOptions, TtsProvider } from '../../../electron/engine/tts-provider';
import type { SettingsPatch } from '../../../shared/settings';
import type { SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import { FakeProvider, fakeOpenEngine, memoryKeyStore } from '../studio/fakes';
import { jobFor } from './render-fakes';
import { useTempDir } from './sample';

const dir = useTempDir();
const pools: EnginePool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

const ASYNC_VOICE = {
  engine: 'async',
  voiceId: 'voice-a',
  modelId: 'async_flash_v1.0',
  language: 'en',
  speed: 1.2,
} as const;

/** The synthesizer over a pool that opens `provider`, with the live settings `patch` and an API key unless `key` is null. */
async function synthesizerWith(provider: TtsProvider, patch: SettingsPatch = {}, key: string | null = 'sk_test') {
  const settings = await openSettingsStore({ dataDir: dir(), emit: () => undefined });
  await settings.update(patch);
  const keys = await openKeyManager({
    keyStore: memoryKeyStore(key).keyStore,
    env: {},
    validateKey: async () => undefined,
    settings,
  });
  const { openEngine, opened } = fakeOpenEngine(provider);
  const pool = createEnginePool({ openEngine, keys });
  pools.push(pool);
  return { synthesize: createBlockSynthesizer({ pool, settings }), opened };
}

/** Records the settings each sentence is asked for, then speaks like FakeProvider. */
class RecordingProvider extends FakeProvider {
  readonly asked: SynthesisSettings[] = [];

  override synthesize(text: Iterable<TextPiece> | AsyncIterable<TextPiece>, options: SynthesizeOptions) {
    return super.synthesize(text, {
      ...options,
      settings: () => {
        const current = options.settings();
        this.asked.push(current);
        return current;
      },
    });
  }
}

describe('block synthesizer', () => {
  it("speaks exactly the job's text with its voice in the project format, the transport the live settings say", async () => {
    // An engine that delivers 16 kHz whatever it is asked: the take is still 44.1 kHz.
    const provider = new RecordingProvider({ sampleRate: 16_000, sentenceSeconds: 0.5 });
    const { synthesize, opened } = await synthesizerWith(provider, { transport: 'http', voiceId: 'live-voice' });
    const job = jobFor('b1', 'First sentence here. And a second one.', ASYNC_VOICE);
    const block = await synthesize(job, new AbortController().signal);

    expect(opened).toMatchObject([{ requested: 'async', transport: 'http', apiKey: 'sk_test' }]);
    expect(provider.calls[0]!.pieces.map((p) => p.text).join(' ')).toBe(job.text);
    expect(provider.asked[0]).toEqual({
      voiceId: 'voice-a',
      modelId: 'async_flash_v1.0',
      language: 'en',
      speed: 1.2,
      output: PROJECT_RENDER_FORMAT,
    });
    expect(block.audio.sampleRate).toBe(44_100);
    expect(block.audio.pcm.length).toBe(2 * 0.5 * 44_100);
    expect(block.timing).toEqual({
      sampleRate: 44_100,
      sentences: [
        { text: 'First sentence here.', startSample: 0, endSample: 22_050 },
        { text: 'And a second one.', startSample: 22_050, endSample: 44_100 },
      ],
      words: null,
    });
    expect(block.provenance).toMatchObject({
      text: job.text,
      voice: { voiceId: 'voice-a', modelId: 'async_flash_v1.0', language: 'en', speed: 1.2 },
      engine: 'async',
      transport: 'http',
      sampleRate: 44_100,
      durationSeconds: 1,
      timings: { timeToFirstAudioMs: 1 },
    });
    expect(block.provenance.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('an offline voice leases the offline engine, key or not', async () => {
    const provider = new FakeProvider();
    const { synthesize, opened } = await synthesizerWith(provider, {}, null);
    const block = await synthesize(jobFor('b1', 'Offline words.'), new AbortController().signal);
    expect(opened).toMatchObject([{ requested: 'offline' }]);
    expect(block.provenance).toMatchObject({ engine: 'offline', voice: { voiceId: 'offline:slt' } });
  });

  it('an Async voice without a key is AUTH saying to add the key, and nothing falls back to the offline engine', async () => {
    const provider = new FakeProvider();
    const { synthesize, opened } = await synthesizerWith(provider, {}, null);
    await expect(
      synthesize(jobFor('b1', 'Needs a key.', ASYNC_VOICE), new AbortController().signal),
    ).rejects.toMatchObject({ code: 'AUTH', hint: expect.stringContaining('Add your Async API key') });
    expect(opened).toEqual([]);
    expect(provider.calls).toEqual([]);
  });

  it('a block with nothing to speak is BAD_INPUT before any engine is asked', async () => {
    const provider = new FakeProvider();
    const { synthesize, opened } = await synthesizerWith(provider);
    await expect(synthesize(jobFor('b1', '   \n '), new AbortController().signal)).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(opened).toEqual([]);
  });

  it('aborting ends it with CANCELLED, not with the part spoken so far', async () => {
    const provider = new FakeProvider();
    const { synthesize } = await synthesizerWith(provider);
    const gate = provider.hold(1);
    const controller = new AbortController();
    const rendering = synthesize(jobFor('b1', 'One. Two. Three.'), controller.signal);
    await gate.reached;
    controller.abort();
    gate.release();
    await expect(rendering).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('an engine that ends early without an error does not pass for the whole block', async () => {
    const provider = new FakeProvider();
    // Speaks the first sentence only, as a provider losing the rest quietly would.
    const truncating: TtsProvider = {
      kind: 'offline',
      listVoices: () => provider.listVoices(),
      close: () => provider.close(),
      async *synthesize(text, options): AsyncIterable<SynthesisEvent> {
        for await (const event of provider.synthesize(text, options)) {
          if (event.index > 0) return;
          yield event;
        }
      },
    };
    const { synthesize } = await synthesizerWith(truncating);
    await expect(synthesize(jobFor('b1', 'One. Two.'), new AbortController().signal)).rejects.toMatchObject({
      code: 'SERVER',
      message: "The engine returned 1 of the block's 2 sentences.",
    });
  });
});
