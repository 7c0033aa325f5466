// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { VoicePicker } from '../../../renderer/components/VoicePicker';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

const optionNames = () =>
  within(screen.getByRole('listbox', { name: 'Voice' }))
    .queryAllByRole('option')
    .map((o) => o.querySelector('.voice-option__name')!.lastChild!.textContent);

async function renderPicker(settings = {}) {
  const fake = await startStudio({
    settings: { engine: 'async', voiceId: 'v-ava', ...settings },
    key: { hasKey: true, hint: 'abcd', storage: 'keychain' },
  });
  render(<VoicePicker />);
  await screen.findByRole('option', { name: /Bruno/ });
  return fake;
}

describe('VoicePicker', () => {
  it('lists the whole catalogue of the active engine', async () => {
    const fake = await renderPicker();
    expect(optionNames()).toEqual(['Ava', 'Bruno', 'Carmen', 'Dieter', 'Emi']);
    expect(fake.callsTo('voices:list')).toEqual([{ engine: 'async' }]);
    expect(screen.getByRole('option', { name: /Ava/ })).toHaveProperty('ariaSelected', 'true');
  });

  it('searches name and description as you type', async () => {
    await renderPicker();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'story');
    expect(optionNames()).toEqual(['Emi']);
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'dieter');
    expect(optionNames()).toEqual(['Dieter']);
  });

  it('filters by language, gender, accent and style, with options from the catalogue', async () => {
    await renderPicker();
    const speaks = screen.getByRole('combobox', { name: 'Speaks' });
    expect(
      within(speaks)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toContain('French (1)');
    await userEvent.selectOptions(speaks, 'en');
    expect(optionNames()).toEqual(['Ava', 'Bruno', 'Carmen', 'Emi']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Gender' }), 'Female');
    expect(optionNames()).toEqual(['Ava', 'Carmen', 'Emi']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Style' }), 'narration');
    expect(optionNames()).toEqual(['Ava', 'Emi']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Accent' }), 'Japanese');
    expect(optionNames()).toEqual(['Emi']);
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(optionNames()).toHaveLength(5);
  });

  it('is usable from the keyboard: arrows move, Enter selects (and records it as recent), typing searches', async () => {
    const fake = await renderPicker();
    const list = screen.getByRole('listbox', { name: 'Voice' });
    act(() => list.focus());
    expect(list.getAttribute('aria-activedescendant')).toBe('voice-option-v-ava');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(list.getAttribute('aria-activedescendant')).toBe('voice-option-v-carmen');
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('option', { name: /Carmen/ }).getAttribute('aria-selected')).toBe('true'),
    );
    expect(fake.callsTo('settings:update')).toEqual([{ voiceId: 'v-carmen', recentVoiceIds: ['v-carmen'] }]);

    await userEvent.keyboard('calm');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveProperty('value', 'calm');
    expect(optionNames()).toEqual(['Dieter']);
    await userEvent.keyboard('{End}{Enter}');
    await waitFor(() => expect(fake.settings.voiceId).toBe('v-dieter'));
    expect(fake.settings.recentVoiceIds).toEqual(['v-dieter', 'v-carmen']);
  });

  it('resets a language the newly chosen voice cannot speak', async () => {
    const fake = await renderPicker({ language: 'ja', voiceId: 'v-emi' });
    await userEvent.click(screen.getByRole('option', { name: /Dieter/ }));
    await waitFor(() => expect(fake.settings.voiceId).toBe('v-dieter'));
    expect(fake.settings.language).toBeNull();
  });

  it('previews the highlighted voice from its card and marks favourites, which then come first', async () => {
    const fake = await renderPicker();
    await userEvent.click(screen.getByRole('option', { name: /Dieter/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(fake.callsTo('voices:preview')).toEqual([{ voiceId: 'v-dieter' }]);
    await waitFor(() => expect(HTMLMediaElement.prototype.play).toHaveBeenCalled());
    expect(URL.createObjectURL).toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Favourite' }));
    await waitFor(() => expect(optionNames()[0]).toBe('Dieter'));
    expect(fake.settings.favouriteVoiceIds).toEqual(['v-dieter']);
    await userEvent.click(screen.getByRole('button', { name: '★ Starred only' }));
    expect(optionNames()).toEqual(['Dieter']);
  });

  it('shows the recently used voices as one-click chips', async () => {
    const fake = await renderPicker({ recentVoiceIds: ['v-emi', 'v-bruno'] });
    const recent = screen.getByLabelText('Recently used');
    await userEvent.click(within(recent).getByRole('button', { name: 'Bruno' }));
    await waitFor(() => expect(fake.settings.voiceId).toBe('v-bruno'));
    expect(fake.settings.recentVoiceIds).toEqual(['v-bruno', 'v-emi']);
  });

  it('on first run lists the offline voices, and the Async library asks for a key', async () => {
    const fake = await startStudio();
    render(<VoicePicker />);
    await screen.findByRole('option', { name: /SLT/ });
    expect(fake.callsTo('voices:list')).toEqual([{ engine: 'offline' }]);
  });
});
