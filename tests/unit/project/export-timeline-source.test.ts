import { describe, expect, it } from 'vitest';
import { encodeAudioFile } from '../../../electron/engine/audio/encode-file';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { normalizeLoudness } from '../../../electron/engine/audio/normalize';
import { assembleTimeline, planTimeline, type TimelineInput } from '../../../electron/engine/audio/pauses';
import { parseWav } from '../../../electron/engine/audio/wav';
import { timelineSource } from '../../../electron/engine/project/project-timeline';
import { DEFAULT_PAUSES } from '../../../shared/project';
import { concat, speechLike } from '../audio/signals';

/*
 * The export streams the timeline into the encoder instead of assembling it: the file must be
 * exactly the one the assembled audio would give, resampled, levelled and all.
 */
const RATE = 44100;
const input: TimelineInput = {
  sampleRate: RATE,
  pauses: { ...DEFAULT_PAUSES, betweenSentencesMs: 250 },
  chapters: [
    {
      id: 'c1',
      blocks: [
        { id: 'a', pcm: speechLike(RATE, 4, 1), sampleRate: RATE, sentenceStarts: [RATE * 2] },
        { id: 'b', pcm: speechLike(24000, 3, 2), sampleRate: 24000, pauseAfterMs: 900 },
      ],
    },
    { id: 'c2', blocks: [{ id: 'c', pcm: speechLike(RATE, 5, 3), sampleRate: RATE }] },
  ],
};

describe('timelineSource', () => {
  it('encodes to the very file the assembled timeline gives, at another rate and normalised', async () => {
    const options = {
      format: 'wav' as const,
      sampleRate: 48000,
      normalize: { targetLufs: -16, truePeakCeilingDbtp: -1 },
      chapters: [{ startMs: 0, endMs: 1000, title: 'One' }],
    };
    const streamed = await encodeAudioFile(timelineSource(planTimeline(input)), RATE, options);
    const whole = await encodeAudioFile(assembleTimeline(input).pcm, RATE, options);
    expect(streamed.bytes.length).toBe(whole.bytes.length);
    // Compared as Buffers: a deep equality of two megabytes element by element takes seconds.
    expect(Buffer.from(streamed.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
    expect(streamed.loudness).toEqual(whole.loudness);
  });

  it('shows the encoder input to onEncoderInput: exactly what the file holds', async () => {
    const seen: Float32Array[] = [];
    const file = await encodeAudioFile(timelineSource(planTimeline(input)), RATE, {
      format: 'wav',
      onEncoderInput: (chunk) => seen.push(Float32Array.from(chunk)),
    });
    const tapped = concat(...seen);
    const written = parseWav(file.bytes).pcm;
    expect(tapped.length).toBe(written.length);
    let worst = 0;
    for (let i = 0; i < written.length; i++) worst = Math.max(worst, Math.abs(tapped[i]! - written[i]!));
    expect(worst).toBeLessThanOrEqual(1 / 32768);
  });
});

describe("normalisation to ACX's RMS", () => {
  it('brings the unweighted RMS to the target under the peak ceiling', () => {
    const pcm = speechLike(RATE, 20, 9);
    const result = normalizeLoudness(pcm, RATE, { targetLufs: -20.5, truePeakCeilingDbtp: -3, level: 'rms' });
    const after = measureLoudness(result.pcm, RATE);
    expect(after.rmsDbfs).toBeCloseTo(-20.5, 0);
    expect(Math.abs(after.rmsDbfs + 20.5)).toBeLessThan(0.15);
    expect(after.truePeakDbtp).toBeLessThanOrEqual(-3);
    // The integrated loudness was not what was aimed at.
    expect(Math.abs(after.integratedLufs + 20.5)).toBeGreaterThan(0.3);
  });
});
