import { describe, expect, it } from 'vitest';
import { encodeId3Chapters, id3v2Length, readId3Chapters } from '../../../electron/engine/audio/id3-chapters';

describe('id3 chapters', () => {
  it('round-trips chapters, rounding times to whole milliseconds', () => {
    const tag = encodeId3Chapters([
      { startMs: 0, endMs: 999.6, title: 'One' },
      { startMs: 999.6, endMs: 3_600_000, title: '' },
    ]);
    expect(id3v2Length(tag)).toBe(tag.length);
    expect(readId3Chapters(tag)).toEqual([
      { startMs: 0, endMs: 1000, title: 'One' },
      { startMs: 1000, endMs: 3_600_000, title: '' },
    ]);
  });

  it('keeps every ID3 size byte synchsafe (high bit clear), even for a large tag', () => {
    const chapters = Array.from({ length: 200 }, (_, i) => ({
      startMs: i * 1000,
      endMs: i * 1000 + 1000,
      title: 'x'.repeat(300),
    }));
    const tag = encodeId3Chapters(chapters);
    for (let i = 6; i < 10; i++) expect(tag[i]! & 0x80).toBe(0);
    expect(readId3Chapters(tag)).toHaveLength(200);
  });

  it('reads ID3v2.3 CHAP frames with UTF-16 titles (as other tools write them)', () => {
    const title = [0xff, 0xfe, ...[...'Intro'].flatMap((c) => [c.charCodeAt(0), 0])];
    const tit2 = [...'TIT2'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, title.length + 1, 0, 0, 1, ...title]);
    const chap = [...'c1', 0].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c));
    const times = [0, 0, 0, 5, 0, 0, 0, 9, 255, 255, 255, 255, 255, 255, 255, 255];
    const body = [...chap, ...times, ...tit2];
    const frame = [...'CHAP'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, body.length, 0, 0, ...body]);
    const tag = Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, frame.length, ...frame]);
    expect(readId3Chapters(tag)).toEqual([{ startMs: 5, endMs: 9, title: 'Intro' }]);
  });

  it('refuses more than 255 chapters (the CTOC count is one byte) and negative times', () => {
    const many = Array.from({ length: 256 }, (_, i) => ({ startMs: i, endMs: i + 1, title: 'c' }));
    expect(() => encodeId3Chapters(many)).toThrow(/255/);
    expect(() => encodeId3Chapters([{ startMs: -1, endMs: 1, title: 'c' }])).toThrow(/invalid time range/);
  });

  it('finds no tag in other data', () => {
    expect(id3v2Length(Uint8Array.of(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0))).toBe(0);
    expect(readId3Chapters(new Uint8Array(4))).toEqual([]);
  });
});
