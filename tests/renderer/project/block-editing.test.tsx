// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEND_AFTER_MS } from '../../../renderer/stores/useBlockDraftsStore';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { makeProject } from '../fake-project';
import type { FakeStudio } from '../fake-studio';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

const book = () =>
  makeProject('Book', [
    {
      id: 'c1',
      title: 'The Harbour',
      blocks: [
        ['b1', 'The boats came in at dawn.'],
        ['b2', 'Nobody spoke.'],
      ],
    },
  ]);

const textBox = (n: number) => screen.getByRole('textbox', { name: `Text of block ${n}` }) as HTMLTextAreaElement;
const updates = (fake: FakeStudio) =>
  fake
    .callsTo('project:edit')
    .flatMap((r) => (r as { edits: { op: string }[] }).edits.filter((e) => e.op === 'update-block'));

async function openBook() {
  const fake = await renderProjectApp(book());
  return fake;
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => vi.useRealTimers());

describe('editing a block', () => {
  it('sends the text once typing rests, as one update-block, and shows the engine’s copy afterwards', async () => {
    const fake = await openBook();
    fireEvent.change(textBox(2), { target: { value: 'Nobody spoke' } });
    fireEvent.change(textBox(2), { target: { value: 'Nobody spoke a word.' } });
    await act(() => vi.advanceTimersByTimeAsync(SEND_AFTER_MS - 100));
    expect(updates(fake)).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(200));
    expect(updates(fake)).toEqual([{ op: 'update-block', blockId: 'b2', text: 'Nobody spoke a word.' }]);
    expect(fake.project.project!.chapters[0]!.blocks[1]!.text).toBe('Nobody spoke a word.');
    expect(textBox(2).value).toBe('Nobody spoke a word.');
    // The edit made the block stale, as the engine said.
    expect(within(screen.getByRole('article', { name: 'Block 2' })).getByText('To render')).toBeTruthy();
  });

  it('sends at once when the block loses focus', async () => {
    const fake = await openBook();
    textBox(1).focus();
    fireEvent.change(textBox(1), { target: { value: 'The boats came in at noon.' } });
    await act(async () => fireEvent.blur(textBox(1)));
    expect(updates(fake)).toEqual([{ op: 'update-block', blockId: 'b1', text: 'The boats came in at noon.' }]);
  });

  it('keeps the typed text when the engine refuses it, says why, and sends it again on request', async () => {
    const fake = await openBook();
    const refused = 'x'.repeat(5_001);
    fireEvent.change(textBox(1), { target: { value: refused } });
    await act(() => vi.advanceTimersByTimeAsync(SEND_AFTER_MS + 10));
    const alert = within(screen.getByRole('article', { name: 'Block 1' })).getByRole('alert');
    expect(alert.textContent).toMatch(/Not saved: Invalid request: .*5000.*Your text is kept here/);
    expect(textBox(1).value).toBe(refused);
    expect(screen.getByRole('button', { name: /Not saved/ })).toBeTruthy();
    // The engine still holds the old text; nothing was lost on either side.
    expect(fake.project.project!.chapters[0]!.blocks[0]!.text).toBe('The boats came in at dawn.');

    // Another event from the engine (a render elsewhere) must not overwrite the draft either.
    act(() => fake.project.applyFromEngine([{ op: 'rename-project', name: 'Book 2' }]));
    expect(textBox(1).value).toBe(refused);

    fireEvent.change(textBox(1), { target: { value: 'Short again.' } });
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Try again' })));
    expect(textBox(1).value).toBe('Short again.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fake.project.project!.chapters[0]!.blocks[0]!.text).toBe('Short again.');
  });

  it('Close and Save as stop at a refused edit and say why, so the typed text is not left behind', async () => {
    const fake = await openBook();
    fireEvent.change(textBox(1), { target: { value: 'x'.repeat(5_001) } });
    await act(() => vi.advanceTimersByTimeAsync(SEND_AFTER_MS + 10));
    const statusBar = () => screen.getByRole('contentinfo');

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Close' })));
    expect(fake.callsTo('project:close')).toEqual([]);
    expect(useProjectStore.getState().snapshot).not.toBeNull();
    expect(statusBar().textContent).toMatch(/5000/);

    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save project as' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save copy' })));
    expect(fake.callsTo('project:save-as')).toEqual([]);
    expect(textBox(1).value).toBe('x'.repeat(5_001));
  });

  it('Save as sends the text being typed before the copy is made', async () => {
    const fake = await openBook();
    fireEvent.change(textBox(2), { target: { value: 'Typed just before the copy.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save project as' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save copy' })));
    expect(fake.calls.map((c) => c.channel).filter((c) => c === 'project:edit' || c === 'project:save-as')).toEqual([
      'project:edit',
      'project:save-as',
    ]);
    expect(useProjectStore.getState().snapshot!.project.chapters[0]!.blocks[1]!.text).toBe(
      'Typed just before the copy.',
    );
  });

  it('Ctrl+S sends what is typed now; the state reads Saving… until the engine has saved', async () => {
    const fake = await openBook();
    fireEvent.change(textBox(1), { target: { value: 'Saved with the keyboard.' } });
    expect(screen.getByRole('button', { name: /Saving…/ })).toBeTruthy();
    await act(async () => fireEvent.keyDown(textBox(1), { key: 's', ctrlKey: true }));
    expect(updates(fake)).toEqual([{ op: 'update-block', blockId: 'b1', text: 'Saved with the keyboard.' }]);
    expect(screen.getByRole('button', { name: /Saving…/ })).toBeTruthy();
    act(() => fake.project.autosave());
    expect(screen.getByRole('button', { name: /Saved/ })).toBeTruthy();
  });

  it('brings back text typed but never sent when the project is opened again', async () => {
    const fake = await openBook();
    fireEvent.change(textBox(2), { target: { value: 'Typed just before the crash.' } });
    // The page goes away before the send (no timer runs); a new page opens the same project.
    useProjectStore.getState().api.opened(null);
    fake.calls.length = 0;
    await act(() => useProjectStore.getState().api.open('/home/user/Projects/Book'));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(updates(fake)).toEqual([{ op: 'update-block', blockId: 'b2', text: 'Typed just before the crash.' }]);
    expect(screen.getByText(/Restored an unsaved block edit/)).toBeTruthy();
  });
});
