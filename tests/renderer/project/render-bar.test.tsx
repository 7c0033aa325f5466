// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useRenderStore } from '../../../renderer/stores/useRenderStore';
import { StudioError } from '../../../shared/errors';
import { makeProject } from '../fake-project';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

const async = { engine: 'async' as const, voiceId: 'v-ava', modelId: 'async_flash_v1.0' };

/** Chapter one: three blocks, one locked; chapter two: one block. All spoken by an Async voice. */
function book() {
  const project = makeProject('Book', [
    {
      id: 'c1',
      title: 'Arrival',
      blocks: [
        ['b1', 'The train was late.'],
        ['b2', 'Snow fell on the platform.'],
        ['b3', 'Somebody waved.'],
      ],
    },
    { id: 'c2', title: 'Departure', blocks: [['b4', 'They left at six.']] },
  ]);
  project.cast = [{ ...project.cast[0]!, voice: async }];
  project.chapters[0]!.blocks[2]!.locked = true;
  return project;
}

async function openBook() {
  const fake = await renderProjectApp(book(), { key: { hasKey: true, hint: '1234' } });
  return fake;
}

const bar = () => screen.getByRole('group', { name: 'Chapter' });

describe('render bar', () => {
  it('shows what "Render stale" would send and cost before anything starts, and starts only on the go-ahead', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render stale' })));
    const estimate = screen.getByRole('region', { name: 'Render estimate' });
    expect(fake.callsTo('render:estimate')).toEqual([{ scope: { kind: 'stale' }, regenerate: false }]);
    expect(fake.callsTo('render:start')).toEqual([]);
    const figures = within(estimate).getByRole('list', { name: 'Estimate' }).textContent;
    // b1, b2 and b4 are stale; b3 is locked.
    expect(figures).toContain('3 blocks');
    expect(figures).toContain('1 locked block left out');
    const characters = ['The train was late.', 'Snow fell on the platform.', 'They left at six.'].join('').length;
    expect(figures).toContain(`${characters} characters sent in 3 requests`);
    expect(figures).toMatch(/about \$0\.\d+/);
    // The go-ahead has the keyboard, so Enter starts it.
    expect(document.activeElement).toBe(within(estimate).getByRole('button', { name: 'Start render' }));

    await act(async () => fireEvent.click(within(estimate).getByRole('button', { name: 'Start render' })));
    expect(fake.callsTo('render:start')).toEqual([{ scope: { kind: 'stale' }, regenerate: false }]);
    expect(screen.queryByRole('region', { name: 'Render estimate' })).toBeNull();
  });

  it('an estimate is dropped when another project is opened, so it cannot start a render there', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render stale' })));
    expect(screen.getByRole('region', { name: 'Render estimate' })).toBeTruthy();
    fake.project.recent.push({ dir: '/home/user/Projects/Other', name: 'Other', openedAt: '2025-03-02T08:30:00.000Z' });
    await act(() => useProjectStore.getState().api.open('/home/user/Projects/Other'));
    expect(screen.queryByRole('region', { name: 'Render estimate' })).toBeNull();
    await act(() => useRenderStore.getState().api.confirm());
    expect(fake.callsTo('render:start')).toEqual([]);
  });

  it('refuses to start an estimate made for a project that is no longer open', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render stale' })));
    const proposal = useRenderStore.getState().proposal!;
    act(() => useRenderStore.setState({ proposal: { ...proposal, projectId: 'proj-closed-since' } }));
    await act(() => useRenderStore.getState().api.confirm());
    expect(fake.callsTo('render:start')).toEqual([]);
    expect(useRenderStore.getState().proposal).toBeNull();
  });

  it('"Not now" leaves everything as it was', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render chapter' })));
    expect(fake.callsTo('render:estimate')).toEqual([
      { scope: { kind: 'chapter', chapterId: 'c1' }, regenerate: false },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('region', { name: 'Render estimate' })).toBeNull();
    expect(fake.callsTo('render:start')).toEqual([]);
  });

  it('shows progress while the queue runs, the blocks being rendered, why it waits and when it resumes, and Cancel', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render stale' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start render' })));
    const progress = () => screen.getByRole('group', { name: 'Render progress' });
    expect(progress().textContent).toContain('Rendering · 0 of 3 blocks rendered');
    const card = (n: number) => screen.getByRole('article', { name: `Block ${n}` });
    expect(within(card(1)).getByText('Rendering')).toBeTruthy();
    expect(within(card(2)).getByText('Queued')).toBeTruthy();

    act(() => fake.project.renderNext());
    expect(progress().textContent).toContain('1 of 3 blocks rendered');
    expect(within(card(1)).getByText('Ready')).toBeTruthy();
    expect(within(card(2)).getByText('Rendering')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Blocks rendered' })).toHaveProperty('value', 1);

    const resumesAt = new Date(Date.now() + 12_000).toISOString();
    act(() => fake.project.wait('Async is rate-limiting requests; the queue resumes by itself.', resumesAt));
    const waiting = within(progress()).getByRole('status');
    expect(waiting.textContent).toMatch(/rate-limiting requests; the queue resumes by itself\. Resumes in 1[12] s\./);
    expect(progress().textContent).toContain('Waiting · 1 of 3 blocks rendered');

    await act(async () => fireEvent.click(within(progress()).getByRole('button', { name: 'Cancel render' })));
    expect(fake.callsTo('render:cancel')).toEqual([{}]);
    expect(screen.queryByRole('group', { name: 'Render progress' })).toBeNull();
    expect(within(card(2)).getByText('To render')).toBeTruthy();
  });

  it('a failed block says why and offers to render it again', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(within(bar()).getByRole('button', { name: 'Render stale' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start render' })));
    act(() =>
      fake.project.failNext(new StudioError({ code: 'BAD_INPUT', message: 'Voice v-ava cannot speak Klingon.' })),
    );
    const alert = within(screen.getByRole('article', { name: 'Block 1' })).getByRole('alert');
    expect(alert.textContent).toContain('Voice v-ava cannot speak Klingon.');
    expect(within(screen.getByRole('group', { name: 'Render progress' })).getByText('1 failed')).toBeTruthy();
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Render again' })));
    expect(fake.callsTo('render:estimate').at(-1)).toEqual({
      scope: { kind: 'blocks', blockIds: ['b1'] },
      regenerate: false,
    });
  });
});
