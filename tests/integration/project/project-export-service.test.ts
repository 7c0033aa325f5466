import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORTS_DIR } from '../../../electron/engine/project/export-project';
import { useStudio, type StudioUnderTest } from './project-harness';

/** Export and QA through the service: it saves first, reports progress, and offers files where the shell downloads them. */
const start = useStudio();

const REQUEST = {
  scope: { kind: 'project' },
  format: 'wav',
  sampleRate: 44_100,
  presetId: 'podcast',
  captions: ['srt'],
};

/** Renders every block of the open project (the offline engine) and waits until all `blocks` are ready. */
async function renderAll(studio: StudioUnderTest, blocks: number): Promise<void> {
  await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
  await expect
    .poll(async () => Object.values((await studio.invoke('project:get', {}))!.status).map((s) => s.state), {
      timeout: 60_000,
    })
    .toEqual(Array(blocks).fill('ready'));
}

describe('project export and QA through the service', () => {
  it('exports the rendered project into its exports folder, offering each file for download where the shell does', async () => {
    const offered: Array<{ path: string; fileName: string }> = [];
    const studio = await start({
      share: async (path, fileName) => {
        offered.push({ path, fileName });
        return `/downloads/${offered.length}/${encodeURIComponent(fileName)}`;
      },
    });
    const created = await studio.invoke('project:create', { name: 'Export me' });
    await studio.invoke('project:import-script', {
      fileName: 'a.md',
      text: '# One\n\nA short line.\n\n# Two\n\nAnother short line.',
    });
    // Unrendered blocks: refused before anything is written.
    expect(await studio.refusal('project:export', REQUEST)).toMatchObject({
      code: 'BAD_INPUT',
      hint: expect.stringContaining('Render'),
    });

    await renderAll(studio, 2);
    const result = await studio.invoke('project:export', REQUEST);
    expect(result.files.map((f) => f.kind).sort()).toEqual(['audio', 'captions', 'report']);
    for (const file of result.files) {
      expect(file.path.startsWith(join(created.dir, EXPORTS_DIR))).toBe(true);
      await stat(file.path);
      expect(file.downloadUrl).toBe(
        `/downloads/${offered.findIndex((o) => o.path === file.path) + 1}/${encodeURIComponent(file.fileName)}`,
      );
    }
    expect(result.chapterMarkers).toBe(2);
    expect(result.reports[0]).toMatchObject({ presetId: 'podcast' });
    expect(await readFile(result.files.find((f) => f.kind === 'captions')!.path, 'utf8')).toContain('A short line.');
    const progress = studio.eventsOf('project:export-progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)!.fraction).toBe(1);

    const findings = await studio.invoke('project:qa', { chapterId: null });
    expect(Array.isArray(findings)).toBe(true);
    expect(await studio.refusal('project:qa', { chapterId: 'nope' })).toMatchObject({
      code: expect.stringMatching(/NOT_FOUND|BAD_INPUT/),
    });
  });

  it("runs one export at a time: a second asked for meanwhile is refused, and the first one's files are all written", async () => {
    const studio = await start();
    await studio.invoke('project:create', { name: 'One at a time' });
    await studio.invoke('project:import-script', { fileName: 'a.md', text: '# One\n\nA short line.' });
    await renderAll(studio, 1);
    const first = studio.invoke('project:export', REQUEST);
    expect(await studio.refusal('project:export', REQUEST)).toMatchObject({
      code: 'BAD_INPUT',
      message: 'An export is already running.',
      hint: expect.stringContaining('Wait for it to finish'),
    });
    const done = await first;
    for (const file of done.files) await stat(file.path);
    // Once it has finished, the next export goes ahead.
    const next = await studio.invoke('project:export', REQUEST);
    expect(next.files.map((f) => f.kind).sort()).toEqual(['audio', 'captions', 'report']);
  });
});
