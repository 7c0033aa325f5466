import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat } from '../../../shared/audio-format';
import { StudioError } from '../../../shared/errors';
import type { LoudnessPreset } from '../../../shared/loudness';
import type { Block, Project } from '../../../shared/project';
import type {
  DeliveryReport,
  ExportedFile,
  ProjectExportRequest,
  ProjectExportResult,
} from '../../../shared/project-session';
import { findClipping } from '../audio/clipping';
import { ANALYSIS_SHARE, encodeAudioFile } from '../audio/encode-file';
import type { ChapterMarker } from '../audio/id3-chapters';
import { mp3SampleRate } from '../audio/mp3';
import type { NormalizeOptions } from '../audio/normalize';
import { planTimeline, type TimelinePlan } from '../audio/pauses';
import { RoomToneMeter, type RoomTone } from '../audio/room-tone';
import { writeSrt, writeVtt } from '../captions/caption-files';
import { timelineCaptions } from '../captions/timeline-captions';
import { writeFileAtomic } from '../fs/atomic-write';
import { exportFileName } from '../studio/export-take';
import {
  deliveryReport,
  findPreset,
  formatDeliveryReport,
  measureWavFile,
  type DeliveryMeasures,
} from './delivery-report';
import {
  chapterParts,
  findUnrendered,
  hasNothingToSay,
  loadScope,
  throwIfCancelled,
  timelineSource,
  type ChapterPart,
} from './project-timeline';

/*
 * `project:export`: the project, its chapters one file each, or some blocks, as WAV, MP3 or Ogg in
 * the project's exports/ folder: selected takes laid out with the project's exact pauses, levelled
 * to a delivery preset, with chapter markers where the format has them, measured once written,
 * and a pass/fail report and captions saved beside each file. All or nothing: a refusal writes
 * nothing, and a cancel or failure removes what this export had written.
 */

export const EXPORTS_DIR = 'exports';
const CANCELLED = 'The export was cancelled.';

