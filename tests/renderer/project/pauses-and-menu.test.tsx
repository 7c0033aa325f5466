// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { makeBook } from '../fake-project';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

const pauses = () => useProjectStore.getState().snapshot!.project.defaults.pauses;
const edits = (calls: unknown[]) => calls.flatMap((r) => (r as { edits: unknown[] }).edits);

describe('pauses panel', () => {
  it('sends a pause when the field is left, refuses one out of range with the range, and turns sentence pauses on', async () => {
    const fake = await renderProjectApp(makeBook(1), { panel: 'pauses' });
    const between = screen.getByRole('spinbutton', { name: 'Between blocks (ms)' });
    fireEvent.change(between, { target: { value: '750' } });
    await act(async () => fireEvent.blur(between));
    expect(edits(fake.callsTo('project:edit'))).toEqual([{ op: 'set-pauses', pauses: { betweenBlocksMs: 750 } }]);
    expect(pauses().betweenBlocksMs).toBe(750);
    // The block's own pause field shows the new default.
    expect(screen.getByRole('spinbutton', { name: 'Pause after (ms)' }).getAttribute('placeholder')).toBe('750');

    const tail = screen.getByRole('spinbutton', { name: 'Tail (ms)' });
    fireEvent.change(tail, { target: { value: '90000' } });
    expect(screen.getByText('0 to 60,000 ms')).toBeTruthy();
    await act(async () => fireEvent.blur(tail));
    expect(edits(fake.callsTo('project:edit'))).toHaveLength(1);
    expect((tail as HTMLInputElement).value).toBe(String(pauses().tailRoomMs));

    expect(screen.getByText('Sentences keep the model’s natural pauses.')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Add silence between sentences' })));
    expect(pauses().betweenSentencesMs).toBe(300);
    expect(screen.getByRole('spinbutton', { name: 'Between sentences (ms)' })).toBeTruthy();
  });

  it('a block’s own pause overrides the default, and clearing it goes back to the default', async () => {
    const fake = await renderProjectApp(makeBook(1));
    const own = screen.getByRole('spinbutton', { name: 'Pause after (ms)' });
    fireEvent.change(own, { target: { value: '1500' } });
    await act(async () => fireEvent.keyDown(own, { key: 'Enter' }));
    // Past the project's longest pause: not sent, and the block keeps its own.
    fireEvent.change(own, { target: { value: '60001' } });
    await act(async () => fireEvent.keyDown(own, { key: 'Enter' }));
    expect(edits(fake.callsTo('project:edit'))).toEqual([{ op: 'update-block', blockId: 'b1', pauseAfterMs: 1500 }]);
    fireEvent.change(own, { target: { value: '' } });
    await act(async () => fireEvent.blur(own));
    expect(edits(fake.callsTo('project:edit'))).toEqual([
      { op: 'update-block', blockId: 'b1', pauseAfterMs: 1500 },
      { op: 'update-block', blockId: 'b1', pauseAfterMs: null },
    ]);
  });
});

describe('menu commands in the project view', () => {
  it('Open Project asks for the folder dialog and shows the home when it is cancelled', async () => {
    const fake = await renderProjectApp(makeBook(1));
    await act(async () => fake.emit('menu:command', { command: 'open-project' }));
    expect(fake.callsTo('project:open')).toEqual([{ dir: null }]);
    expect(useViewStore.getState().home).toBe(true);
  });

  it('Import Script opens the script picker; Export opens the project export', async () => {
    const fake = await renderProjectApp(makeBook(1));
    const picker = screen.getByLabelText('Script file') as HTMLInputElement;
    let picked = false;
    picker.addEventListener('click', () => (picked = true));
    act(() => fake.emit('menu:command', { command: 'import-script' }));
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(picked).toBe(true);
    act(() => fake.emit('menu:command', { command: 'export' }));
    expect(screen.getByRole('dialog', { name: 'Export project' })).toBeTruthy();
  });
});
