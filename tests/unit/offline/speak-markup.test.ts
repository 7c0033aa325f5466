import { afterAll, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../../electron/engine/offline/flite';
import { speakTranscript, speakWithWordTimings } from '../../../electron/engine/offline/speak-markup';

const engine = new FliteEngine();
afterAll(() => engine.close());

const slt = (sampleRate: number, extra: { speed?: number } = {}) => ({ voice: 'slt' as const, sampleRate, ...extra });

function rms(pcm: Float32Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

describe('speakTranscript', () => {
  it('renders a break as exact digital silence of the requested length at the output rate', async () => {
    const pcm = await speakTranscript(engine, "<break time='333ms'/>", slt(22050));
    expect(pcm.length).toBe(Math.round(0.333 * 22050));
    expect(pcm.every((s) => s === 0)).toBe(true);
  });

  it('changes the audio length by exactly the change in break length', async () => {
    const short = await speakTranscript(engine, "Hello <break time='300ms'/> world", slt(24000));
    const long = await speakTranscript(engine, "Hello <break time='0.8s'/> world", slt(24000));
    expect(long.length - short.length).toBe(12000);
    expect(rms(short)).toBeGreaterThan(0.01);
  });

  it('reads <digits> one digit at a time', async () => {
    const digits = await speakTranscript(engine, 'Dial <digits>42</digits>', slt(16000));
    const spelled = await speakTranscript(engine, 'Dial four two', slt(16000));
    const number = await speakTranscript(engine, 'Dial 42', slt(16000));
    expect(digits).toEqual(spelled);
    expect(number.length).not.toBe(digits.length);
  });

  it('speaks <phonemes> through an English respelling instead of dropping them', async () => {
    const ipa = await speakTranscript(engine, '<phonemes>ˈeɪ.sɪŋk</phonemes>', slt(16000));
    expect(ipa).toEqual(await speakTranscript(engine, 'ay singk', slt(16000)));
    expect(rms(ipa)).toBeGreaterThan(0.01);
  });

  it('resamples Flite output to the requested rate', async () => {
    const native = await speakTranscript(engine, 'Testing the rate.', slt(16000));
    const high = await speakTranscript(engine, 'Testing the rate.', slt(48000));
    expect(high.length).toBe(native.length * 3);
    expect(rms(high)).toBeCloseTo(rms(native), 1);
  });

  it('speaks faster with a higher speed', async () => {
    const normal = await speakTranscript(engine, 'A sentence of moderate length.', slt(16000));
    const fast = await speakTranscript(engine, 'A sentence of moderate length.', slt(16000, { speed: 2 }));
    expect(fast.length).toBeLessThan(normal.length * 0.7);
  });

  it('gives empty audio for whitespace', async () => {
    expect((await speakTranscript(engine, '  \n ', slt(24000))).length).toBe(0);
  });
});

describe('speakWithWordTimings', () => {
  it('reports ordered word spans that lie inside the audio and contain speech', async () => {
    const rate = 24000;
    const { pcm, words } = await speakWithWordTimings(
      engine,
      "Welcome to Async, call <digits>555</digits> now. <break time='500ms'/> Bye!",
      slt(rate),
    );
    expect(words.map((w) => w.word)).toEqual(['Welcome', 'to', 'Async', 'call', '555', 'now', 'Bye']);
    let previousEnd = 0;
    for (const w of words) {
      expect(w.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(w.endMs).toBeGreaterThan(w.startMs);
      previousEnd = w.endMs;
      const span = pcm.subarray(Math.floor((w.startMs * rate) / 1000), Math.ceil((w.endMs * rate) / 1000));
      expect(rms(span)).toBeGreaterThan(0.01);
    }
    expect(previousEnd).toBeLessThanOrEqual((pcm.length * 1000) / rate);
  });

  it('shifts the words after a break by exactly the break length', async () => {
    const a = await speakWithWordTimings(engine, "One two <break time='200ms'/> three", slt(16000));
    const b = await speakWithWordTimings(engine, "One two <break time='700ms'/> three", slt(16000));
    expect(b.words.slice(0, 2)).toEqual(a.words.slice(0, 2));
    expect(b.words[2]!.startMs - a.words[2]!.startMs).toBeCloseTo(500, 6);
    expect(b.pcm.length - a.pcm.length).toBe(8000);
  });
});
