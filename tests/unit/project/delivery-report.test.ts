import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClipping } from '../../../electron/engine/audio/clipping';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { RoomToneMeter } from '../../../electron/engine/audio/room-tone';
import { encodeWav, parseWav } from '../../../electron/engine/audio/wav';
import {
  deliveryChecks,
  deliveryReport,
  findPreset,
  formatDeliveryReport,
  measureWavFile,
  type DeliveryMeasures,
} from '../../../electron/engine/project/delivery-report';
import { LOUDNESS_PRESETS } from '../../../shared/loudness';
import { concat, random, randomChunks, tone } from '../audio/signals';
import { useTempDir } from './sample';

const RATE = 48000;
const dir = useTempDir();

/** Uniform noise with the given RMS (dBFS). */
function noise(seconds: number, rmsDbfs: number, seed = 1): Float32Array {
  const rnd = random(seed);
  const amplitude = 10 ** (rmsDbfs / 20) * Math.sqrt(3);
  return Float32Array.from({ length: Math.round(seconds * RATE) }, () => amplitude * (rnd() * 2 - 1));
}

function measured(pcm: Float32Array, chunks = 1000): ReturnType<RoomToneMeter['result']> {
  const meter = new RoomToneMeter(RATE);
  for (const chunk of randomChunks(pcm, chunks, 3)) meter.push(chunk);
  return meter.result();
}

describe('RoomToneMeter', () => {
  it('measures the room tone before the first and after the last sound, and the noise floor in it', () => {
    const pcm = concat(new Float32Array(0.3 * RATE), tone(RATE, 2, 440, 0.3, Math.PI / 2), noise(1.2, -70));
    const tone_ = measured(pcm);
    expect(tone_.headSeconds).toBeCloseTo(0.3, 4);
    // The noise is all under the -60 dBFS threshold, so it is room tone.
    expect(tone_.tailSeconds).toBeGreaterThan(1.199);
    expect(tone_.noiseFloorDbfs).toBeCloseTo(-70, 0);
    expect(tone_.samples).toBe(pcm.length);
  });

  it('reads the same whatever the chunking', () => {
    const pcm = concat(noise(0.8, -65, 4), tone(RATE, 1, 300, 0.5), noise(2, -75, 5));
    expect(measured(pcm, 7)).toEqual(measured(pcm, 50_000));
  });

  it('takes the quietest half second: digital silence reads -Infinity, however loud the rest', () => {
    const pcm = concat(tone(RATE, 1, 440, 0.5), new Float32Array(0.6 * RATE), tone(RATE, 1, 440, 0.5));
    expect(measured(pcm).noiseFloorDbfs).toBe(-Infinity);
  });

  it('takes the whole signal when it is shorter than half a second', () => {
    const pcm = noise(0.3, -40);
    expect(measured(pcm).noiseFloorDbfs).toBeCloseTo(measureLoudness(pcm, RATE).rmsDbfs, 6);
  });

  it('counts a file with no sound at all as room tone from end to end', () => {
    const result = measured(new Float32Array(RATE));
    expect(result.headSeconds).toBe(1);
    expect(result.tailSeconds).toBe(1);
  });
});

describe('findClipping', () => {
  it('counts runs of three or more full-scale samples, of either sign', () => {
    const pcm = Float32Array.from([0, 1, 1, 0, -1, -1, -1, 0.5, 0.9995, 1, 0.9999, 1, 0.2, 1, 1, 1]);
    expect(findClipping(pcm)).toEqual({ runs: 3, samples: 10 });
    expect(findClipping(Float32Array.from([0.998, 0.998, 0.998, 1, 1]))).toEqual({ runs: 0, samples: 0 });
  });
});

type MeasureOverrides = Partial<Pick<DeliveryMeasures, 'durationSeconds' | 'clippedSeconds'>> & {
  loudness?: Partial<DeliveryMeasures['loudness']>;
  roomTone?: Partial<DeliveryMeasures['roomTone']>;
};

/** Measures of a file that meets the podcast spec, with `overrides` changed. */
const measures = (overrides: MeasureOverrides = {}): DeliveryMeasures => ({
  durationSeconds: overrides.durationSeconds ?? 60,
  clippedSeconds: overrides.clippedSeconds ?? 0,
  loudness: {
    integratedLufs: -16,
    loudnessRangeLu: 4,
    truePeakDbtp: -1.5,
    samplePeakDbfs: -1.6,
    rmsDbfs: -19,
    ...overrides.loudness,
  },
  roomTone: {
    headSeconds: 0.5,
    tailSeconds: 1.5,
    noiseFloorDbfs: -Infinity,
    samples: 48000 * 60,
    ...overrides.roomTone,
  },
});

const verdicts = (presetId: string | null, m: DeliveryMeasures) =>
  Object.fromEntries(deliveryChecks(findPreset(presetId), m).map((c) => [c.label, c.passed]));

