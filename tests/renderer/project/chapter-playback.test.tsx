// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePlaybackStore } from '../../../renderer/stores/usePlaybackStore';
import { useProjectPlaybackStore } from '../../../renderer/stores/useProjectPlaybackStore';
import { stubAudioContexts, FakeAudioContext } from '../fake-audio-context';
import { makeProject } from '../fake-project';
import { pcmBytes, type FakeStream } from '../fake-studio';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

const RATE = 8000;
const LEAD = 0.05;
let contexts: FakeAudioContext[];

beforeEach(() => {
  contexts = stubAudioContexts();
  vi.useFakeTimers({ shouldAdvanceTime: false });
});

afterEach(() => {
  useProjectPlaybackStore.getState().api.stop();
  contexts.forEach((c) => (c.state = 'closed'));
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const book = () =>
  makeProject('Book', [
    {
      id: 'c1',
      title: 'Night',
      blocks: [
        ['b1', 'The lamp went out.'],
        ['b2', 'Then the rain.'],
        ['b3', 'Morning.'],
      ],
    },
  ]);

/** Seconds of a steady tone as a stream chunk. */
const seconds = (s: number) => pcmBytes(new Array<number>(Math.round(s * RATE)).fill(0.25));
const heard = () =>
  screen
    .getAllByRole('article')
    .filter((a) => a.classList.contains('block--heard'))
    .map((a) => a.getAttribute('aria-label'));

async function openBook() {
  const fake = await renderProjectApp(book());
  return fake;
}

/** Moves the audio clock (the only clock the highlight reads) and lets the highlight's timer run. */
async function at(time: number) {
  contexts[0]!.currentTime = time;
  await act(() => vi.advanceTimersByTimeAsync(150));
}

describe('chapter playback', () => {
  it('highlights each block when it is heard, not when its audio arrives', async () => {
    const fake = await openBook();
    fireEvent.click(screen.getByRole('button', { name: 'Play chapter' }));
    const stream: FakeStream = fake.lastStream();
    expect(stream.channel).toBe('project:play');
    expect(stream.request).toEqual({ chapterId: 'c1', fromBlockId: 'b1' });

    // The engine sends the whole chapter at once: three blocks, with a 0.5 s pause before the last.
    act(() => {
      stream.send({ type: 'format', playId: 'p1', sampleRate: RATE });
      stream.send({ type: 'block-start', blockId: 'b1', startSeconds: 0, skipped: false });
      stream.send({ type: 'chunk', index: 0, pcm: seconds(2) });
      stream.send({ type: 'block-start', blockId: 'b2', startSeconds: 2, skipped: false });
      stream.send({ type: 'chunk', index: 1, pcm: seconds(1.5) });
      stream.send({ type: 'block-start', blockId: 'b3', startSeconds: 4, skipped: false });
      stream.send({ type: 'chunk', index: 2, pcm: seconds(0.5) });
      stream.send({ type: 'chunk', index: 2, pcm: seconds(1) });
      stream.send({ type: 'done', takeId: null });
    });
    await at(0);
    expect(heard()).toEqual(['Block 1']);
    await at(LEAD + 1.9);
    expect(heard()).toEqual(['Block 1']);
    await at(LEAD + 2.1);
    expect(heard()).toEqual(['Block 2']);
    await at(LEAD + 3.8);
    expect(heard()).toEqual(['Block 2']);
    await at(LEAD + 4.2);
    expect(heard()).toEqual(['Block 3']);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();

    // Once the last audio has played, playback is over and nothing is highlighted.
    contexts[0]!.currentTime = LEAD + 5.1;
    await act(() => vi.advanceTimersByTimeAsync(6000));
    expect(heard()).toEqual([]);
    expect(screen.getByRole('button', { name: 'Play chapter' })).toBeTruthy();
  });

  it('plays from a block’s own button, and says which blocks it skipped for want of a take', async () => {
    const fake = await openBook();
    fireEvent.click(
      within(screen.getByRole('article', { name: 'Block 2' })).getByRole('button', { name: 'Play from block 2' }),
    );
    const stream = fake.lastStream();
    expect(stream.request).toEqual({ chapterId: 'c1', fromBlockId: 'b2' });
    act(() => {
      stream.send({ type: 'format', playId: 'p1', sampleRate: RATE });
      stream.send({ type: 'block-start', blockId: 'b2', startSeconds: 0, skipped: true });
      stream.send({ type: 'block-start', blockId: 'b3', startSeconds: 0, skipped: false });
      stream.send({ type: 'chunk', index: 0, pcm: seconds(1) });
    });
    await at(0.3);
    expect(heard()).toEqual(['Block 3']);
    expect(screen.getByText('1 block skipped (not rendered)')).toBeTruthy();
  });

  it('Space stops the chapter, and the studio playing stops it too', async () => {
    const fake = await openBook();
    fireEvent.keyDown(document.body, { key: ' ' });
    const stream = fake.lastStream();
    expect(stream.channel).toBe('project:play');
    act(() => {
      stream.send({ type: 'format', playId: 'p1', sampleRate: RATE });
      stream.send({ type: 'chunk', index: 0, pcm: seconds(3) });
    });
    fireEvent.keyDown(document.body, { key: ' ' });
    expect(stream.cancelled).toBe(true);
    expect(useProjectPlaybackStore.getState().status).toBe('idle');

    fireEvent.keyDown(document.body, { key: ' ' });
    const second = fake.lastStream();
    act(() => usePlaybackStore.getState().api.play('Something in the studio.'));
    expect(second.cancelled).toBe(true);
    expect(useProjectPlaybackStore.getState().status).toBe('idle');
  });
});
