import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { FliteEngine } from '../../../electron/engine/offline/flite';
import { speakTranscript } from '../../../electron/engine/offline/speak-markup';
import { qaPass } from '../../../electron/engine/project/qa-pass';
import { FIXTURE_RATE, makeProject, rejection, type FixtureBlock } from './export-fixture';
import { useTempDir } from './sample';

const dir = useTempDir();

const LINES = [
  'It was a bright cold day in April, and the clocks were striking thirteen.',
  'The hallway smelt of boiled cabbage and old rag mats.',
  'Outside, even through the shut window, the world looked cold.',
  'Somewhere far away a helicopter skimmed down between the roofs.',
  'He moved over to the window, a smallish, frail figure.',
  'His hair was very fair, his face naturally sanguine.',
];

const engine = new FliteEngine();
/** Each line spoken by Flite at normal speed, and the first two at speed 2.0, at the project rate. */
let normal: Float32Array[];
let fast: Float32Array[];
beforeAll(async () => {
  const speak = (text: string, speed?: number) =>
    speakTranscript(engine, text, { voice: 'slt', sampleRate: FIXTURE_RATE, speed });
  normal = await Promise.all(LINES.map((line) => speak(line)));
  fast = await Promise.all(LINES.slice(0, 2).map((line) => speak(line, 2)));
}, 60_000);
afterAll(() => engine.close());

const block = (i: number, pcm: Float32Array = normal[i]!): FixtureBlock => ({ text: LINES[i]!, pcm });
const scaled = (pcm: Float32Array, gain: number) => pcm.map((s) => Math.max(-1, Math.min(1, s * gain)));

describe('qaPass', () => {
  it('finds nothing in a project read evenly by one voice', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0), block(1), block(2)] },
      { title: 'Two', blocks: [block(3), block(4), block(5)] },
    ]);
    expect(await qaPass(dir(), project, null)).toEqual([]);
  });

  it('flags a block rendered at speed 2.0 among normal ones, in plain words with the figures', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0, fast[0]), block(1), block(2), block(3), block(4), block(5)] },
    ]);
    const findings = await qaPass(dir(), project, null);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ blockId: 'b1', chapterId: 'c1', kind: 'speaking-rate' });
    expect(finding!.value / finding!.typical!).toBeGreaterThan(1.35);
    expect(finding!.message).toMatch(
      /^Speaks \d+ % faster than the rest of the project \(\d+\.\d vs \d+\.\d chars\/s\)\.$/,
    );
    const percent = Number(/Speaks (\d+) %/.exec(finding!.message)![1]);
    expect(percent).toBe(Math.round((finding!.value / finding!.typical! - 1) * 100));
  });

  it('flags a nearly silent take, and says nothing of its rate or loudness', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0), block(1, scaled(normal[1]!, 0.001)), block(2), block(3)] },
    ]);
    const findings = await qaPass(dir(), project, null);
    expect(findings.map((f) => [f.blockId, f.kind])).toEqual([['b2', 'near-silent']]);
    expect(findings[0]!.message).toMatch(/^Nearly silent \(RMS -\d+\.\d dBFS, \d+ % of it audible\)/);
    expect(findings[0]!.value).toBeLessThan(-50);
  });

  it('flags a clipped take (and how much louder it is)', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0), block(1), block(2, scaled(normal[2]!, 12)), block(3), block(4)] },
    ]);
    const findings = await qaPass(dir(), project, null);
    expect(findings.map((f) => [f.blockId, f.kind])).toEqual([
      ['b3', 'clipped'],
      ['b3', 'loudness'],
    ]);
    expect(findings[0]!.message).toMatch(/^Clipped: the wave is flattened at full scale in \d+ places/);
    expect(findings[0]!.value).toBeGreaterThan(0);
    expect(findings[1]!.message).toMatch(
      /^\d+\.\d LU louder than the rest of the project \(-?\d+\.\d vs -\d+\.\d LUFS\)\.$/,
    );
  });

  it('flags a take much quieter than the rest', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0), block(1), block(2, scaled(normal[2]!, 0.4)), block(3), block(4)] },
    ]);
    const findings = await qaPass(dir(), project, null);
    expect(findings.map((f) => [f.blockId, f.kind])).toEqual([['b3', 'loudness']]);
    const original = measureLoudness(normal[2]!, FIXTURE_RATE).integratedLufs;
    expect(findings[0]!.value).toBeCloseTo(original + 20 * Math.log10(0.4), 1);
    expect(findings[0]!.typical! - findings[0]!.value).toBeGreaterThan(4);
    expect(findings[0]!.message).toContain('LU quieter than the rest of the project');
  });

  it("checks one chapter against the whole project's medians", async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(2), block(3), block(4), block(5)] },
      { title: 'Two', blocks: [block(0, fast[0]), block(1, fast[1])] },
    ]);
    const findings = await qaPass(dir(), project, 'c2');
    expect(findings.map((f) => [f.blockId, f.chapterId, f.kind])).toEqual([
      ['b5', 'c2', 'speaking-rate'],
      ['b6', 'c2', 'speaking-rate'],
    ]);
    expect(await qaPass(dir(), project, 'c1')).toEqual([]);
  });

  it('does not count blocks without a take, or whose audio is gone', async () => {
    const project = await makeProject(dir(), [
      { title: 'One', blocks: [block(0), { text: LINES[1]!, pcm: null }, block(2, fast[0]), block(3), block(4)] },
    ]);
    await rm(join(dir(), 'audio', 't3.wav'));
    expect(await qaPass(dir(), project, null)).toEqual([]);
  });

  it('judges no rate or loudness with fewer than three takes to compare', async () => {
    const project = await makeProject(dir(), [{ title: 'One', blocks: [block(0), block(1, fast[1])] }]);
    expect(await qaPass(dir(), project, null)).toEqual([]);
  });

  it('refuses a chapter the project does not have', async () => {
    const project = await makeProject(dir(), [{ title: 'One', blocks: [block(0)] }]);
    const error = await rejection(qaPass(dir(), project, 'nope'));
    expect(error.code).toBe('NOT_FOUND');
  });
});
