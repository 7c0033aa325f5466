/**
 * The inline markup the API accepts in a transcript (asyncai-api.md §4.8): `<break time='400ms'/>`,
 * `<digits>…</digits>` and `<phonemes>…</phonemes>`. One parser serves the sentence splitter (never
 * split inside a tag), the offline engine and the simulator (which speak it), and the editor helpers.
 */
export type MarkupSegment =
  | { type: 'text'; text: string }
  | { type: 'break'; ms: number }
  | { type: 'digits'; text: string }
  | { type: 'phonemes'; ipa: string };

/** Matches one markup element; the sentence splitter treats each match as unbreakable. */
export const MARKUP_ELEMENT = /<break\b[^>]*\/>|<digits>[\s\S]*?<\/digits>|<phonemes>[\s\S]*?<\/phonemes>/gi;

/** Parses `400ms`, `1.5s`, `2 s`. Returns null when the value is not a duration. */
export function parseBreakTime(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2]!.toLowerCase() === 's' ? n * 1000 : n;
}

export function parseMarkup(transcript: string): MarkupSegment[] {
  const segments: MarkupSegment[] = [];
  let last = 0;
  for (const match of transcript.matchAll(MARKUP_ELEMENT)) {
    if (match.index > last) segments.push({ type: 'text', text: transcript.slice(last, match.index) });
    const element = match[0];
    if (/^<break/i.test(element)) {
      const time = /time\s*=\s*["']([^"']*)["']/i.exec(element)?.[1];
      segments.push({ type: 'break', ms: (time ? parseBreakTime(time) : null) ?? 0 });
    } else if (/^<digits>/i.test(element)) {
      segments.push({ type: 'digits', text: element.slice(8, -9) });
    } else {
      segments.push({ type: 'phonemes', ipa: element.slice(10, -11) });
    }
    last = match.index + element.length;
  }
  if (last < transcript.length) segments.push({ type: 'text', text: transcript.slice(last) });
  return segments;
}

/** Text with markup removed, as a person would read it: what caption and cost figures count. */
export function plainText(transcript: string): string {
  return parseMarkup(transcript)
    .map((s) => (s.type === 'text' || s.type === 'digits' ? s.text : ''))
    .join('');
}

export const breakTag = (ms: number) => `<break time='${Math.round(ms)}ms'/>`;
export const digitsTag = (text: string) => `<digits>${text}</digits>`;
export const phonemesTag = (ipa: string) => `<phonemes>${ipa}</phonemes>`;
