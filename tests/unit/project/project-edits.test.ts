import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { PROJECT_LIMITS, ProjectSchema, type Project } from '../../../shared/project';
import {
  applyProjectEdit,
  applyProjectEdits,
  findBlock,
  UserEditSchema,
  type ProjectEdit,
} from '../../../shared/project-edits';
import { sampleProject, sampleTake } from './sample';

const narrator = (p: Project) => p.defaults.speakerId;
const blockIds = (p: Project) => p.chapters.map((c) => c.blocks.map((b) => b.id));

function refusal(run: () => unknown): StudioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected the edit to be refused');
}

describe('applyProjectEdit', () => {
  it('never changes the project it is given and shares what did not change', () => {
    const before = sampleProject();
    const frozen = structuredClone(before);
    const after = applyProjectEdit(before, { op: 'update-block', blockId: 'b2', text: 'Changed.' });
    expect(before).toEqual(frozen);
    expect(findBlock(after, 'b2').block.text).toBe('Changed.');
    // Untouched chapters and blocks are the same objects, so React re-renders only what changed.
    expect(after.chapters[1]).toBe(before.chapters[1]);
    expect(after.chapters[0]!.blocks[0]).toBe(before.chapters[0]!.blocks[0]);
  });

  it('adds, moves and removes blocks and chapters where asked', () => {
    const p = sampleProject();
    const edits: ProjectEdit[] = [
      { op: 'add-chapter', chapter: { id: 'c0', title: 'Prologue', blocks: [] }, index: 0 },
      { op: 'add-block', chapterId: 'c0', block: { id: 'b0', text: 'Before.', speakerId: narrator(p) } },
      { op: 'move-block', blockId: 'b3', chapterId: 'c1', index: 1 },
      { op: 'remove-block', blockId: 'b2' },
      { op: 'rename-chapter', chapterId: 'c2', title: 'Empty now' },
    ];
    const after = applyProjectEdits(p, edits);
    expect(after.chapters.map((c) => c.title)).toEqual(['Prologue', 'One', 'Empty now']);
    expect(blockIds(after)).toEqual([['b0'], ['b1', 'b3'], []]);
    expect(findBlock(after, 'b0').block).toMatchObject({ locked: false, takes: [], selectedTakeId: null });
    expect(ProjectSchema.safeParse(after).success).toBe(true);
    expect(blockIds(applyProjectEdit(after, { op: 'remove-chapter', chapterId: 'c0' }))).toEqual([['b1', 'b3'], []]);
  });

  it('updates only the fields an update-block names, and null clears a pause override', () => {
    const p = applyProjectEdit(sampleProject(), {
      op: 'update-block',
      blockId: 'b1',
      pauseAfterMs: 1500,
      locked: true,
    });
    expect(findBlock(p, 'b1').block).toMatchObject({
      pauseAfterMs: 1500,
      locked: true,
      text: 'It was a bright cold day.',
    });
    expect(
      findBlock(applyProjectEdit(p, { op: 'update-block', blockId: 'b1', pauseAfterMs: null }), 'b1').block,
    ).toMatchObject({ pauseAfterMs: null, locked: true });
  });

  it('moves a removed speaker’s blocks and the default to the replacement', () => {
    let p = sampleProject();
    const voice = { engine: 'offline' as const, voiceId: 'offline:rms', modelId: 'async_flash_v1.0' };
    p = applyProjectEdits(p, [
      { op: 'add-speaker', speaker: { id: 'sam', name: 'Sam', voice } },
      { op: 'update-block', blockId: 'b2', speakerId: 'sam' },
      { op: 'set-default-speaker', speakerId: 'sam' },
    ]);
    const old = p.cast[0]!.id;
    const after = applyProjectEdit(p, { op: 'remove-speaker', speakerId: 'sam', replacementId: old });
    expect(after.cast.map((s) => s.id)).toEqual([old]);
    expect(after.defaults.speakerId).toBe(old);
    expect(findBlock(after, 'b2').block.speakerId).toBe(old);
    expect(
      refusal(() => applyProjectEdit(after, { op: 'remove-speaker', speakerId: old, replacementId: old })).message,
    ).toMatch(/cannot replace itself/);
  });

  it('refuses edits that name what is not there, saying what', () => {
    const p = sampleProject();
    expect(refusal(() => applyProjectEdit(p, { op: 'remove-block', blockId: 'nope' })).message).toMatch(
      /no block "nope"/,
    );
    expect(refusal(() => applyProjectEdit(p, { op: 'rename-chapter', chapterId: 'x', title: 'T' })).message).toMatch(
      /no chapter "x"/,
    );
    expect(
      refusal(() => applyProjectEdit(p, { op: 'update-block', blockId: 'b1', speakerId: 'ghost' })).message,
    ).toMatch(/no speaker "ghost"/);
    expect(refusal(() => applyProjectEdit(p, { op: 'select-take', blockId: 'b1', takeId: 't2' })).message).toMatch(
      /has no take "t2"/,
    );
  });

  it('applies a batch all or nothing', () => {
    const p = sampleProject();
    expect(() =>
      applyProjectEdits(p, [
        { op: 'rename-project', name: 'Renamed' },
        { op: 'remove-block', blockId: 'missing' },
      ]),
    ).toThrow(StudioError);
    expect(p.name).toBe('Sample book');
  });

  it('adds a take, selecting it only when asked, and at the limit drops the oldest take not in use', () => {
    let p = sampleProject();
    p = applyProjectEdit(p, { op: 'add-take', blockId: 'b1', take: sampleTake('t9'), select: false });
    expect(findBlock(p, 'b1').block.selectedTakeId).toBe('t1');
    p = applyProjectEdit(p, { op: 'add-take', blockId: 'b2', take: sampleTake('n0'), select: true });
    for (let i = 1; i < PROJECT_LIMITS.takesPerBlock + 5; i++) {
      p = applyProjectEdit(p, { op: 'add-take', blockId: 'b2', take: sampleTake(`n${i}`), select: false });
    }
    const block = findBlock(p, 'b2').block;
    expect(block.takes).toHaveLength(PROJECT_LIMITS.takesPerBlock);
    expect(block.selectedTakeId).toBe('n0');
    expect(block.takes[0]!.id).toBe('n0');
    expect(block.takes[1]!.id).toBe('n6');
  });
});

describe('UserEditSchema', () => {
  it('does not let the UI add takes (only the engine renders them)', () => {
    const edit = { op: 'add-take', blockId: 'b1', take: sampleTake('t5'), select: true };
    expect(UserEditSchema.safeParse(edit).success).toBe(false);
  });

  it('refuses unknown fields and ids that could not be file or element ids', () => {
    expect(UserEditSchema.safeParse({ op: 'remove-block', blockId: 'b1', extra: 1 }).success).toBe(false);
    expect(UserEditSchema.safeParse({ op: 'remove-block', blockId: '../b1' }).success).toBe(false);
    expect(UserEditSchema.safeParse({ op: 'update-block', blockId: 'b1', pauseAfterMs: -5 }).success).toBe(false);
  });
});
