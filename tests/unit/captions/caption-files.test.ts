import { describe, expect, it } from 'vitest';
import { escapeVtt, formatTimestamp, writeSrt, writeVtt } from '../../../electron/engine/captions/caption-files';

describe('caption files', () => {
  it('formats timestamps for SRT and WebVTT', () => {
    expect(formatTimestamp(1234, 'srt')).toBe('00:00:01,234');
    expect(formatTimestamp(1234, 'vtt')).toBe('00:00:01.234');
    expect(formatTimestamp(3_723_004.6, 'vtt')).toBe('01:02:03.005');
    expect(formatTimestamp(100 * 3_600_000, 'srt')).toBe('100:00:00,000');
    expect(formatTimestamp(-5, 'srt')).toBe('00:00:00,000');
  });

  it('writes numbered SRT cues separated by blank lines', () => {
    const srt = writeSrt([
      { startMs: 500, endMs: 2100, lines: ['Hello there,', 'general.'] },
      { startMs: 2500, endMs: 3000, lines: ['A --> B & <i>'] },
    ]);
    expect(srt).toBe(
      '1\r\n00:00:00,500 --> 00:00:02,100\r\nHello there,\r\ngeneral.\r\n\r\n' +
        '2\r\n00:00:02,500 --> 00:00:03,000\r\nA -> B & <i>\r\n\r\n',
    );
  });

  it('writes WebVTT with its header and escaped text', () => {
    const vtt = writeVtt([
      { startMs: 0, endMs: 999, lines: ['Fish & chips <b>', 'a --> b'] },
      { startMs: 61_000, endMs: 62_500, lines: ['line\nbreak'] },
    ]);
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.999\nFish &amp; chips &lt;b&gt;\na --&gt; b\n\n' +
        '2\n00:01:01.000 --> 00:01:02.500\nline break\n',
    );
    expect(escapeVtt('<&>')).toBe('&lt;&amp;&gt;');
    expect(writeVtt([])).toBe('WEBVTT\n');
  });
});
