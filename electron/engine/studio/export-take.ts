import { StudioError } from '../../../shared/errors';
import type { ExportRequest, ExportResult } from '../../../shared/ipc-contract';
import { TRUE_PEAK_CEILING_DBTP } from '../../../shared/loudness';
import { encodeAudioFile } from '../audio/encode-file';
import type { EmitEvent } from './dispatch';
import { regionSamples, type Region } from './take-region';
import type { TakeStore } from './take-store';

/** Where an exported file goes: Electron's save dialog, or the web shell's downloads. Null: the user cancelled. */
export interface ExportTarget {
  deliver(fileName: string, bytes: Uint8Array): Promise<{ path: string | null; downloadUrl: string | null } | null>;
}

/** Progress events closer together than this are not worth an IPC message. */
const PROGRESS_STEP = 0.02;
/** Characters no file system accepts in a name (Windows is the strictest). */
const UNSAFE_NAME = /[\\/:*?"<>|\p{Cc}]+/gu;
const NAME_MAX_CHARS = 80;

/** A file name for an export: the take's (or project's) name made safe for any file system, the region if any, the extension. */
export function exportFileName(takeName: string, format: string, region: Region | null): string {
  const base =
    takeName
      .replace(UNSAFE_NAME, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s.]+|[\s.]+$/g, '')
      .slice(0, NAME_MAX_CHARS)
      .trim() || 'Take';
  const part = region ? ` (${region.startSeconds.toFixed(1)}-${region.endSeconds.toFixed(1)} s)` : '';
  return `${base}${part}.${format}`;
}

export interface Exporter {
  exportTake(request: ExportRequest): Promise<ExportResult>;
  /** Shows a file this studio exported in the file manager; any other path is refused. */
  reveal(path: string, show: (path: string) => Promise<boolean>): Promise<boolean>;
}

/**
 * `export:take`: the take (or a region of it) resampled, optionally normalised to the target
 * loudness with peaks under -1 dBTP, encoded, and handed to the shell's target. The loudness
 * reported is measured on exactly the samples written.
 */
export function createExporter(options: { takes: TakeStore; target: ExportTarget; emit: EmitEvent }): Exporter {
  const delivered = new Set<string>();
  return {
    async exportTake({ takeId, format, sampleRate, targetLufs, region }) {
      const audio = await options.takes.audio(takeId);
      const take = options.takes.get(takeId);
      if (!take) throw new StudioError({ code: 'NOT_FOUND', message: `There is no take "${takeId}".` });
      const { start, end } = regionSamples(region, audio.pcm.length, audio.sampleRate);
      let reported = -1;
      const progress = (fraction: number) => {
        if (fraction < 1 && fraction - reported < PROGRESS_STEP) return;
        reported = fraction;
        options.emit('export:progress', { takeId, fraction });
      };
      progress(0);
      const file = await encodeAudioFile(audio.pcm.subarray(start, end), audio.sampleRate, {
        format,
        sampleRate,
        normalize: targetLufs === null ? undefined : { targetLufs, truePeakCeilingDbtp: TRUE_PEAK_CEILING_DBTP },
        // Encoding is most of the work; handing the file over is the last step.
        onProgress: (fraction) => progress(Math.min(0.99, fraction * 0.99)),
      });
      const fileName = exportFileName(take.name, format, region);
      const where = await options.target.deliver(fileName, file.bytes);
      if (!where) throw new StudioError({ code: 'CANCELLED', message: 'The export was cancelled.' });
      if (where.path) delivered.add(where.path);
      progress(1);
      return {
        path: where.path,
        downloadUrl: where.downloadUrl,
        fileName,
        durationSeconds: file.durationSeconds,
        integratedLufs: file.loudness.integratedLufs,
        truePeakDbtp: file.loudness.truePeakDbtp,
      };
    },
    async reveal(path, show) {
      if (!delivered.has(path)) {
        throw new StudioError({
          code: 'NOT_FOUND',
          message: 'The studio only shows files it exported in this session.',
          hint: 'Open the folder from your file manager.',
        });
      }
      return show(path);
    },
  };
}
