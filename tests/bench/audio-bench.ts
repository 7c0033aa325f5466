/**
 * Audio benchmarks: our WASM LAME against the `lame` command, loudness analysis and resampling
 * speed. Each function returns its figures; the bench runner prints them.
 */
import { secondsSince } from './measure';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureLoudness } from '../../electron/engine/audio/loudness';
import { encodeMp3 } from '../../electron/engine/audio/mp3';
import { normalizeLoudness } from '../../electron/engine/audio/normalize';
import { resample } from '../../electron/engine/audio/resample';
import { encodeWav } from '../../electron/engine/audio/wav';
import { FliteEngine } from '../../electron/engine/offline/flite';
import { concatPcm } from '../../electron/engine/audio/concat-pcm';

/** Narration the audio and studio benchmarks speak. */
export const SENTENCES = [
  'It was a bright cold day in April, and the clocks were striking thirteen.',
  'The hallway smelt of boiled cabbage and old rag mats, and at one end of it a coloured poster had been tacked to the wall.',
  'Outside, even through the shut window-pane, the world looked cold, and down in the street little eddies of wind were whirling dust and torn paper into spirals.',
  'Though the sun was shining and the sky a harsh blue, there seemed to be no colour in anything, except the posters that were plastered everywhere.',
  'Somewhere far away a helicopter skimmed down between the roofs, hovered for an instant like a bluebottle, and darted away again with a curving flight.',
  'Behind him the voice from the screen was still babbling away about pig-iron and the overfulfilment of the Ninth Three-Year Plan.',
  'He moved over to the window, a smallish, frail figure, the meagreness of his body merely emphasized by the blue overalls which were the uniform of the party.',
  'His hair was very fair, his face naturally sanguine, his skin roughened by coarse soap and blunt razor blades and the cold of the winter that had just ended.',
];

/** The rate of the benchmark speech. */
export const SPEECH_RATE = 44100;

/** One sentence of the benchmark speech, at 44.1 kHz. */
export interface SpokenSentence {
  text: string;
  pcm: Float32Array;
}

let sentencesCache: Promise<SpokenSentence[]> | null = null;

/**
 * At least a minute of Flite speech (slt voice), sentence by sentence, resampled to 44.1 kHz, the
 * usual rate of an MP3 export and the studio's default. One sentence per call: Flite's WASI build
 * crashes the process on texts of several hundred characters.
 */
export function spokenSentences(): Promise<SpokenSentence[]> {
  sentencesCache ??= (async () => {
    const flite = new FliteEngine();
    try {
      const spoken: SpokenSentence[] = [];
      let seconds = 0;
      for (let i = 0; seconds < 60; i++) {
        const text = SENTENCES[i % SENTENCES.length]!;
        const { pcm, sampleRate } = await flite.synthesize(text, { voice: 'slt' });
        spoken.push({ text, pcm: resample(pcm, sampleRate, SPEECH_RATE) });
        seconds += pcm.length / sampleRate;
      }
      return spoken;
    } finally {
      await flite.close();
    }
  })();
  return sentencesCache;
}

/** The minute of speech in one piece. */
async function speech(): Promise<Float32Array> {
  return concatPcm((await spokenSentences()).map((sentence) => sentence.pcm));
}

/** `minSeconds` or more of speech, the minute of Flite speech repeated. */
async function longSpeech(minSeconds: number): Promise<Float32Array> {
  const minute = await speech();
  return concatPcm(Array.from({ length: Math.ceil((minSeconds * SPEECH_RATE) / minute.length) }, () => minute));
}

/** Encodes the same speech WAV at 192 kbit/s CBR with our encoder and with `lame` (Debian). */
export async function benchMp3VsLame() {
  const pcm = await speech();
  const audioSeconds = pcm.length / SPEECH_RATE;
  await encodeMp3(pcm.subarray(0, SPEECH_RATE), SPEECH_RATE); // compile the WASM once, as a running app would have
  let start = performance.now();
  const ours = await encodeMp3(pcm, SPEECH_RATE, { bitRate: 192000 });
  const oursSeconds = secondsSince(start);
  const result = { audioSeconds, oursSeconds, oursBytes: ours.length, oursTimesRealtime: audioSeconds / oursSeconds };
  const version = spawnSync('lame', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    return { ...result, lame: 'not installed (apt-get install lame)' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'audio-bench-'));
  try {
    const input = join(dir, 'in.wav');
    const output = join(dir, 'out.mp3');
    await writeFile(input, encodeWav(pcm, SPEECH_RATE));
    start = performance.now();
    const run = spawnSync('lame', ['--silent', '-b', '192', input, output]);
    const lameSeconds = secondsSince(start);
    if (run.status !== 0) return { ...result, lame: `failed: ${run.stderr.toString().trim()}` };
    return {
      ...result,
      lame: version.stdout.split('\n')[0]!.trim(),
      lameSeconds,
      lameBytes: (await readFile(output)).length,
      oursOverLame: oursSeconds / lameSeconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** BS.1770-4 analysis (integrated, range, true peak) and a full normalisation of 10 minutes of speech. */
export async function benchLoudness() {
  const pcm = await longSpeech(600);
  const audioSeconds = pcm.length / SPEECH_RATE;
  let start = performance.now();
  const report = measureLoudness(pcm, SPEECH_RATE);
  const analysisSeconds = secondsSince(start);
  start = performance.now();
  const normalized = normalizeLoudness(pcm, SPEECH_RATE, { targetLufs: -16, truePeakCeilingDbtp: -1 });
  const normalizeSeconds = secondsSince(start);
  return {
    audioSeconds,
    analysisSeconds,
    analysisTimesRealtime: audioSeconds / analysisSeconds,
    integratedLufs: report.integratedLufs,
    normalizeSeconds,
    normalizeTimesRealtime: audioSeconds / normalizeSeconds,
    normalizedLufs: normalized.after.integratedLufs,
    normalizedTruePeakDbtp: normalized.after.truePeakDbtp,
  };
}

/** Resampling 16 kHz (Flite's rate, the API's low rate) to 44.1 kHz, 5 minutes of speech. */
export async function benchResample() {
  const pcm16k = resample(await longSpeech(300), SPEECH_RATE, 16000);
  const audioSeconds = pcm16k.length / 16000;
  const start = performance.now();
  const out = resample(pcm16k, 16000, 44100);
  const elapsed = secondsSince(start);
  return { audioSeconds, seconds: elapsed, timesRealtime: audioSeconds / elapsed, outputSamples: out.length };
}
