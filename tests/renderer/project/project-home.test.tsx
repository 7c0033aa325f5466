// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/App';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { makeProject } from '../fake-project';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

async function start() {
  const fake = await startStudio();
  fake.project.recent = [{ dir: '/home/user/Projects/Saga', name: 'Saga', openedAt: '2025-03-01T10:00:00.000Z' }];
  render(<App />);
  await act(() => useProjectStore.getState().api.reload());
  return fake;
}

describe('project home', () => {
  it('switches from the studio to projects, creates a project and imports a Markdown script into it', async () => {
    const fake = await start();
    expect(screen.getByRole('textbox', { name: 'Script' })).toBeTruthy();
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'View' })).getByRole('radio', { name: 'Projects' }));
    expect(screen.queryByRole('textbox', { name: 'Script' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Project name' }), { target: { value: 'Lighthouse' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create' })));
    expect(fake.callsTo('project:create')).toEqual([{ name: 'Lighthouse' }]);
    expect(screen.getByText(/Import a Markdown or text script/)).toBeTruthy();

    const script = '# The Keeper\n\nHe lit the lamp.\n\nThe sea was calm.\n\n# The Storm\n\nThen it was not.';
    const file = new File([script], 'lighthouse.md', { type: 'text/markdown' });
    await act(async () => fireEvent.change(screen.getByLabelText('Script file'), { target: { files: [file] } }));
    expect(fake.callsTo('project:import-script')).toEqual([{ fileName: 'lighthouse.md', text: script }]);
    const chapters = screen.getByRole('navigation', { name: 'Chapters' });
    expect(
      within(chapters)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.chapter__title')?.textContent),
    ).toEqual(['1The Keeper', '2The Storm']);
    expect(screen.getByText('Imported 2 chapters and 3 blocks from lighthouse.md.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Text of block 2' }) as HTMLTextAreaElement).value).toBe(
      'The sea was calm.',
    );
  });

  it('a dropped script is imported; a file that is not a script is refused with the reason', async () => {
    const fake = await start();
    fake.project.install(makeProject('Saga'), '/home/user/Projects/Saga');
    await act(() => useProjectStore.getState().api.reload());
    act(() => useViewStore.getState().api.setView('projects'));
    const project = document.querySelector('.project')!;
    const drop = (file: File) =>
      act(async () => {
        fireEvent.dragOver(project, { dataTransfer: { types: ['Files'], files: [file] } });
        fireEvent.drop(project, { dataTransfer: { types: ['Files'], files: [file] } });
      });
    await drop(new File(['picture'], 'cover.png', { type: 'image/png' }));
    expect(fake.callsTo('project:import-script')).toEqual([]);
    expect(screen.getByRole('alert').textContent).toMatch(
      /“cover\.png” is not a script .*Markdown \(\.md\) or plain-text/,
    );
    await drop(new File(['One paragraph.'], 'notes.txt', { type: 'text/plain' }));
    expect(fake.callsTo('project:import-script')).toEqual([{ fileName: 'notes.txt', text: 'One paragraph.' }]);
  });

  it('opens a recent project; in the browser, "Open folder…" explains itself instead', async () => {
    const fake = await start();
    act(() => useViewStore.getState().api.setView('projects'));
    fireEvent.click(screen.getByRole('button', { name: 'Open folder…' }));
    expect(fake.callsTo('project:open')).toEqual([]);
    expect(screen.getByRole('status').textContent).toMatch(/needs the desktop app.*open a project from this list/);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /Saga/ })));
    expect(fake.callsTo('project:open')).toEqual([{ dir: '/home/user/Projects/Saga' }]);
    expect((screen.getByRole('textbox', { name: 'Project name' }) as HTMLInputElement).value).toBe('Saga');
  });

  it('follows the desktop menu: New Project shows the home, About opens the About box (as does its button)', async () => {
    const fake = await start();
    act(() => fake.emit('menu:command', { command: 'new-project' }));
    expect(useViewStore.getState()).toMatchObject({ view: 'projects', home: true });
    act(() => fake.emit('menu:command', { command: 'about' }));
    const about = screen.getByRole('dialog', { name: 'About Async Voice Studio' });
    fireEvent.click(within(about).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'About Async Voice Studio' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'About' }));
    expect(screen.getByRole('dialog', { name: 'About Async Voice Studio' })).toBeTruthy();
  });
});
