import { stat } from 'node:fs/promises';
import { StudioError } from '../../../shared/errors';
import { plainText } from '../../../shared/markup';
import type { Project, Take } from '../../../shared/project';
import type { QaFinding } from '../../../shared/project-session';
import { findClipping } from '../audio/clipping';
import { measureLoudness } from '../audio/loudness';
import { takeAudioPath } from './project-store';
import { selectedTake } from './project-timeline';
import { readTakeAudio } from './take-files';

/*
 * `project:qa`: the blocks whose selected take stands out from the rest of the project (a speaking
 * rate or loudness far from the project's median), or is clipped or nearly silent. The medians are
 * the whole project's even when one chapter is checked, so a chapter rendered entirely at another
 * speed is still caught. Blocks without a take are not findings: rendering them is another matter.
 */

/**
 * A rate beyond ×1.35 or ÷1.35 of the median. One voice at one speed reads its blocks within about
 * ±15 % of its median (word length and punctuation vary); the speed control runs 0.7–2.0, so a
 * block set to 0.7× or 1.4× and more, or a render that rushes or drags, lands beyond it.
 */
const RATE_RATIO = 1.35;
/**
 * Loudness beyond ±4 LU of the median. Blocks of one voice measure within 1–2 LU of each other, and
 * a 4 LU jump is plainly heard; export levelling moves the whole file, so it does not fix a block.
 */
const LOUDNESS_LU = 4;
/** Lines shorter than this (characters, or seconds of voice) are too short to have a rate: "Yes." */
const RATE_MIN_CHARS = 20;
const RATE_MIN_VOICED_SECONDS = 1;
/** A take this quiet overall, or audible for less than this share of its length, is nearly silent. */
const SILENT_RMS_DBFS = -50;
const AUDIBLE_DBFS = -40;
const AUDIBLE_MIN_FRACTION = 0.05;
/** Speech is the frames within this many dB of the take's loudest: its pauses and breaths fall below. */
const VOICED_RANGE_DB = 35;
const FRAME_SECONDS = 0.02;
/** Fewer measured takes than this have no meaningful median to stand out from. */
const MIN_TAKES_FOR_MEDIAN = 3;

export interface TakeMeasures {
  /** Characters of the plain text that was spoken (markup removed, spaces collapsed). */
  chars: number;
  /** Seconds of 20 ms frames that carry speech. */
  voicedSeconds: number;
  /** Share of frames louder than AUDIBLE_DBFS. */
  audibleFraction: number;
  integratedLufs: number;
  truePeakDbtp: number;
  rmsDbfs: number;
  clippedRuns: number;
}

/** Measures one take's audio for the QA pass. */
export function measureTake(pcm: Float32Array, sampleRate: number, spokenText: string): TakeMeasures {
  const frame = Math.max(1, Math.round(sampleRate * FRAME_SECONDS));
  const levels: number[] = [];
  let loudest = -Infinity;
  for (let i = 0; i + frame <= pcm.length; i += frame) {
    let sum = 0;
    for (let k = i; k < i + frame; k++) sum += pcm[k]! * pcm[k]!;
    const db = 10 * Math.log10(sum / frame);
    levels.push(db);
    loudest = Math.max(loudest, db);
  }
  const voiced = levels.filter((db) => db > -Infinity && db >= loudest - VOICED_RANGE_DB).length;
  const audible = levels.filter((db) => db >= AUDIBLE_DBFS).length;
  const loudness = measureLoudness(pcm, sampleRate);
  return {
    chars: plainText(spokenText).replace(/\s+/g, ' ').trim().length,
    voicedSeconds: (voiced * frame) / sampleRate,
    audibleFraction: levels.length ? audible / levels.length : 0,
    integratedLufs: loudness.integratedLufs,
    truePeakDbtp: loudness.truePeakDbtp,
    rmsDbfs: loudness.rmsDbfs,
    clippedRuns: findClipping(pcm).runs,
  };
}

export const isNearlySilent = (m: TakeMeasures) =>
  m.rmsDbfs < SILENT_RMS_DBFS || m.audibleFraction < AUDIBLE_MIN_FRACTION;
const isClipped = (m: TakeMeasures) => m.clippedRuns > 0 || m.truePeakDbtp > 0;
const rateOf = (m: TakeMeasures) =>
  m.chars >= RATE_MIN_CHARS && m.voicedSeconds >= RATE_MIN_VOICED_SECONDS ? m.chars / m.voicedSeconds : null;

