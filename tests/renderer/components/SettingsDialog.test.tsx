// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { SettingsDialog } from '../../../renderer/components/SettingsDialog';
import { useDialogStore } from '../../../renderer/stores/useDialogStore';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

async function openSettings(settings = {}) {
  const fake = await startStudio({ settings });
  render(<SettingsDialog />);
  act(() => useDialogStore.getState().api.show('settings'));
  return fake;
}

describe('SettingsDialog', () => {
  it('changes transport, aggregation, sample rate and encoding at once', async () => {
    const fake = await openSettings({ engine: 'async' });
    await userEvent.click(screen.getByRole('radio', { name: /HTTP/ }));
    await userEvent.click(screen.getByRole('radio', { name: /Token/ }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sample rate' }), '24000');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Encoding' }), 'pcm_f32le');
    await waitFor(() => expect(fake.settings.encoding).toBe('pcm_f32le'));
    expect(fake.callsTo('settings:update')).toEqual([
      { transport: 'http' },
      { aggregation: 'token' },
      { sampleRate: 24000 },
      { encoding: 'pcm_f32le' },
    ]);
    expect(screen.getByRole('radio', { name: /HTTP/ })).toHaveProperty('checked', true);
  });

  it('keeps endpoints under Advanced and shows the engine’s refusal of a bad one', async () => {
    const fake = await openSettings();
    await userEvent.click(screen.getByText('Advanced'));
    const ws = screen.getByRole('textbox', { name: 'WebSocket endpoint' });
    await userEvent.clear(ws);
    await userEvent.type(ws, 'http://example.com/ws{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Invalid request/);
    expect(fake.settings.wsUrl).toBe('wss://api.async.com/text_to_speech/websocket/ws');
    await userEvent.clear(ws);
    await userEvent.type(ws, 'ws://127.0.0.1:8750/ws{Enter}');
    await waitFor(() => expect(fake.settings.wsUrl).toBe('ws://127.0.0.1:8750/ws'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a refused change with its hint', async () => {
    const fake = await openSettings({ engine: 'async' });
    fake.handle('settings:update', () => {
      throw new StudioError({ code: 'BAD_INPUT', message: 'Cannot save settings.', hint: 'Free some disk space.' });
    });
    await userEvent.click(screen.getByRole('radio', { name: /HTTP/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot save settings. Free some disk space.');
  });

  it('shows speed and stability with the model’s limits', async () => {
    await openSettings({ engine: 'async', modelId: 'async_pro_v1.0' });
    expect(screen.getByRole('slider', { name: 'Speed' })).toHaveProperty('disabled', true);
    expect(screen.getByText('Speed is only available on Async Flash v1.0.')).toBeTruthy();
  });
});
