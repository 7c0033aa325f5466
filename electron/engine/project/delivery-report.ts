import { readFile } from 'node:fs/promises';
import { LOUDNESS_PRESETS, type LoudnessPreset, type LoudnessReport } from '../../../shared/loudness';
import type { DeliveryCheck, DeliveryReport } from '../../../shared/project-session';
import { JOB_CHUNK, runJobAsync, type ChunkedJob } from '../audio/chunked-job';
import { LoudnessMeter } from '../audio/loudness';
import { decodePcm } from '../audio/pcm-codec';
import { RoomToneMeter, type RoomTone } from '../audio/room-tone';
import { readWavLayout } from '../audio/wav';

/*
 * The pass/fail report of an exported file against a delivery spec (LOUDNESS_PRESETS), from what
 * was measured after the file was written, and its plain-text form saved beside the file.
 */

/** What a written file holds, as the checks need it. */
export interface DeliveryMeasures {
  loudness: LoudnessReport;
  roomTone: RoomTone;
  durationSeconds: number;
  /** Seconds of clipped samples in the takes the file was made from (see `clippingCheck`). */
  clippedSeconds: number;
}

/** An integrated-loudness spec is met within this many LU of its target (EBU R128's tolerance for programmes). */
export const INTEGRATED_TOLERANCE_LU = 1;
/** ACX asks for 0.5 to 1 s of room tone before the first sound and 1 to 5 s after the last. */
export const ACX_ROOM_TONE = { head: { min: 0.5, max: 1 }, tail: { min: 1, max: 5 } } as const;

export function findPreset(id: string | null): LoudnessPreset | null {
  return id === null ? null : (LOUDNESS_PRESETS.find((p) => p.id === id) ?? null);
}

const between = (min: number, max: number) => `between ${min} and ${max}`;
const atMost = (max: number) => `at most ${max}`;
/** Room tone is judged to the millisecond, the unit pauses are set in: 0.4999 s of a 500 ms head is 500 ms. */
const toMs = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Clipping is counted in the takes, before levelling: the limiter keeps the file's peaks under the
 * ceiling, so the file's own peaks no longer show it, but the flattened waves are still heard.
 */
function clippingCheck(m: DeliveryMeasures): DeliveryCheck {
  return {
    label: 'Clipping in the takes',
    value: m.clippedSeconds,
    unit: 's',
    limit: 'none',
    passed: m.clippedSeconds === 0,
  };
}

function roomToneChecks(m: DeliveryMeasures): DeliveryCheck[] {
  const head = toMs(m.roomTone.headSeconds);
  const tail = toMs(m.roomTone.tailSeconds);
  const { head: h, tail: t } = ACX_ROOM_TONE;
  return [
    {
      label: 'Room tone at the head',
      value: head,
      unit: 's',
      limit: between(h.min, h.max),
      passed: head >= h.min && head <= h.max,
    },
    {
      label: 'Room tone at the tail',
      value: tail,
      unit: 's',
      limit: between(t.min, t.max),
      passed: tail >= t.min && tail <= t.max,
    },
  ];
}

/**
 * The checks of a spec. With no preset the level is left as rendered and nothing is judged: the
 * same figures are listed for information, each passed, under the limit "no preset".
 */
export function deliveryChecks(preset: LoudnessPreset | null, m: DeliveryMeasures): DeliveryCheck[] {
  const { loudness } = m;
  if (preset === null) {
    const info = (label: string, value: number, unit: DeliveryCheck['unit']): DeliveryCheck => ({
      label,
      value,
      unit,
      limit: 'no preset',
      passed: true,
    });
    return [
      info('Integrated loudness', loudness.integratedLufs, 'LUFS'),
      info('True peak', loudness.truePeakDbtp, 'dBTP'),
      info('RMS level', loudness.rmsDbfs, 'dBFS'),
      info('Room tone at the head', toMs(m.roomTone.headSeconds), 's'),
      info('Room tone at the tail', toMs(m.roomTone.tailSeconds), 's'),
      info('Clipping in the takes', m.clippedSeconds, 's'),
    ];
  }
  const target = preset.target;
  if (target.kind === 'integrated') {
    const { targetLufs: lufs, truePeakCeilingDbtp: ceiling } = target;
    return [
      {
        label: 'Integrated loudness',
        value: loudness.integratedLufs,
        unit: 'LUFS',
        limit: between(lufs - INTEGRATED_TOLERANCE_LU, lufs + INTEGRATED_TOLERANCE_LU),
        passed: Math.abs(loudness.integratedLufs - lufs) <= INTEGRATED_TOLERANCE_LU,
      },
      {
        label: 'True peak',
        value: loudness.truePeakDbtp,
        unit: 'dBTP',
        limit: atMost(ceiling),
        passed: loudness.truePeakDbtp <= ceiling,
      },
      clippingCheck(m),
    ];
  }
  // The RMS spec is ACX's, which also asks for room tone at both ends.
  return [
    {
      label: 'RMS level',
      value: loudness.rmsDbfs,
      unit: 'dBFS',
      limit: between(target.minRmsDbfs, target.maxRmsDbfs),
      passed: loudness.rmsDbfs >= target.minRmsDbfs && loudness.rmsDbfs <= target.maxRmsDbfs,
    },
    {
      label: 'Peak',
      value: loudness.samplePeakDbfs,
      unit: 'dBFS',
      limit: atMost(target.samplePeakCeilingDbfs),
      passed: loudness.samplePeakDbfs <= target.samplePeakCeilingDbfs,
    },
    {
      label: 'Noise floor',
      value: m.roomTone.noiseFloorDbfs,
      unit: 'dBFS',
      limit: atMost(target.maxNoiseFloorDbfs),
      passed: m.roomTone.noiseFloorDbfs <= target.maxNoiseFloorDbfs,
    },
    ...roomToneChecks(m),
    clippingCheck(m),
  ];
}

