/** One caption: shown from `startMs` to `endMs` (ms in the exported audio), one or two lines. */
export interface CaptionCue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/** `00:00:01,234` (SRT) or `00:00:01.234` (WebVTT); hours grow past 99 rather than wrapping. */
export function formatTimestamp(ms: number, format: 'srt' | 'vtt'): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1000) % 60;
  const millis = total % 1000;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${format === 'srt' ? ',' : '.'}${pad(millis, 3)}`;
}

/** A caption line never holds a line break, and a blank line would end the cue early in both formats. */
function cleanLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/** Writes SubRip: numbered cues; an arrow in the text is defused so no line reads as a timing line. */
export function writeSrt(cues: readonly CaptionCue[]): string {
  return cues
    .map((cue, i) =>
      [
        String(i + 1),
        `${formatTimestamp(cue.startMs, 'srt')} --> ${formatTimestamp(cue.endMs, 'srt')}`,
        ...cue.lines.map((l) => cleanLine(l).replace(/-->/g, '->')).filter(Boolean),
      ].join('\r\n'),
    )
    .map((block) => `${block}\r\n\r\n`)
    .join('');
}

/** Escapes cue text for WebVTT, where `&`, `<` and `>` are markup (`-->` is covered by `>`). */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes WebVTT: the `WEBVTT` header, then numbered cues with `.` millisecond timestamps. */
export function writeVtt(cues: readonly CaptionCue[]): string {
  const body = cues.map((cue, i) =>
    [
      String(i + 1),
      `${formatTimestamp(cue.startMs, 'vtt')} --> ${formatTimestamp(cue.endMs, 'vtt')}`,
      ...cue.lines.map((l) => escapeVtt(cleanLine(l))).filter(Boolean),
    ].join('\n'),
  );
  return ['WEBVTT', ...body].join('\n\n') + '\n';
}
