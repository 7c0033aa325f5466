// @vitest-environment jsdom
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { makeBook } from '../fake-project';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

async function openBook() {
  const fake = await renderProjectApp(makeBook(3));
  return fake;
}

const key = (target: Element | Document, init: KeyboardEventInit) =>
  act(async () => {
    fireEvent.keyDown(target, init);
  });
const focusedBlock = () =>
  (document.activeElement as HTMLElement).closest('[data-block-id]')?.getAttribute('data-block-id');

describe('project keyboard', () => {
  it('J/K and the arrows move between blocks, Enter edits, Escape leaves the text, Shift picks a range', async () => {
    await openBook();
    await key(document.body, { key: 'j' });
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'Block 2' }));
    await key(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedBlock()).toBe('b3');
    await key(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedBlock()).toBe('b3');
    await key(document.activeElement!, { key: 'k' });
    expect(focusedBlock()).toBe('b2');
    // The current block is the one Tab reaches (a roving tab stop).
    expect(screen.getAllByRole('article').map((a) => a.tabIndex)).toEqual([-1, 0, -1]);

    await key(document.activeElement!, { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Text of block 2' }));
    // Letters typed in the text are text, not navigation.
    await key(document.activeElement!, { key: 'j' });
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Text of block 2' }));
    await key(document.activeElement!, { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'Block 2' }));

    await key(document.activeElement!, { key: 'ArrowUp', shiftKey: true });
    expect(useViewStore.getState().picked.sort()).toEqual(['b1', 'b2']);
  });

  it('Ctrl+Enter in a block asks for its estimate (then Enter starts it); Space plays the chapter from the block', async () => {
    const fake = await openBook();
    await key(document.body, { key: 'j' });
    await key(document.activeElement!, { key: 'Enter', ctrlKey: true });
    expect(fake.callsTo('render:estimate')).toEqual([
      { scope: { kind: 'blocks', blockIds: ['b2'] }, regenerate: false },
    ]);
    const start = screen.getByRole('button', { name: 'Start render' });
    expect(document.activeElement).toBe(start);
    await act(async () => fireEvent.click(start));
    expect(fake.callsTo('render:start')).toEqual([{ scope: { kind: 'blocks', blockIds: ['b2'] }, regenerate: false }]);

    screen.getByRole('article', { name: 'Block 2' }).focus();
    await key(document.activeElement!, { key: ' ' });
    expect(fake.lastStream()).toMatchObject({
      channel: 'project:play',
      request: { chapterId: 'c1', fromBlockId: 'b2' },
    });
  });

  it('Ctrl+Enter while typing in a block shows the estimate but leaves the keyboard in the text', async () => {
    const fake = await openBook();
    const text = screen.getByRole('textbox', { name: 'Text of block 2' });
    text.focus();
    await key(text, { key: 'Enter', ctrlKey: true });
    expect(fake.callsTo('render:estimate')).toEqual([
      { scope: { kind: 'blocks', blockIds: ['b2'] }, regenerate: false },
    ]);
    expect(screen.getByRole('list', { name: 'Estimate' })).toBeTruthy();
    // A Space typed next goes into the text, not to "Start render".
    expect(document.activeElement).toBe(text);
    await key(text, { key: ' ' });
    expect(fake.callsTo('render:start')).toEqual([]);
  });

  it('a locked block is not rendered from the keyboard; it says how to render it', async () => {
    const fake = await openBook();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Lock block 1' })));
    expect(screen.getByRole('button', { name: 'Lock block 1' }).getAttribute('aria-pressed')).toBe('true');
    screen.getByRole('article', { name: 'Block 1' }).focus();
    await key(document.activeElement!, { key: 'Enter', ctrlKey: true });
    expect(fake.callsTo('render:estimate')).toEqual([]);
    expect(screen.getByText('Block 1 is locked: unlock it to render it again.')).toBeTruthy();
  });

  it('keys do nothing to the project while a dialog is open', async () => {
    const fake = await openBook();
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    await key(document.body, { key: ' ' });
    await key(document.body, { key: 'j' });
    expect(fake.streams).toEqual([]);
    expect(useViewStore.getState().blockId).toBeNull();
  });
});
