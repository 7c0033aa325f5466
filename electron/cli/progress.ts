import type { RenderProgress } from '../engine/render-script';

export interface ProgressReporter {
  update(progress: RenderProgress): void;
  done(message: string): void;
}

/**
 * Progress of a long render on stderr: one rewritten line on a terminal, a line every few seconds
 * otherwise (logs and CI), with the time left estimated from characters per second so far.
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  totals: { sentences: number; characters: number },
  quiet: boolean,
): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  let lastLine = 0;
  return {
    update(p) {
      if (quiet) return;
      const now = performance.now();
      const last = p.sentencesDone === totals.sentences;
      if (!tty && !last && now - lastLine < 2000) return;
      lastLine = now;
      const percent = last || !totals.characters ? 100 : Math.round((100 * p.charactersDone) / totals.characters);
      const rate = p.charactersDone / Math.max(p.elapsedMs, 1);
      const leftS = rate > 0 ? (totals.characters - p.charactersDone) / rate / 1000 : NaN;
      const left = last || !Number.isFinite(leftS) ? '' : `, about ${formatSeconds(leftS)} left`;
      const line = `  ${p.sentencesDone}/${totals.sentences} sentences (${percent}%), ${p.audioSeconds.toFixed(1)} s of audio${left}`;
      stream.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    done(message) {
      if (quiet) return;
      stream.write(tty ? `\r\x1b[K${message}\n` : `${message}\n`);
    },
  };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
