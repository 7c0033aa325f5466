import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createProject,
  openProject,
  saveProject,
  saveProjectAs,
  takeAudioPath,
  writeTakeAudio,
} from '../../../electron/engine/project/project-store';
import { StudioError } from '../../../shared/errors';
import { DEFAULT_PAUSES, type Project } from '../../../shared/project';
import { captureLogs } from '../studio/fakes';
import { rejection } from './export-fixture';
import { counterIds, sampleProject, useTempDir } from './sample';

const dir = useTempDir();

const projectDir = () => join(dir(), 'book');
const read = (name: string) => readFile(join(projectDir(), name), 'utf8');
const renamed = (project: Project, name: string): Project => ({ ...project, name });

/** Saves the sample with its two takes' audio on disk, as a render would. */
async function savedSample(): Promise<Project> {
  const project = sampleProject();
  await mkdir(projectDir(), { recursive: true });
  await writeTakeAudio(projectDir(), 't1.wav', new Uint8Array([1, 2, 3]));
  await writeTakeAudio(projectDir(), 't2.wav', new Uint8Array([4, 5, 6]));
  await saveProject(projectDir(), project);
  return project;
}

describe('project store', () => {
  it('creates a project folder with project.json, an audio folder and one narrator', async () => {
    const project = await createProject(projectDir(), 'My book', { newId: counterIds('n') });
    expect((await readdir(projectDir())).sort()).toEqual(['audio', 'project.json']);
    expect(project).toMatchObject({ formatVersion: 1, name: 'My book', chapters: [], lexicon: [] });
    expect(project.cast).toEqual([
      { id: 'n1', name: 'Narrator', voice: { engine: 'offline', voiceId: 'offline:slt', modelId: 'async_flash_v1.0' } },
    ]);
    expect(project.defaults).toEqual({ speakerId: 'n1', pauses: DEFAULT_PAUSES, exportPresetId: 'podcast' });
    const opened = await openProject(projectDir());
    expect(opened).toEqual({ project, recoveredFromBackup: false, messages: [], orphanAudio: [] });
  });

  it('refuses to create a project where one already is, leaving it untouched', async () => {
    await createProject(projectDir(), 'First');
    const before = await read('project.json');
    const error = await rejection(createProject(projectDir(), 'Second'));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('already holds a project');
    expect(await read('project.json')).toBe(before);
  });

  it('keeps the previous version as project.json.bak on every save', async () => {
    const project = await savedSample();
    await saveProject(projectDir(), renamed(project, 'Second'));
    await saveProject(projectDir(), renamed(project, 'Third'));
    expect(JSON.parse(await read('project.json'))).toMatchObject({ name: 'Third' });
    expect(JSON.parse(await read('project.json.bak'))).toMatchObject({ name: 'Second' });
    expect((await readdir(projectDir())).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await openProject(projectDir())).project.name).toBe('Third');
  });

  it('refuses to save an invalid project and writes nothing', async () => {
    const project = await savedSample();
    const before = await read('project.json');
    const broken = { ...project, defaults: { ...project.defaults, speakerId: 'ghost' } };
    const error = await rejection(saveProject(projectDir(), broken));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('defaults.speakerId');
    expect(await read('project.json')).toBe(before);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length / 2)],
    ['not JSON', () => '\u0000\u0000\u0000'],
    ['invalid', (text: string) => text.replace('"formatVersion": 1', '"formatVersion": "x"')],
    ['emptied', () => ''],
  ])('opens from the backup when project.json is %s, says so and keeps the damaged file', async (_, damage) => {
    const project = await savedSample();
    await saveProject(projectDir(), renamed(project, 'Latest'));
    const damaged = damage(await read('project.json'));
    await writeFile(join(projectDir(), 'project.json'), damaged);
    const logs = captureLogs();
    const opened = await openProject(projectDir()).finally(() => logs.restore());
    expect(opened.recoveredFromBackup).toBe(true);
    expect(opened.project).toEqual(project);
    expect(opened.messages).toHaveLength(1);
    expect(opened.messages[0]).toMatch(/project\.json could not be used .*opened from project\.json\.bak/);
    expect(logs.lines.some((l) => l.startsWith('[warn] project'))).toBe(true);
    // project.json holds the good version again, so the next save backs up a good one.
    expect(JSON.parse(await read('project.json'))).toEqual(JSON.parse(await read('project.json.bak')));
    const aside = (await readdir(projectDir())).find((f) => f.startsWith('project.json.damaged-'));
    expect(aside).toBeDefined();
    expect(await read(aside!)).toBe(damaged);
  });

  it('opens from the backup when project.json is missing', async () => {
    const project = await savedSample();
    await saveProject(projectDir(), renamed(project, 'Latest'));
    await rm(join(projectDir(), 'project.json'));
    const logs = captureLogs();
    const opened = await openProject(projectDir()).finally(() => logs.restore());
    expect(opened).toMatchObject({ recoveredFromBackup: true, project });
    expect(opened.messages[0]).toContain('it is missing');
    expect(JSON.parse(await read('project.json'))).toEqual(project);
  });

  it('refuses with BAD_INPUT naming the file when project.json and its backup are both damaged, writing nothing', async () => {
    await savedSample();
    await writeFile(join(projectDir(), 'project.json'), '{"formatVersion": 1');
    await writeFile(join(projectDir(), 'project.json.bak'), '[]');
    const before = (await readdir(projectDir())).sort();
    const error = await rejection(openProject(projectDir()));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(join(projectDir(), 'project.json'));
    expect(error.message).toContain('project.json.bak');
    expect((await readdir(projectDir())).sort()).toEqual(before);
    expect(await read('project.json')).toBe('{"formatVersion": 1');
    expect(await read('project.json.bak')).toBe('[]');
  });

  it('says NOT_FOUND for a folder without a project', async () => {
    await mkdir(projectDir());
    const error = await rejection(openProject(projectDir()));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('refuses a project from a newer studio, not falling back to its older backup, and touches nothing', async () => {
    const project = await savedSample();
    await saveProject(projectDir(), project);
    const backup = await read('project.json.bak');
    const newer = (await read('project.json')).replace('"formatVersion": 1', '"formatVersion": 7');
    await writeFile(join(projectDir(), 'project.json'), newer);
    const before = (await readdir(projectDir())).sort();
    const error = await rejection(openProject(projectDir()));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain(join(projectDir(), 'project.json'));
    expect(error.message).toMatch(/newer version of the studio \(format 7/);
    expect(await read('project.json')).toBe(newer);
    expect(await read('project.json.bak')).toBe(backup);
    expect((await readdir(projectDir())).sort()).toEqual(before);
  });

  it('drops takes whose audio is missing with a message, and lists audio no take uses', async () => {
    const project = await savedSample();
    await rm(takeAudioPath(projectDir(), 't2.wav'));
    await writeTakeAudio(projectDir(), 'rendered-after-save.wav', new Uint8Array([7]));
    const opened = await openProject(projectDir());
    expect(opened.recoveredFromBackup).toBe(false);
    expect(opened.messages).toEqual([
      'Chapter 2, block 1: the audio of take t2 (t2.wav) is missing; the take was dropped.',
    ]);
    expect(opened.project.chapters[1]!.blocks[0]).toMatchObject({ takes: [], selectedTakeId: null });
    expect(opened.project.chapters[0]).toEqual(project.chapters[0]);
    expect(opened.orphanAudio).toEqual(['rendered-after-save.wav']);
  });

  it('falls back to the newest remaining take when the selected one is dropped', async () => {
    const project = await savedSample();
    const block = project.chapters[0]!.blocks[0]!;
    const older = { ...block.takes[0]!, id: 't0', file: 't0.wav' };
    await writeTakeAudio(projectDir(), 't0.wav', new Uint8Array([0]));
    const edited: Project = structuredClone(project);
    edited.chapters[0]!.blocks[0] = { ...block, takes: [older, ...block.takes], selectedTakeId: 't1' };
    await saveProject(projectDir(), edited);
    await rm(takeAudioPath(projectDir(), 't1.wav'));
    const opened = await openProject(projectDir());
    expect(opened.project.chapters[0]!.blocks[0]).toMatchObject({ takes: [older], selectedTakeId: 't0' });
  });

  it('keeps take audio inside the audio folder', () => {
    for (const file of ['../project.json', '/etc/passwd', 'a/b.wav', '..', '.hidden']) {
      expect(() => takeAudioPath(projectDir(), file)).toThrow(StudioError);
    }
    expect(takeAudioPath(projectDir(), 'take-1.wav')).toBe(join(projectDir(), 'audio', 'take-1.wav'));
  });

  it('saves a copy elsewhere with the audio its takes use', async () => {
    const project = await savedSample();
    await writeTakeAudio(projectDir(), 'orphan.wav', new Uint8Array([9]));
    const copyDir = join(dir(), 'copy');
    await saveProjectAs(project, projectDir(), copyDir);
    expect((await readdir(join(copyDir, 'audio'))).sort()).toEqual(['t1.wav', 't2.wav']);
    expect([...(await readFile(join(copyDir, 'audio', 't2.wav')))]).toEqual([4, 5, 6]);
    expect(await openProject(copyDir)).toEqual({ project, recoveredFromBackup: false, messages: [], orphanAudio: [] });
    const error = await rejection(saveProjectAs(project, projectDir(), copyDir));
    expect(error.message).toContain('already holds a project');
  });

  it('save as names a take whose audio cannot be copied and writes no project.json', async () => {
    const project = await savedSample();
    await rm(takeAudioPath(projectDir(), 't2.wav'));
    const copyDir = join(dir(), 'copy');
    const error = await rejection(saveProjectAs(project, projectDir(), copyDir));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('take t2 (t2.wav)');
    expect(await readdir(copyDir)).toEqual(['audio']);
  });
});
