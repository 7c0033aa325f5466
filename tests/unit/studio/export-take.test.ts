import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../../electron/engine/studio/export-take';
import { takeNameFor } from '../../../electron/engine/studio/play-session';

describe('export file names', () => {
  it.each([
    ['Chapter 1', 'wav', null, 'Chapter 1.wav'],
    ['../../etc/passwd', 'mp3', null, 'etc passwd.mp3'],
    ['a\\b:c*d?e"f<g>h|i', 'ogg', null, 'a b c d e f g h i.ogg'],
    ['line\nbreak\u0000nul', 'wav', null, 'line break nul.wav'],
    ['...', 'wav', null, 'Take.wav'],
    ['   ', 'wav', null, 'Take.wav'],
    ['Intro', 'wav', { startSeconds: 1.25, endSeconds: 3 }, 'Intro (1.3-3.0 s).wav'],
    ['x'.repeat(300), 'mp3', null, `${'x'.repeat(80)}.mp3`],
  ] as const)('%j as %s → %j', (name, format, region, expected) => {
    expect(exportFileName(name, format, region)).toBe(expected);
  });
});

describe('take names', () => {
  it('names a take after the start of its script, without markup', () => {
    expect(takeNameFor('Hello <break time="1s"/> world.')).toBe('Hello world.');
    expect(takeNameFor('<break time="1s"/>')).toBe('Untitled take');
    expect(takeNameFor('One two three four five six seven eight nine ten eleven twelve')).toBe(
      'One two three four five six seven eight nine…',
    );
  });
});
