/**
 * ID3v2.4 chapter tags (the ID3v2 Chapter Frame Addendum): one CHAP frame per chapter, each with a
 * TIT2 title, and a CTOC table of contents listing them in order — what podcast and audiobook
 * players read as chapters. Text is UTF-8 (ID3v2.4 encoding 3), so any language's titles survive.
 */
import { StudioError } from '../../../shared/errors';

export interface ChapterMarker {
  startMs: number;
  endMs: number;
  title: string;
}

/** Throws BAD_INPUT unless every chapter runs forwards from 0 or later, within 32-bit milliseconds. */
export function checkChapters(chapters: readonly ChapterMarker[]): void {
  for (const chapter of chapters) {
    if (!(chapter.startMs >= 0 && chapter.endMs >= chapter.startMs && chapter.endMs <= 0xffffffff)) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `Chapter "${chapter.title}" has an invalid time range (${chapter.startMs} to ${chapter.endMs} ms).`,
      });
    }
  }
}

const utf8 = new TextEncoder();

function synchsafe(n: number): number[] {
  return [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
}

function readSynchsafe(b: Uint8Array, at: number): number {
  return ((b[at]! & 0x7f) << 21) | ((b[at + 1]! & 0x7f) << 14) | ((b[at + 2]! & 0x7f) << 7) | (b[at + 3]! & 0x7f);
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function frame(id: string, body: number[]): number[] {
  return [...utf8.encode(id), ...synchsafe(body.length), 0, 0, ...body];
}

function textFrame(id: string, text: string): number[] {
  return frame(id, [3, ...utf8.encode(text)]);
}

/** An ID3v2.4 tag holding the chapters, to put before the first MP3 frame. */
export function encodeId3Chapters(chapters: readonly ChapterMarker[]): Uint8Array {
  // CTOC counts its entries in one byte.
  if (chapters.length > 255) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `At most 255 chapters fit an MP3 table of contents (got ${chapters.length}).`,
    });
  }
  checkChapters(chapters);
  const ids = chapters.map((_, i) => `chp${i}`);
  const frames: number[] = [];
  const toc = [...utf8.encode('toc'), 0, 0x03 /* top-level, ordered */, chapters.length];
  for (const id of ids) toc.push(...utf8.encode(id), 0);
  frames.push(...frame('CTOC', toc));
  chapters.forEach((chapter, i) => {
    const times = [chapter.startMs, chapter.endMs, 0xffffffff, 0xffffffff].flatMap((t) => u32(Math.round(t)));
    const body = [...utf8.encode(ids[i]!), 0, ...times];
    frames.push(...frame('CHAP', [...body, ...textFrame('TIT2', chapter.title)]));
  });
  return Uint8Array.from([...utf8.encode('ID3'), 4, 0, 0, ...synchsafe(frames.length), ...frames]);
}

/** Length of the ID3v2 tag at `offset` (header, frames and footer), 0 when there is none. */
export function id3v2Length(bytes: Uint8Array, offset = 0): number {
  if (
    offset + 10 > bytes.length ||
    bytes[offset] !== 0x49 ||
    bytes[offset + 1] !== 0x44 ||
    bytes[offset + 2] !== 0x33
  ) {
    return 0;
  }
  const footer = bytes[offset + 5]! & 0x10 ? 10 : 0;
  return 10 + readSynchsafe(bytes, offset + 6) + footer;
}

/** Reads the CHAP frames (with their TIT2 titles) of an ID3v2.3 or 2.4 tag at the start of a file. */
export function readId3Chapters(bytes: Uint8Array): ChapterMarker[] {
  const length = id3v2Length(bytes);
  if (length === 0) return [];
  const version = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chapters: ChapterMarker[] = [];
  /** Calls `visit` with each frame's id and body range in [from, to). */
  const walk = (from: number, to: number, visit: (id: string, start: number, end: number) => void) => {
    for (let at = from; at + 10 <= to && bytes[at] !== 0;) {
      const size = version >= 4 ? readSynchsafe(bytes, at + 4) : view.getUint32(at + 4);
      visit(String.fromCharCode(...bytes.subarray(at, at + 4)), at + 10, Math.min(to, at + 10 + size));
      at += 10 + size;
    }
  };
  walk(10, length, (id, start, end) => {
    if (id !== 'CHAP') return;
    const idEnd = bytes.indexOf(0, start);
    const chapter = { startMs: view.getUint32(idEnd + 1), endMs: view.getUint32(idEnd + 5), title: '' };
    walk(idEnd + 17, end, (subId, textStart, textEnd) => {
      if (subId === 'TIT2') chapter.title = decodeText(bytes.subarray(textStart, textEnd));
    });
    chapters.push(chapter);
  });
  return chapters;
}

function decodeText(body: Uint8Array): string {
  const encoding = body[0];
  const label = encoding === 0 ? 'latin1' : encoding === 1 ? 'utf-16' : encoding === 2 ? 'utf-16be' : 'utf-8';
  return new TextDecoder(label).decode(body.subarray(1)).replace(/\0+$/, '');
}
