import { afterAll, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../../electron/engine/offline/flite';

const engine = new FliteEngine();
afterAll(() => engine.close());

describe('FliteEngine', () => {
  it('speaks a long paragraph (text of thousands of characters once crashed Node through WASI argv)', async () => {
    const sentence = 'The quick brown fox jumps over the lazy dog, and keeps running across the field. ';
    const text = sentence.repeat(40);
    expect(text.length).toBeGreaterThan(3000);
    const audio = await engine.synthesize(text, { voice: 'kal' });
    expect(audio.sampleRate).toBe(8000);
    // About 40 × 4 s of speech; anything close proves the whole text was spoken, not a prefix.
    expect(audio.pcm.length / audio.sampleRate).toBeGreaterThan(120);
  });

  it('runs overlapping requests and keeps each answer with its request', async () => {
    const [short, long] = await Promise.all([
      engine.synthesize('Hi.', { voice: 'slt' }),
      engine.synthesize('This sentence is clearly a good deal longer than the other one.', { voice: 'slt' }),
    ]);
    expect(long.pcm.length).toBeGreaterThan(2 * short.pcm.length);
  });

  it('applies duration stretch', async () => {
    const normal = await engine.synthesize('Slow and steady wins the race.', { voice: 'slt' });
    const slow = await engine.synthesize('Slow and steady wins the race.', { voice: 'slt', durationStretch: 1.5 });
    expect(slow.pcm.length / normal.pcm.length).toBeGreaterThan(1.3);
  });
});

describe('FliteEngine under load', () => {
  it('survives a burst of overlapping requests of mixed sizes (node:wasi crashed Node natively here)', async () => {
    const texts = [
      'Short one.',
      'A somewhat longer sentence, to vary the sizes a little.',
      'The fox runs. '.repeat(40),
    ];
    const voices = ['slt', 'kal', 'awb'] as const;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => engine.synthesize(texts[i % 3]!, { voice: voices[i % 3]! })),
    );
    expect(results).toHaveLength(60);
    // Same text and voice, same audio: every answer went back to its own request.
    expect(results[3]!.pcm).toEqual(results[0]!.pcm);
    expect(results[5]!.pcm.length).toBeGreaterThan(results[4]!.pcm.length);
  });
});

describe('FliteEngine close', () => {
  it('fails the requests of the worker it closes and none of those a new worker takes after', async () => {
    const own = new FliteEngine();
    try {
      const before = own.synthesize('Cut short by close.', { voice: 'slt' });
      const beforeOutcome = before.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      const closing = own.close();
      // Taken by a new worker while the old one is still exiting: its exit must not fail this one.
      const after = own.synthesize('Spoken by the new worker.', { voice: 'slt' });
      await closing;
      expect(await beforeOutcome).toMatch(/Offline engine stopped/);
      const audio = await after;
      expect(audio.pcm.length).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});
