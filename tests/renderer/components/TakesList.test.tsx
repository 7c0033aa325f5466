// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TakesList } from '../../../renderer/components/TakesList';
import { UNDO_DELETE_MS, useTakesStore } from '../../../renderer/stores/useTakesStore';
import { makeTake } from '../fake-studio';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

const TAKES = [
  makeTake('t1', {
    name: 'Intro',
    createdAt: '2025-01-01T10:00:00Z',
    text: 'Welcome to the show.',
    durationSeconds: 3.2,
  }),
  makeTake('t2', {
    name: 'Outro',
    createdAt: '2025-01-02T10:00:00Z',
    engine: 'async',
    transport: 'http',
    settings: { voiceId: 'v-ava', modelId: 'async_flash_v1.0', language: 'en', speed: 1.25 },
    timeToFirstAudioMs: 182,
  }),
];

const takeNames = () => screen.queryAllByRole('listitem').map((li) => li.querySelector('.take__name')?.textContent);

describe('TakesList', () => {
  it('lists takes newest first with text, voice, settings, duration and time to first audio', async () => {
    await startStudio({ takes: TAKES });
    render(<TakesList />);
    expect(takeNames()).toEqual(['Outro', 'Intro']);
    const outro = screen.getAllByRole('listitem')[0]!;
    expect(within(outro).getByText(/Async Flash v1\.0 · English · 1\.25× · HTTP/)).toBeTruthy();
    expect(within(outro).getByText(/first audio 182 ms/)).toBeTruthy();
    expect(within(screen.getAllByRole('listitem')[1]!).getByText('Welcome to the show.')).toBeTruthy();
    expect(within(screen.getAllByRole('listitem')[1]!).getByText('0:03.2')).toBeTruthy();
  });

  it('names every voice a take was spoken in when the voice changed while it played', async () => {
    const sentence = (index: number, voiceId: string) => ({
      index,
      text: `Sentence ${index}.`,
      startSeconds: index,
      endSeconds: index + 1,
      settings: { voiceId, modelId: 'async_flash_v1.0' },
      metrics: { timeToFirstAudioMs: 90, charactersSent: 12, audioSeconds: 1 },
    });
    const retuned = makeTake('t3', {
      name: 'Retuned',
      sentences: [sentence(0, 'offline:slt'), sentence(1, 'offline:rms'), sentence(2, 'offline:rms')],
    });
    await startStudio({ takes: [retuned] });
    render(<TakesList />);
    expect(screen.getByRole('listitem').querySelector('.take__meta')?.textContent).toMatch(/^SLT → RMS · offline/);
  });

  it('renames inline', async () => {
    const fake = await startStudio({ takes: TAKES });
    render(<TakesList />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename Intro' }));
    const field = screen.getByRole('textbox', { name: 'New name for Intro' });
    await userEvent.clear(field);
    await userEvent.type(field, 'Cold open{Enter}');
    await waitFor(() => expect(takeNames()).toEqual(['Outro', 'Cold open']));
    expect(fake.callsTo('takes:rename')).toEqual([{ takeId: 't1', name: 'Cold open' }]);
  });

  it('Escape cancels a rename', async () => {
    const fake = await startStudio({ takes: TAKES });
    render(<TakesList />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename Intro' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'New name for Intro' }), 'x{Escape}');
    expect(takeNames()).toEqual(['Outro', 'Intro']);
    expect(fake.callsTo('takes:rename')).toEqual([]);
  });

  it('deletes with undo, and only really deletes when the undo time has passed', async () => {
    vi.useFakeTimers();
    const fake = await startStudio({ takes: TAKES });
    render(<TakesList />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Intro' }));
    expect(takeNames()).toEqual(['Outro']);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(takeNames()).toEqual(['Outro', 'Intro']);
    await act(() => vi.advanceTimersByTimeAsync(UNDO_DELETE_MS * 2));
    expect(fake.callsTo('takes:delete')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete Intro' }));
    await act(() => vi.advanceTimersByTimeAsync(UNDO_DELETE_MS + 10));
    expect(fake.callsTo('takes:delete')).toEqual([{ takeId: 't1' }]);
    expect(useTakesStore.getState().takes.map((t) => t.id)).toEqual(['t2']);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('marks takes as A and B for comparison', async () => {
    await startStudio({ takes: TAKES });
    render(<TakesList />);
    await userEvent.click(screen.getByRole('button', { name: 'Use Intro as A' }));
    await userEvent.click(screen.getByRole('button', { name: 'Use Outro as B' }));
    expect(useTakesStore.getState().compare).toEqual({ a: 't1', b: 't2' });
    expect(screen.getByRole('button', { name: 'Use Intro as A' }).getAttribute('aria-pressed')).toBe('true');
  });
});
