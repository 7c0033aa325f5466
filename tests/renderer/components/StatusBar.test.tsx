// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { StatusBar } from '../../../renderer/components/StatusBar';
import { useStudioEvents } from '../../../renderer/hooks/useStudioEvents';
import { useDialogStore } from '../../../renderer/stores/useDialogStore';
import { useStatusStore } from '../../../renderer/stores/useStatusStore';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { makeProject } from '../fake-project';
import { cleanupAfterEach, startProjectStudio, startStudio } from '../studio-harness';

cleanupAfterEach();

function WithEvents() {
  useStudioEvents();
  return <StatusBar />;
}

const report = (error: Parameters<ReturnType<typeof useStatusStore.getState>['api']['report']>[0]) =>
  act(() => useStatusStore.getState().api.report(error));

describe('StatusBar', () => {
  it('follows connection events and shows the engine in use', async () => {
    const fake = await startStudio({ settings: { engine: 'async' }, key: { hasKey: true, hint: 'abcd' } });
    render(<WithEvents />);
    expect(screen.getByText('Engine: Async · WebSocket streaming')).toBeTruthy();
    act(() => fake.emit('connection:event', { type: 'connected', url: 'ws://127.0.0.1:9/ws' }));
    expect(screen.getByText('Connected')).toBeTruthy();
    act(() => fake.emit('connection:event', { type: 'disconnected', url: 'ws://x', code: 1006 }));
    expect(screen.getByText('Disconnected').getAttribute('title')).toBe('code 1006');
    const message = 'Cannot reach ws://127.0.0.1:9/ws?api_key=%5Bredacted%5D&version=v1 (ECONNREFUSED).';
    act(() => fake.emit('connection:event', { type: 'connection-error', url: 'ws://x', message }));
    expect(screen.getByText('Connection error')).toBeTruthy();
    expect(screen.getByText('· Cannot reach ws://127.0.0.1:9/ws (ECONNREFUSED).')).toBeTruthy();
  });

  it('says the offline engine needs no network, and shows the last time to first audio', async () => {
    await startStudio();
    render(<StatusBar />);
    expect(screen.getByText('Offline engine: no network needed')).toBeTruthy();
    expect(screen.getByText('First audio: —')).toBeTruthy();
    act(() => useStatusStore.getState().api.firstAudio(182.4));
    expect(screen.getByText('First audio: 182 ms')).toBeTruthy();
  });

  it('in a project, names the cast’s engine rather than the studio’s', async () => {
    const ava = {
      id: 'sp-ava',
      name: 'Ava',
      voice: { engine: 'async' as const, voiceId: 'ava', modelId: 'async_flash_v1.0' },
    };
    const project = makeProject('Book');
    await startProjectStudio({ ...project, cast: [...project.cast, ava] }, { key: { hasKey: true, hint: 'abcd' } });
    render(<StatusBar />);
    expect(screen.getByText('Cast: Async voices')).toBeTruthy();
    act(() => useViewStore.getState().api.setView('studio'));
    expect(screen.getByText('Engine: Offline (Flite)')).toBeTruthy();
  });

  it('a refused key opens the key dialog, and the status bar offers it again', async () => {
    await startStudio({ settings: { engine: 'async' } });
    render(<StatusBar />);
    report({ code: 'AUTH', message: 'Invalid API key' });
    expect(useDialogStore.getState().open).toBe('key');
    act(() => useDialogStore.getState().api.close());
    expect(screen.getByRole('alert').textContent).toContain('Async did not accept your API key.');
    await userEvent.click(screen.getByRole('button', { name: 'Update API key' }));
    expect(useDialogStore.getState().open).toBe('key');
  });

  it('a rate limit says when to try again, counting down', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    await startStudio({ settings: { engine: 'async' } });
    render(<StatusBar />);
    report({ code: 'RATE_LIMITED', message: 'Too many requests', retryAfterMs: 12_000 });
    expect(screen.getByRole('alert').textContent).toContain('Try again in 12 s.');
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.getByRole('alert').textContent).toContain('Try again in 7 s.');
    act(() => vi.advanceTimersByTime(8000));
    expect(screen.getByRole('alert').textContent).toContain('You can try again now.');
  });

  it('no network offers the offline engine', async () => {
    const fake = await startStudio({ settings: { engine: 'async' } });
    render(<StatusBar />);
    report({ code: 'NETWORK', message: 'getaddrinfo ENOTFOUND api.async.com' });
    expect(screen.getByRole('alert').textContent).toContain('Cannot reach Async: getaddrinfo ENOTFOUND api.async.com');
    await userEvent.click(screen.getByRole('button', { name: 'Use the offline engine' }));
    await waitFor(() => expect(fake.settings.engine).toBe('offline'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a bad request is shown in the engine’s own words; a cancellation is not an error', async () => {
    await startStudio();
    render(<StatusBar />);
    report({ code: 'CANCELLED', message: 'Stopped' });
    expect(screen.queryByRole('alert')).toBeNull();
    report({ code: 'BAD_INPUT', message: 'Async Pro v1.0 does not speak French.', apiCode: 'INVALID_LANGUAGE' });
    expect(screen.getByRole('alert').textContent).toContain('Async Pro v1.0 does not speak French.');
  });
});
