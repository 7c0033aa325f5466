import { afterAll, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../../electron/engine/offline/flite';
import { OfflineProvider } from '../../../electron/engine/offline/offline-provider';
import type { SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import { StudioError } from '../../../shared/errors';

const engine = new FliteEngine();
const provider = new OfflineProvider({ engine });
afterAll(() => engine.close());

function settings(voiceId: string, sampleRate: number, speed?: number): SynthesisSettings {
  return {
    voiceId,
    modelId: 'async_flash_v1.0',
    speed,
    output: { container: 'raw', encoding: 'pcm_s16le', sampleRate },
  };
}

async function collect(events: AsyncIterable<SynthesisEvent>, onEvent?: (e: SynthesisEvent) => void) {
  const out: SynthesisEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

const pieces = (...texts: Array<[string, boolean]>): TextPiece[] =>
  texts.map(([text, sentenceEnd]) => ({ text, sentenceEnd }));

describe('OfflineProvider', () => {
  it('lists its Flite voices and filters them with the shared matcher', async () => {
    const all = await provider.listVoices();
    expect(all.map((v) => v.id)).toEqual(['offline:slt', 'offline:rms', 'offline:awb', 'offline:kal16', 'offline:kal']);
    expect(all.every((v) => v.provider === 'offline' && v.type === 'OFFLINE' && v.languages.join() === 'en')).toBe(
      true,
    );
    expect((await provider.listVoices({ gender: 'female' })).map((v) => v.id)).toEqual(['offline:slt']);
    expect((await provider.listVoices({ accent: 'scottish' })).map((v) => v.id)).toEqual(['offline:awb']);
    expect(await provider.listVoices({ language: 'fr' })).toEqual([]);
  });

  it('speaks sentence by sentence, in order, in ~100 ms audio events, including unterminated trailing text', async () => {
    const input = pieces(['Hello ', false], ['there.', true], ['  ', true], ['And goodbye', false]);
    const events = await collect(provider.synthesize(input, { settings: () => settings('offline:slt', 24000) }));
    const kinds = events.map((e) => `${e.type}:${e.index}`);
    expect(kinds[0]).toBe('sentence-start:0');
    const end0 = kinds.indexOf('sentence-end:0');
    expect(kinds.slice(1, end0).every((k) => k === 'audio:0')).toBe(true);
    expect(end0).toBeGreaterThan(2);
    expect(kinds[end0 + 1]).toBe('sentence-start:1');
    expect(kinds[kinds.length - 1]).toBe('sentence-end:1');
    expect(kinds.some((k) => k === 'sentence-start:2')).toBe(false);

    const starts = events.filter((e) => e.type === 'sentence-start');
    expect(starts.map((e) => e.text)).toEqual(['Hello there.', 'And goodbye']);
    const audio0 = events.filter((e) => e.type === 'audio' && e.index === 0);
    for (const e of audio0.slice(0, -1)) expect(e.type === 'audio' && e.pcm.length).toBe(2400);
    const samples0 = audio0.reduce((n, e) => n + (e.type === 'audio' ? e.pcm.length : 0), 0);
    const end = events[end0]!;
    expect(end.type === 'sentence-end' && end.metrics).toMatchObject({
      charactersSent: 'Hello there.'.length,
      audioSeconds: samples0 / 24000,
    });
    expect(end.type === 'sentence-end' && end.metrics.timeToFirstAudioMs).toBeGreaterThan(0);
  });

  it('applies a settings change from the next sentence on', async () => {
    let current = settings('offline:slt', 24000);
    const events = await collect(
      provider.synthesize(pieces(['First sentence.', true], ['Second sentence.', true]), { settings: () => current }),
      (e) => {
        if (e.type === 'audio' && e.index === 0) current = settings('offline:rms', 8000, 1.5);
      },
    );
    const starts = events.filter((e) => e.type === 'sentence-start');
    expect(starts.map((e) => e.type === 'sentence-start' && e.settings.voiceId)).toEqual([
      'offline:slt',
      'offline:rms',
    ]);
    expect(starts[1]!.type === 'sentence-start' && starts[1]!.settings.speed).toBe(1.5);
    const rates = new Set(events.flatMap((e) => (e.type === 'audio' ? [`${e.index}@${e.sampleRate}`] : [])));
    expect([...rates]).toEqual(['0@24000', '1@8000']);
  });

  it('stops at once on abort: no further events and the iterator simply returns', async () => {
    const controller = new AbortController();
    const events = await collect(
      provider.synthesize(pieces(['One sentence here.', true], ['Another one.', true]), {
        settings: () => settings('offline:slt', 16000),
        signal: controller.signal,
      }),
      (e) => {
        if (e.type === 'audio') controller.abort();
      },
    );
    expect(events.map((e) => e.type)).toEqual(['sentence-start', 'audio']);
  });

  it('returns without events when aborted while waiting for text', async () => {
    const controller = new AbortController();
    async function* slowText(): AsyncGenerator<TextPiece> {
      yield { text: 'Never finished', sentenceEnd: false };
      await new Promise(() => undefined);
    }
    setTimeout(() => controller.abort(), 20);
    const events = await collect(
      provider.synthesize(slowText(), { settings: () => settings('offline:slt', 16000), signal: controller.signal }),
    );
    expect(events).toEqual([]);
  });

  it('rejects an unknown voice with BAD_INPUT naming the voice', async () => {
    const run = collect(provider.synthesize(pieces(['Hi.', true]), { settings: () => settings('slt', 16000) }));
    await expect(run).rejects.toBeInstanceOf(StudioError);
    await expect(run).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('"slt"') });
  });
});