function median(values: number[]): number | null {
  if (values.length < MIN_TAKES_FOR_MEDIAN) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Take measures by audio path, kept while the file is unchanged (same size and time): a take's
 * audio is written once, so checking one chapter after another reads each take once.
 */
const cache = new Map<string, { stamp: string; measures: TakeMeasures }>();
const CACHE_ENTRIES = 20_000;

/** The take's measures, or null when its audio cannot be read (such a block is treated as having no take). */
async function takeMeasures(dir: string, take: Take): Promise<TakeMeasures | null> {
  const path = takeAudioPath(dir, take.file);
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  const stamp = `${info.size}:${info.mtimeMs}`;
  const hit = cache.get(path);
  if (hit?.stamp === stamp) return hit.measures;
  const audio = await readTakeAudio(dir, take).catch(() => null);
  if (!audio) return null;
  const measures = measureTake(audio.pcm, audio.sampleRate, take.provenance.text);
  cache.delete(path);
  cache.set(path, { stamp, measures });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return measures;
}

const f1 = (n: number) => n.toFixed(1);
const signed = (n: number) => `${n > 0 ? '+' : ''}${f1(n)}`;

/** The findings of one take against the project's medians, in plain words. */
export function takeFindings(
  m: TakeMeasures,
  typical: { rate: number | null; lufs: number | null; rms: number | null },
): Array<Omit<QaFinding, 'blockId' | 'chapterId'>> {
  const findings: Array<Omit<QaFinding, 'blockId' | 'chapterId'>> = [];
  if (isNearlySilent(m)) {
    findings.push({
      kind: 'near-silent',
      message:
        `Nearly silent (RMS ${Number.isFinite(m.rmsDbfs) ? `${f1(m.rmsDbfs)} dBFS` : 'digital silence'}, ` +
        `${Math.round(m.audibleFraction * 100)} % of it audible): the render may have failed. Render it again.`,
      value: m.rmsDbfs,
      typical: typical.rms,
    });
    // Its rate and loudness say nothing more.
    return findings;
  }
  if (isClipped(m)) {
    findings.push({
      kind: 'clipped',
      message:
        m.clippedRuns > 0
          ? `Clipped: the wave is flattened at full scale in ${m.clippedRuns} place${m.clippedRuns === 1 ? '' : 's'} ` +
            `(true peak ${signed(m.truePeakDbtp)} dBTP), which is heard as distortion. Render it again.`
          : `Peaks above full scale (true peak ${signed(m.truePeakDbtp)} dBTP): players may distort them. Render it again.`,
      value: m.clippedRuns,
      typical: null,
    });
  }
  const rate = rateOf(m);
  if (rate !== null && typical.rate !== null && Math.abs(Math.log(rate / typical.rate)) > Math.log(RATE_RATIO)) {
    const faster = rate > typical.rate;
    const percent = Math.round(Math.abs(rate / typical.rate - 1) * 100);
    findings.push({
      kind: 'speaking-rate',
      message: `Speaks ${percent} % ${faster ? 'faster' : 'slower'} than the rest of the project (${f1(rate)} vs ${f1(typical.rate)} chars/s).`,
      value: rate,
      typical: typical.rate,
    });
  }
  const lufs = m.integratedLufs;
  if (Number.isFinite(lufs) && typical.lufs !== null && Math.abs(lufs - typical.lufs) > LOUDNESS_LU) {
    findings.push({
      kind: 'loudness',
      message: `${f1(Math.abs(lufs - typical.lufs))} LU ${lufs > typical.lufs ? 'louder' : 'quieter'} than the rest of the project (${f1(lufs)} vs ${f1(typical.lufs)} LUFS).`,
      value: lufs,
      typical: typical.lufs,
    });
  }
  return findings;
}

/** Checks the selected takes of one chapter (or of the whole project when `chapterId` is null). */
export async function qaPass(dir: string, project: Project, chapterId: string | null): Promise<QaFinding[]> {
  if (chapterId !== null && !project.chapters.some((c) => c.id === chapterId)) {
    throw new StudioError({ code: 'NOT_FOUND', message: `There is no chapter "${chapterId}" in this project.` });
  }
  const measured: Array<{ blockId: string; chapterId: string; measures: TakeMeasures }> = [];
  for (const chapter of project.chapters) {
    for (const block of chapter.blocks) {
      const take = selectedTake(block);
      const measures = take && (await takeMeasures(dir, take));
      if (measures) measured.push({ blockId: block.id, chapterId: chapter.id, measures });
    }
  }
  // A silent take has no rate or loudness to speak of; it would only drag the medians down.
  const sound = measured.map((t) => t.measures).filter((m) => !isNearlySilent(m));
  const typical = {
    rate: median(sound.map(rateOf).filter((r) => r !== null)),
    lufs: median(sound.map((m) => m.integratedLufs).filter(Number.isFinite)),
    rms: median(sound.map((m) => m.rmsDbfs)),
  };
  return measured
    .filter((t) => chapterId === null || t.chapterId === chapterId)
    .flatMap((t) =>
      takeFindings(t.measures, typical).map((finding) => ({ blockId: t.blockId, chapterId: t.chapterId, ...finding })),
    );
}
