// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { KeyDialog } from '../../../renderer/components/KeyDialog';
import { TopBar } from '../../../renderer/components/TopBar';
import { cleanupAfterEach, startStudio } from '../studio-harness';
import { StudioError } from '../../../shared/errors';

cleanupAfterEach();

function Studio() {
  return (
    <>
      <TopBar />
      <KeyDialog />
    </>
  );
}

describe('the key flow', () => {
  it('first run: offline engine selected, a clear call to add a key, then only the last 4 characters', async () => {
    const fake = await startStudio();
    render(<Studio />);
    expect(screen.getByRole('radio', { name: 'Offline' }).getAttribute('aria-checked')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'Add your Async API key' }));
    expect(document.activeElement).toBe(screen.getByLabelText('API key'));
    await userEvent.type(screen.getByLabelText('API key'), 'sk_live_1234567890wxyz');
    expect(screen.getByRole('checkbox', { name: 'Remember on this computer' })).toHaveProperty('checked', true);
    await userEvent.click(screen.getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(fake.callsTo('key:set')).toEqual([{ key: 'sk_live_1234567890wxyz', persist: true }]));
    await waitFor(() => expect(fake.settings.engine).toBe('async'));
    expect(screen.queryByRole('button', { name: 'Add your Async API key' })).toBeNull();
    expect(screen.getByRole('button', { name: /Key ••••wxyz/ })).toBeTruthy();
    expect(document.body.textContent).not.toContain('1234567890');
  });

  it('when the key cannot be kept, says why and keeps it for the session only', async () => {
    const note = 'This computer has no secure storage (basic_text), so the key is kept for this session only.';
    const fake = await startStudio({ key: { canPersist: false, persistenceNote: note } });
    render(<Studio />);
    await userEvent.click(screen.getByRole('button', { name: 'Add your Async API key' }));
    const remember = screen.getByRole('checkbox', { name: 'Remember on this computer' });
    expect(remember).toHaveProperty('disabled', true);
    expect(screen.getByText(note)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('API key'), 'sk_session_key_9876');
    await userEvent.click(screen.getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(fake.callsTo('key:set')).toEqual([{ key: 'sk_session_key_9876', persist: false }]));
  });

  it('shows why a key was refused and keeps the dialog open', async () => {
    const fake = await startStudio();
    fake.handle('key:set', () => {
      throw new StudioError({
        code: 'AUTH',
        message: 'Async did not accept this key.',
        hint: 'Copy it again from your dashboard.',
      });
    });
    render(<Studio />);
    await userEvent.click(screen.getByRole('button', { name: 'Add your Async API key' }));
    await userEvent.type(screen.getByLabelText('API key'), 'sk_wrong_key_0000');
    await userEvent.click(screen.getByRole('button', { name: 'Save key' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Async did not accept this key. Copy it again from your dashboard.',
    );
    expect(fake.settings.engine).toBe('offline');
  });

  it('clears a stored key', async () => {
    const fake = await startStudio({ key: { hasKey: true, hint: 'wxyz', storage: 'keychain' } });
    render(<Studio />);
    await userEvent.click(screen.getByRole('button', { name: /Key ••••wxyz/ }));
    expect(screen.getByText(/saved in your system keychain/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Clear key' }));
    await waitFor(() => expect(fake.key.hasKey).toBe(false));
    expect(screen.getByRole('button', { name: 'Add your Async API key' })).toBeTruthy();
  });
});
