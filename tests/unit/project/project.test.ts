import { describe, expect, it } from 'vitest';
import {
  PROJECT_FORMAT_VERSION,
  PROJECT_LIMITS,
  ProjectSchema,
  migrateProject,
  parseProject,
  type Project,
} from '../../../shared/project';
import { StudioError } from '../../../shared/errors';
import { sampleProject, sampleTake } from './sample';

/** A deep copy to break in one place. */
const copy = (project: Project) => structuredClone(project) as Project & Record<string, unknown>;

function badInput(run: () => unknown): StudioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('BAD_INPUT');
    return error as StudioError;
  }
  throw new Error('expected BAD_INPUT');
}

describe('project schema', () => {
  it('accepts a sample project and round-trips it through JSON', () => {
    const project = sampleProject();
    expect(parseProject(JSON.parse(JSON.stringify(project)))).toEqual(project);
  });

  it.each<[string, (p: Project) => void, string]>([
    ['a block naming a speaker not in the cast', (p) => (p.chapters[0]!.blocks[0]!.speakerId = 'ghost'), 'speakerId'],
    ['a default speaker not in the cast', (p) => (p.defaults.speakerId = 'ghost'), 'defaults.speakerId'],
    [
      'a selected take that is not one of the block',
      (p) => (p.chapters[0]!.blocks[1]!.selectedTakeId = 't1'),
      'selectedTakeId',
    ],
    ['two blocks with one id', (p) => (p.chapters[1]!.blocks[0]!.id = 'b1'), 'duplicate id'],
    ['two speakers with one id', (p) => p.cast.push({ ...p.cast[0]! }), 'duplicate speaker id'],
    [
      'a take file outside the audio folder',
      (p) => (p.chapters[0]!.blocks[0]!.takes[0]!.file = '../../etc/passwd'),
      'file',
    ],
    ['a take file in a sub-folder', (p) => (p.chapters[0]!.blocks[0]!.takes[0]!.file = 'sub/t1.wav'), 'file'],
    ['an id with a slash', (p) => (p.chapters[0]!.id = 'a/b'), 'chapters.0.id'],
    ['an empty cast', (p) => (p.cast = []), 'cast'],
    ['a speed out of range', (p) => (p.cast[0]!.voice.speed = 5), 'speed'],
    ['a negative pause', (p) => (p.defaults.pauses.betweenBlocksMs = -1), 'betweenBlocksMs'],
    [
      'a block longer than the limit',
      (p) => (p.chapters[0]!.blocks[0]!.text = 'a'.repeat(PROJECT_LIMITS.blockChars + 1)),
      'text',
    ],
    ['a date that is not a date', (p) => (p.createdAt = 'yesterday'), 'createdAt'],
  ])('refuses %s', (_, breakIt, where) => {
    const project = copy(sampleProject());
    breakIt(project);
    expect(ProjectSchema.safeParse(project).success).toBe(false);
    expect(badInput(() => parseProject(project)).message).toContain(where);
  });

  it('caps the number of takes of a block', () => {
    const project = copy(sampleProject());
    const block = project.chapters[0]!.blocks[0]!;
    block.takes = Array.from({ length: PROJECT_LIMITS.takesPerBlock + 1 }, (_, i) => sampleTake(`x${i}`));
    block.selectedTakeId = null;
    expect(badInput(() => parseProject(project)).message).toContain('takes');
  });

  it('caps the number of blocks across chapters', () => {
    const project = copy(sampleProject());
    const per = PROJECT_LIMITS.blocksPerChapter;
    const chapters = Math.ceil((PROJECT_LIMITS.blocks + 1) / per);
    project.chapters = Array.from({ length: chapters }, (_, c) => ({
      id: `c${c}`,
      title: '',
      blocks: Array.from({ length: per }, (_, b) => ({ ...project.chapters[0]!.blocks[1]!, id: `c${c}b${b}` })),
    }));
    expect(badInput(() => parseProject(project)).message).toContain(`more than ${PROJECT_LIMITS.blocks} blocks`);
  });
});

describe('project format versions', () => {
  it('reads the current version unchanged', () => {
    const project = sampleProject();
    expect(migrateProject(project)).toEqual(project);
  });

  it('refuses a project from a newer studio, saying so', () => {
    const error = badInput(() => parseProject({ ...sampleProject(), formatVersion: PROJECT_FORMAT_VERSION + 1 }));
    expect(error.message).toMatch(/newer version of the studio \(format 2; this one reads up to 1\)/);
    expect(error.hint).toMatch(/Update/);
  });

  it.each([
    ['no version (a pre-release file)', undefined, /format 0 is not one this studio can upgrade/],
    ['a version that is not a number', 'one', /"one" is not a version number/],
    ['a fractional version', 0.5, /0.5 is not a version number/],
  ])('refuses %s', (_, formatVersion, message) => {
    expect(badInput(() => parseProject({ ...sampleProject(), formatVersion })).message).toMatch(message);
  });

  it.each([null, [], 'project', 3])('refuses %j as not a project object', (raw) => {
    expect(badInput(() => migrateProject(raw)).message).toMatch(/not a project file/);
  });

  it('upgrades an older file one step at a time through the migration table', () => {
    // A hand-made v0: speakers were called "voices" and pauses lived at the top level.
    const current = sampleProject();
    const { cast, defaults, formatVersion: _, ...rest } = current;
    const v0 = { ...rest, voices: cast, defaultSpeakerId: defaults.speakerId, exportPresetId: 'acx' };
    const upgraded = migrateProject(v0, {
      0: ({ voices, defaultSpeakerId, exportPresetId, ...others }) => ({
        ...others,
        cast: voices,
        defaults: { speakerId: defaultSpeakerId, pauses: current.defaults.pauses, exportPresetId },
      }),
    });
    expect(ProjectSchema.parse(upgraded)).toEqual({
      ...current,
      defaults: { ...current.defaults, exportPresetId: 'acx' },
    });
  });
});