describe('deliveryChecks', () => {
  it('podcast: integrated loudness within 1 LU of -16, true peak at most -1 dBTP, no clipping', () => {
    expect(verdicts('podcast', measures({ loudness: { integratedLufs: -17 } }))).toEqual({
      'Integrated loudness': true,
      'True peak': true,
      'Clipping in the takes': true,
    });
    expect(verdicts('podcast', measures({ loudness: { integratedLufs: -17.05, truePeakDbtp: -0.95 } }))).toEqual({
      'Integrated loudness': false,
      'True peak': false,
      'Clipping in the takes': true,
    });
    expect(verdicts('podcast', measures({ clippedSeconds: 0.001 }))['Clipping in the takes']).toBe(false);
    expect(verdicts('broadcast', measures({ loudness: { integratedLufs: -22.2 } }))['Integrated loudness']).toBe(true);
  });

  it('ACX: RMS between -23 and -18, sample peak at most -3, noise floor at most -60, room tone at both ends', () => {
    const good = measures({
      loudness: { rmsDbfs: -23, samplePeakDbfs: -3 },
      roomTone: { headSeconds: 1, tailSeconds: 5, noiseFloorDbfs: -60, samples: 1 },
    });
    expect(Object.values(verdicts('acx', good)).every(Boolean)).toBe(true);
    const bad = measures({
      loudness: { rmsDbfs: -17.9, samplePeakDbfs: -2.9 },
      roomTone: { headSeconds: 0.4, tailSeconds: 5.2, noiseFloorDbfs: -59, samples: 1 },
    });
    expect(verdicts('acx', bad)).toEqual({
      'RMS level': false,
      Peak: false,
      'Noise floor': false,
      'Room tone at the head': false,
      'Room tone at the tail': false,
      'Clipping in the takes': true,
    });
  });

  it('judges room tone to the millisecond: 0.4996 s of a 500 ms head passes, 0.4994 s does not', () => {
    const head = (headSeconds: number) =>
      verdicts('acx', measures({ roomTone: { headSeconds, tailSeconds: 1, noiseFloorDbfs: -80, samples: 1 } }))[
        'Room tone at the head'
      ];
    expect(head(0.4996)).toBe(true);
    expect(head(0.4994)).toBe(false);
  });

  it('without a preset lists the figures and judges nothing', () => {
    const checks = deliveryChecks(null, measures({ loudness: { integratedLufs: -40 }, clippedSeconds: 2 }));
    expect(checks.every((c) => c.passed && c.limit === 'no preset')).toBe(true);
    expect(checks.map((c) => c.label)).toContain('Integrated loudness');
  });

  it('knows every preset of the export dialog', () => {
    for (const preset of LOUDNESS_PRESETS) expect(findPreset(preset.id)).toBe(preset);
    expect(findPreset('nonsense')).toBeNull();
  });
});

describe('formatDeliveryReport', () => {
  it('writes a report a person reads: the preset, each check with value, limit and verdict, the overall verdict', () => {
    const preset = findPreset('acx');
    const report = deliveryReport({
      fileName: 'Book.mp3',
      reportFileName: 'Book.mp3.report.txt',
      preset,
      measures: measures({
        durationSeconds: 3725.25,
        loudness: { integratedLufs: -19.4, rmsDbfs: -20.5, samplePeakDbfs: -3.2, truePeakDbtp: -3.1 },
        roomTone: { headSeconds: 0.5, tailSeconds: 0.3, noiseFloorDbfs: -Infinity, samples: 1 },
      }),
    });
    expect(report.passed).toBe(false);
    const text = formatDeliveryReport(report, {
      preset,
      date: new Date('2026-11-24T09:00:00Z'),
      file: 'MP3, 44100 Hz, mono',
      measuredOn: 'the samples handed to the MP3 encoder',
    });
    expect(text).toBe(
      [
        'Delivery report for Book.mp3',
        'Made 2026-11-24T09:00:00.000Z',
        '',
        'Preset:    Audiobook, ACX',
        '           ACX (Audible): RMS between -23 and -18 dB, peaks at most -3 dB, noise floor at most -60 dB RMS.',
        'File:      MP3, 44100 Hz, mono, 1:02:05.3',
        'Measured:  the samples handed to the MP3 encoder',
        'Loudness:  -19.4 LUFS integrated, range 4.0 LU, true peak -3.1 dBTP, sample peak -3.2 dBFS, RMS -20.5 dBFS',
        '',
        'RMS level               -20.5 dBFS        between -23 and -18   PASS',
        'Peak                    -3.2 dBFS         at most -3            PASS',
        'Noise floor             digital silence   at most -60           PASS',
        'Room tone at the head   0.50 s            between 0.5 and 1     PASS',
        'Room tone at the tail   0.30 s            between 1 and 5       FAIL',
        'Clipping in the takes   0.00 s            none                  PASS',
        '',
        'Overall: FAIL: 1 check(s) not met.',
        '',
      ].join('\n'),
    );
  });
});

describe('measureWavFile', () => {
  it('measures a WAV as read back from disk, the same as its samples measured whole', async () => {
    const pcm = concat(new Float32Array(0.6 * RATE), tone(RATE, 3, 500, 0.4), new Float32Array(RATE));
    const path = join(dir(), 'file.wav');
    await writeFile(path, encodeWav(pcm, RATE));
    const result = await measureWavFile(path);
    const written = parseWav(encodeWav(pcm, RATE)).pcm;
    expect(result.loudness).toEqual(measureLoudness(written, RATE));
    expect(result.durationSeconds).toBeCloseTo(4.6, 6);
    expect(result.roomTone.headSeconds).toBeCloseTo(0.6, 4);
    expect(result.roomTone.tailSeconds).toBeCloseTo(1, 3);
  });

  it('refuses a WAV the export would not have written', async () => {
    const path = join(dir(), 'float.wav');
    await writeFile(path, encodeWav(tone(RATE, 0.5, 500), RATE, { format: 'f32' }));
    await expect(measureWavFile(path)).rejects.toThrow('not the mono 16-bit WAV the export writes');
  });
});
