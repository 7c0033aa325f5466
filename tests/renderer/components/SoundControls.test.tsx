// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { SoundControls } from '../../../renderer/components/SoundControls';
import { useVoicesStore } from '../../../renderer/stores/useVoicesStore';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

async function renderControls(settings = {}) {
  const fake = await startStudio({
    settings: { engine: 'async', voiceId: 'v-bruno', ...settings },
    key: { hasKey: true, hint: 'abcd' },
  });
  await useVoicesStore.getState().api.load('async');
  render(<SoundControls />);
  return fake;
}

const languageNames = () =>
  within(screen.getByRole('combobox', { name: 'Language' }))
    .getAllByRole('option')
    .map((o) => o.textContent);

describe('SoundControls', () => {
  it('offers every model and enables speed and stability on Async Flash v1.0', async () => {
    await renderControls();
    const model = screen.getByRole('combobox', { name: 'Model' });
    expect(within(model).getAllByRole('option')).toHaveLength(3);
    expect(screen.getByRole('slider', { name: 'Speed' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('slider', { name: 'Stability' })).toHaveProperty('disabled', false);
  });

  it('disables the controls a model lacks and says why', async () => {
    await renderControls({ modelId: 'async_flash_v1.5' });
    const speed = screen.getByRole('slider', { name: 'Speed' });
    expect(speed).toHaveProperty('disabled', true);
    const reason = document.getElementById(speed.getAttribute('aria-describedby')!);
    expect(reason?.textContent).toBe('Speed is only available on Async Flash v1.0.');
    expect(screen.getByText('Stability is only available on Async Flash v1.0.')).toBeTruthy();
  });

  it('limits languages to what both the model and the voice speak', async () => {
    await renderControls({ modelId: 'async_flash_v1.5' });
    expect(languageNames()).toEqual(['Auto-detect', 'English', 'French']);
  });

  it('changing the model keeps the settings sendable: an unsupported language goes back to auto-detect', async () => {
    const fake = await renderControls({ language: 'fr', speed: 1.3 });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'async_pro_v1.0');
    await waitFor(() => expect(fake.settings.modelId).toBe('async_pro_v1.0'));
    expect(fake.callsTo('settings:update')).toEqual([{ modelId: 'async_pro_v1.0', language: null, speed: null }]);
    expect(languageNames()).toEqual(['Auto-detect', 'English']);
  });

  it('shows the engine’s refusal of a change and keeps the old value', async () => {
    const fake = await renderControls();
    fake.handle('settings:update', () => {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: 'Async Flash v1.0 is not available over HTTP (whole file).',
      });
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'fr');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Async Flash v1.0 is not available over HTTP (whole file).',
    );
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveProperty('value', '');
  });

  it('on the offline engine, model and language are off with the reason shown', async () => {
    await startStudio();
    render(<SoundControls />);
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveProperty('disabled', true);
    expect(screen.getByText('The offline engine speaks English only.')).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Speed' })).toHaveProperty('disabled', false);
  });
});
