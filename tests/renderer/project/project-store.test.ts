// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useStudioEvents } from '../../../renderer/hooks/useStudioEvents';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { makeBook } from '../fake-project';
import { cleanupAfterEach, startProjectStudio, startStudio } from '../studio-harness';

cleanupAfterEach();

const store = () => useProjectStore.getState();
/** The app's start-up load (project:get) has finished. */
const settled = () => store().api.reload();
const textOf = (blockId: string) =>
  store()
    .snapshot!.project.chapters.flatMap((c) => c.blocks)
    .find((b) => b.id === blockId)?.text;

describe('project store', () => {
  it('applies the edits of each project:changed with the shared reducer, with the statuses it carries', async () => {
    const fake = await startProjectStudio(makeBook(2, 1));
    renderHook(() => useStudioEvents());
    await settled();
    expect(store().snapshot!.revision).toBe(1);
    fake.project.applyFromEngine([{ op: 'update-block', blockId: 'b2', text: 'Second, changed.' }]);
    expect(textOf('b2')).toBe('Second, changed.');
    expect(store().snapshot!.revision).toBe(2);
    expect(store().snapshot!.saved).toBe(false);
    // The engine never had to send the whole project again.
    expect(fake.callsTo('project:get')).toHaveLength(1);

    // The autosave's notice is a change of its own, with no edits.
    fake.project.autosave();
    expect(store().snapshot!.saved).toBe(true);
    expect(store().snapshot!.revision).toBe(3);
    // A notice for the revision already held (statuses only) is taken as well.
    fake.emit('project:changed', {
      projectId: store().snapshot!.project.id,
      revision: 3,
      edits: [],
      status: { b1: { state: 'queued' } },
      saved: true,
    });
    expect(store().snapshot!.status.b1).toEqual({ state: 'queued' });
    expect(fake.callsTo('project:get')).toHaveLength(1);
  });

  it('reloads the whole project when a change does not follow on from the revision it holds', async () => {
    const fake = await startProjectStudio(makeBook(2, 1));
    renderHook(() => useStudioEvents());
    await settled();
    const gets = fake.callsTo('project:get').length;
    // Revision 2 is missed (say, sent while the page was reconnecting): 3 cannot be applied to 1.
    fake.project.project = { ...fake.project.project!, name: 'Renamed elsewhere' };
    fake.project.revision = 2;
    fake.project.applyFromEngine([{ op: 'update-block', blockId: 'b1', text: 'First, again.' }]);
    await expect.poll(() => fake.callsTo('project:get').length).toBe(gets + 1);
    await expect.poll(() => store().snapshot!.revision).toBe(3);
    expect(store().snapshot!.project.name).toBe('Renamed elsewhere');
    expect(textOf('b1')).toBe('First, again.');
  });

  it('reloads again when a change held back during a reload still does not follow on from it', async () => {
    const fake = await startProjectStudio(makeBook(2, 1));
    renderHook(() => useStudioEvents());
    await settled();
    // The reload's answer is out of date by the time it arrives (the engine had moved on meanwhile).
    const gets = fake.callsTo('project:get').length;
    const outOfDate = fake.project.snapshot()!;
    let answer: () => void = () => {};
    fake.handle('project:get', () => {
      fake.handle('project:get', () => fake.project.snapshot());
      return new Promise((resolve) => (answer = () => resolve(outOfDate)));
    });
    fake.project.revision = 2; // missed
    fake.project.applyFromEngine([{ op: 'update-block', blockId: 'b1', text: 'First, again.' }]);
    fake.project.applyFromEngine([{ op: 'update-block', blockId: 'b2', text: 'Second, again.' }]);
    expect(fake.callsTo('project:get')).toHaveLength(gets + 1);
    answer();
    await expect.poll(() => fake.callsTo('project:get').length).toBe(gets + 2);
    await expect.poll(() => store().snapshot!.revision).toBe(4);
    expect([textOf('b1'), textOf('b2')]).toEqual(['First, again.', 'Second, again.']);
  });

  it('ignores changes of another project and out-of-date ones', async () => {
    const fake = await startProjectStudio(makeBook(2, 1));
    renderHook(() => useStudioEvents());
    await settled();
    const before = store().snapshot;
    fake.emit('project:changed', {
      projectId: 'someone-else',
      revision: 2,
      edits: [{ op: 'rename-project', name: 'No' }],
      status: {},
      saved: false,
    });
    fake.emit('project:changed', {
      projectId: before!.project.id,
      revision: 1,
      edits: [{ op: 'rename-project', name: 'Old news' }],
      status: {},
      saved: false,
    });
    expect(store().snapshot).toBe(before);
  });

  it('a new project opens in the project view with nothing of the previous one selected', async () => {
    const fake = await startStudio();
    useViewStore.getState().api.focusBlock('old-block', { chapterId: 'old-chapter' });
    expect(await store().api.create('Podcast')).toBe(true);
    expect(fake.callsTo('project:create')).toEqual([{ name: 'Podcast' }]);
    expect(store().snapshot!.project.name).toBe('Podcast');
    expect(useViewStore.getState()).toMatchObject({ chapterId: null, blockId: null, picked: [] });
    await expect.poll(() => store().recent.map((r) => r.name)).toContain('Podcast');
  });

  it('says why a project cannot be opened and keeps the one that is open', async () => {
    await startProjectStudio(makeBook(2, 1));
    expect(await store().api.open('/nowhere')).toBe(false);
    expect(store().problem?.message).toMatch(/no project in \/nowhere/);
    expect(store().snapshot!.project.name).toBe('Book');
  });
});