export interface ExportProjectOptions {
  dir: string;
  project: Project;
  request: ProjectExportRequest;
  /** Web shell: offers a written file for download and returns its URL; Electron: absent. */
  share?: (path: string, fileName: string) => Promise<string | null>;
  onProgress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

/** One file to write: its name before the extension (not yet made unique) and the blocks it holds. */
interface PlannedFile {
  name: string;
  parts: ChapterPart[];
}

/** Progress closer to the last report than this, in the same stage, is not worth an IPC message. */
const PROGRESS_STEP = 0.01;
/** How many chapters or ids a refusal names before "and N more". */
const NAMED = 3;

const chapterTitle = (part: ChapterPart) => part.chapter.title.trim() || `Chapter ${part.number}`;

function refuse(message: string, hint: string): StudioError {
  return new StudioError({ code: 'BAD_INPUT', message, hint });
}

function unknownIds(kind: string, ids: readonly string[], known: ReadonlySet<string>): void {
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  throw new StudioError({
    code: 'NOT_FOUND',
    message: `${unknown.length} of the ${kind} to export ${unknown.length === 1 ? 'is' : 'are'} not in this project (${unknown.slice(0, NAMED).join(', ')}).`,
    hint: 'The project changed since they were chosen: choose again.',
  });
}

/** The files a request asks for. Blocks with nothing to say are left out; a scope left empty is refused. */
function planFiles(project: Project, scope: ProjectExportRequest['scope']): PlannedFile[] {
  const speaks = (block: Block) => !hasNothingToSay(block);
  let files: PlannedFile[];
  let empty: string;
  if (scope.kind === 'project') {
    files = [{ name: project.name, parts: chapterParts(project, speaks) }];
    empty = 'the project has no blocks with text.';
  } else if (scope.kind === 'chapters') {
    if (scope.chapterIds) unknownIds('chapters', scope.chapterIds, new Set(project.chapters.map((c) => c.id)));
    const wanted = scope.chapterIds && new Set(scope.chapterIds);
    const width = Math.max(2, String(project.chapters.length).length);
    files = chapterParts(project, speaks)
      .filter((part) => !wanted || wanted.has(part.chapter.id))
      .map((part) => ({
        name: `${project.name} - ${String(part.number).padStart(width, '0')} ${part.chapter.title}`,
        parts: [part],
      }));
    empty =
      scope.chapterIds?.length === 0 ? 'no chapters were chosen.' : 'the chosen chapters have no blocks with text.';
  } else {
    const ids = new Set(scope.blockIds);
    unknownIds('blocks', scope.blockIds, new Set(project.chapters.flatMap((c) => c.blocks.map((b) => b.id))));
    files = [{ name: `${project.name} (selection)`, parts: chapterParts(project, (b) => ids.has(b.id) && speaks(b)) }];
    empty = 'the selected blocks have no text.';
  }
  files = files.filter((file) => file.parts.length > 0);
  if (files.length === 0)
    throw refuse(`There is nothing to export: ${empty}`, 'Write or import a script, render it, then export.');
  return files;
}

/** Refuses, before anything is written, an export with blocks lacking a selected take or its audio. */
async function checkRendered(dir: string, files: readonly PlannedFile[]): Promise<void> {
  const missing = await findUnrendered(
    dir,
    files.flatMap((f) => f.parts),
  );
  if (missing.length === 0) return;
  const chapters = [...new Map(missing.map((m) => [m.part.chapter.id, m.part])).values()];
  const named = chapters.slice(0, NAMED).map((p) => `chapter ${p.number} "${chapterTitle(p)}"`);
  if (chapters.length > NAMED) named.push(`${chapters.length - NAMED} more chapters`);
  const n = missing.length;
  throw refuse(
    `${n} block${n === 1 ? ' is' : 's are'} not rendered, in ${named.join(', ')}. Nothing was exported.`,
    'Render them first (Render stale), then export again.',
  );
}

/**
 * Unique names for the files: the safe form of each planned name, with " (2)", " (3)"… added
 * until neither the audio nor its report or captions would replace a file already in exports/
 * (compared without case, as macOS and Windows do) or another file of this export.
 */
async function uniqueNames(
  exportsDir: string,
  files: readonly PlannedFile[],
  companions: (name: string) => string[],
  format: ExportFormat,
): Promise<string[]> {
  const taken = new Set((await readdir(exportsDir)).map((f) => f.toLowerCase()));
  return files.map((file) => {
    const safe = exportFileName(file.name, format, null).slice(0, -(format.length + 1));
    for (let n = 1; ; n++) {
      const name = n === 1 ? safe : `${safe} (${n})`;
      const names = companions(name).map((f) => f.toLowerCase());
      if (names.some((f) => taken.has(f))) continue;
      for (const f of names) taken.add(f);
      return name;
    }
  });
}

/** What a preset asks the levelling to do: integrated loudness, or ACX's RMS aimed mid-range under its peak ceiling. */
function normalizeFor(preset: LoudnessPreset | null): NormalizeOptions | undefined {
  if (!preset) return undefined;
  const t = preset.target;
  if (t.kind === 'integrated') return { targetLufs: t.targetLufs, truePeakCeilingDbtp: t.truePeakCeilingDbtp };
  // Mid-range leaves room both ways; the true-peak ceiling is the stricter reading of ACX's sample-peak one.
  return { targetLufs: (t.minRmsDbfs + t.maxRmsDbfs) / 2, truePeakCeilingDbtp: t.samplePeakCeilingDbfs, level: 'rms' };
}

/**
 * One marker per chapter when the file holds several (a single chapter needs none). The first
 * starts at 0 so that the head room belongs to it; each ends where the next starts, at the first
 * sound of its first block, so skipping to a chapter lands on its first word.
 */
function chapterMarkers(plan: TimelinePlan, parts: readonly ChapterPart[], format: ExportFormat): ChapterMarker[] {
  if (format === 'ogg' || parts.length < 2) return [];
  const ms = (sample: number) => (sample * 1000) / plan.sampleRate;
  return plan.chapters.map((chapter, i) => ({
    startMs: i === 0 ? 0 : ms(chapter.start),
    endMs: ms(plan.chapters[i + 1]?.start ?? plan.length),
    title: chapterTitle(parts[i]!),
  }));
}

const FORMAT_NAMES: Record<ExportFormat, string> = { wav: 'WAV (16-bit)', mp3: 'MP3', ogg: 'Ogg Vorbis' };

/** Progress of one file: its share of the whole export and the stage it is in. */
type FileProgress = (fraction: number, stage: string) => void;

interface WrittenAudio {
  /** What the encoder measured; for WAV the file is measured again as read back. */
  encoded: Pick<DeliveryMeasures, 'loudness' | 'durationSeconds'> & { sampleRate: number };
  clippedSeconds: number;
  /** Measured on the encoder's input (MP3, Ogg); null for WAV, which is read back instead. */
  roomTone: RoomTone | null;
  /** The caption files' texts, in the order of the request's `captions`. */
  captions: string[];
  markers: number;
}

/**
 * Loads, lays out, levels, encodes and writes one audio file; returns only small figures, so that
 * the takes' audio and the encoded bytes can be freed before the file is measured.
 */
async function writeAudio(
  options: ExportProjectOptions,
  file: PlannedFile,
  path: string,
  progress: FileProgress,
): Promise<WrittenAudio> {
  const { dir, project, request, signal } = options;
  const { input, captions } = await loadScope(dir, project, file.parts, {
    signal,
    onBlock: (done, total) => progress((0.3 * done) / total, 'Loading takes'),
  });
  progress(0.3, 'Assembling');
  const plan = planTimeline(input);
  const clippedSeconds = input.chapters
    .flatMap((c) => c.blocks)
    .reduce((sum, b) => sum + findClipping(b.pcm).samples / b.sampleRate, 0);
  const cues = request.captions.length ? timelineCaptions(plan, captions) : [];
  const markers = chapterMarkers(plan, file.parts, request.format);
  const normalize = normalizeFor(findPreset(request.presetId));
  // MP3 and Ogg are measured on what the encoder is given: the studio has no decoder for them.
  const rate = request.format === 'mp3' ? mp3SampleRate(request.sampleRate) : request.sampleRate;
  const roomTone = request.format === 'wav' ? null : new RoomToneMeter(rate);
  const encoded = await encodeAudioFile(timelineSource(plan), plan.sampleRate, {
    format: request.format,
    sampleRate: request.sampleRate,
    normalize,
    chapters: markers,
    onEncoderInput: roomTone ? (chunk) => roomTone.push(chunk) : undefined,
    onProgress: (f) => progress(0.3 + 0.55 * f, normalize && f < ANALYSIS_SHARE ? 'Normalising' : 'Encoding'),
    signal,
  });
  throwIfCancelled(signal, CANCELLED);
  progress(0.85, 'Writing');
  await writeFileAtomic(path, encoded.bytes);
  return {
    encoded: { loudness: encoded.loudness, durationSeconds: encoded.durationSeconds, sampleRate: encoded.sampleRate },
    clippedSeconds,
    roomTone: roomTone?.result() ?? null,
    captions: request.captions.map((kind) => (kind === 'srt' ? writeSrt(cues) : writeVtt(cues))),
    markers: markers.length,
  };
}

/** Exports a project scope; see the top of this file. */
export async function exportProject(options: ExportProjectOptions): Promise<ProjectExportResult> {
  const { dir, project, request, signal } = options;
  const { format } = request;
  const files = planFiles(project, request.scope);
  await checkRendered(dir, files);
  throwIfCancelled(signal, CANCELLED);
  const preset = findPreset(request.presetId);
  const exportsDir = join(dir, EXPORTS_DIR);
  await mkdir(exportsDir, { recursive: true });
  const audioName = (name: string) => `${name}.${format}`;
  const reportName = (name: string) => `${audioName(name)}.report.txt`;
  const names = await uniqueNames(
    exportsDir,
    files,
    (name) => [audioName(name), reportName(name), ...request.captions.map((kind) => `${name}.${kind}`)],
    format,
  );

  let reported = { fraction: -1, stage: '' };
  const report = (value: number, stage: string) => {
    // Never backwards, not even by a rounding error between two stages' shares.
    const fraction = Math.max(value, reported.fraction);
    if (stage === reported.stage && fraction - reported.fraction < PROGRESS_STEP && fraction < 1) return;
    reported = { fraction, stage };
    options.onProgress?.(fraction, stage);
  };
  const weights = files.map((f) => f.parts.reduce((n, p) => n + p.blocks.length, 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const written: ExportedFile[] = [];
  const reports: DeliveryReport[] = [];
  let markers = 0;
  let doneWeight = 0;
  const listed = (fileName: string, kind: ExportedFile['kind'], fileFormat: ExportedFile['format']) => {
    const path = join(exportsDir, fileName);
    written.push({ fileName, kind, format: fileFormat, path, downloadUrl: null });
    return path;
  };
  try {
    for (const [i, file] of files.entries()) {
      const name = names[i]!;
      const suffix = files.length > 1 ? ` (file ${i + 1} of ${files.length})` : '';
      const progress: FileProgress = (fraction, stage) =>
        report((doneWeight + fraction * weights[i]!) / totalWeight, `${stage}${suffix}`);
      const audio = await writeAudio(options, file, join(exportsDir, audioName(name)), progress);
      const path = listed(audioName(name), 'audio', format);
      markers += audio.markers;

      progress(0.88, 'Measuring');
      const measures: DeliveryMeasures = audio.roomTone
        ? { ...audio.encoded, roomTone: audio.roomTone, clippedSeconds: audio.clippedSeconds }
        : {
            ...(await measureWavFile(path, { signal, onProgress: (f) => progress(0.88 + 0.09 * f, 'Measuring') })),
            clippedSeconds: audio.clippedSeconds,
          };
      const delivery = deliveryReport({
        fileName: audioName(name),
        reportFileName: reportName(name),
        preset,
        measures,
      });
      reports.push(delivery);
      progress(0.97, 'Writing');
      const codec = FORMAT_NAMES[format];
      const text = formatDeliveryReport(delivery, {
        preset,
        date: options.now?.() ?? new Date(),
        file: `${codec}, ${audio.encoded.sampleRate} Hz, mono`,
        measuredOn:
          format === 'wav'
            ? 'the file as written, read back from disk'
            : `the samples handed to the ${codec} encoder (the studio has no ${codec} decoder; lossy encoding can move peaks by a few tenths of a dB)`,
      });
      await writeFileAtomic(listed(reportName(name), 'report', 'txt'), text);
      for (const [k, kind] of request.captions.entries()) {
        await writeFileAtomic(listed(`${name}.${kind}`, 'captions', kind), audio.captions[k]!);
      }
      throwIfCancelled(signal, CANCELLED);
      doneWeight += weights[i]!;
    }
    if (options.share) {
      for (const f of written) f.downloadUrl = await options.share(f.path, f.fileName);
    }
  } catch (error) {
    await Promise.all(written.map((f) => rm(f.path, { force: true })));
    throw error;
  }
  report(1, 'Done');
  return { files: written, reports, chapterMarkers: markers };
}