export function deliveryReport(options: {
  fileName: string;
  reportFileName: string;
  preset: LoudnessPreset | null;
  measures: DeliveryMeasures;
}): DeliveryReport {
  const checks = deliveryChecks(options.preset, options.measures);
  return {
    fileName: options.fileName,
    presetId: options.preset?.id ?? null,
    presetLabel: options.preset?.label ?? 'No preset (level as rendered)',
    passed: checks.every((c) => c.passed),
    checks,
    measured: options.measures.loudness,
    durationSeconds: options.measures.durationSeconds,
    reportFileName: options.reportFileName,
  };
}

/** A level or length for a person: one decimal for levels, two for seconds; digital silence by name. */
export function formatValue(value: number, unit: DeliveryCheck['unit']): string {
  if (value === -Infinity) return 'digital silence';
  return `${value.toFixed(unit === 's' ? 2 : 1)} ${unit}`;
}

function formatDuration(seconds: number): string {
  const total = Math.round(seconds * 10) / 10;
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = (total % 60).toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The report as saved beside the file: plain text a person reads, one check a line. */
export function formatDeliveryReport(
  report: DeliveryReport,
  about: { preset: LoudnessPreset | null; date: Date; file: string; measuredOn: string },
): string {
  const verdictOf = (c: DeliveryCheck) => (about.preset ? (c.passed ? 'PASS' : 'FAIL') : 'measured');
  const rows = report.checks.map((c) => [c.label, formatValue(c.value, c.unit), c.limit, verdictOf(c)]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('   '));
  const m = report.measured;
  const verdict = about.preset
    ? report.passed
      ? 'PASS: the file meets the spec.'
      : `FAIL: ${report.checks.filter((c) => !c.passed).length} check(s) not met.`
    : 'No preset: measured only, nothing judged.';
  return [
    `Delivery report for ${report.fileName}`,
    `Made ${about.date.toISOString()}`,
    '',
    `Preset:    ${report.presetLabel}`,
    ...(about.preset ? [`           ${about.preset.description}`] : []),
    `File:      ${about.file}, ${formatDuration(report.durationSeconds)}`,
    `Measured:  ${about.measuredOn}`,
    `Loudness:  ${formatValue(m.integratedLufs, 'LUFS')} integrated, range ${m.loudnessRangeLu.toFixed(1)} LU, ` +
      `true peak ${formatValue(m.truePeakDbtp, 'dBTP')}, sample peak ${formatValue(m.samplePeakDbfs, 'dBFS')}, ` +
      `RMS ${formatValue(m.rmsDbfs, 'dBFS')}`,
    '',
    ...table,
    '',
    `Overall: ${verdict}`,
    '',
  ].join('\n');
}

/**
 * Measures a WAV file as it is on disk, decoding its 16-bit samples a chunk at a time (the export
 * writes mono 16-bit WAV; anything else is not one of its files and is refused), with a turn of the
 * event loop between chunks like every long audio job.
 */
export async function measureWavFile(
  path: string,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<Pick<DeliveryMeasures, 'loudness' | 'roomTone' | 'durationSeconds'>> {
  const bytes = await readFile(path);
  const layout = readWavLayout(bytes);
  if (layout.audioFormat !== 1 || layout.bits !== 16 || layout.channels !== 1) {
    throw new Error(`${path} is not the mono 16-bit WAV the export writes.`);
  }
  const loudness = new LoudnessMeter(layout.sampleRate);
  const roomTone = new RoomToneMeter(layout.sampleRate);
  const end = layout.dataOffset + layout.dataSize - (layout.dataSize % 2);
  function* measure(): ChunkedJob<void> {
    for (let at = layout.dataOffset; at < end; at += JOB_CHUNK * 2) {
      const chunk = decodePcm(bytes.subarray(at, Math.min(end, at + JOB_CHUNK * 2)), 'pcm_s16le');
      loudness.push(chunk);
      roomTone.push(chunk);
      yield (at - layout.dataOffset) / (end - layout.dataOffset);
    }
  }
  await runJobAsync(measure(), options);
  const tone = roomTone.result();
  return { loudness: loudness.result(), roomTone: tone, durationSeconds: tone.samples / layout.sampleRate };
}
