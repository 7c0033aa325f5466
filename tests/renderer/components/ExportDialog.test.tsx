// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { waveformView } from '../../../renderer/audio/playback-engine';
import { ExportDialog } from '../../../renderer/components/ExportDialog';
import { useStudioEvents } from '../../../renderer/hooks/useStudioEvents';
import { useDialogStore } from '../../../renderer/stores/useDialogStore';
import { usePlaybackStore } from '../../../renderer/stores/usePlaybackStore';
import { useTakesStore } from '../../../renderer/stores/useTakesStore';
import { makeTake } from '../fake-studio';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

function WithEvents() {
  useStudioEvents();
  return <ExportDialog />;
}

async function openExport() {
  const fake = await startStudio({ takes: [makeTake('t1', { name: 'Intro', sampleRate: 24000, durationSeconds: 8 })] });
  useTakesStore.getState().api.select('t1');
  render(<WithEvents />);
  act(() => useDialogStore.getState().api.show('export'));
  return fake;
}

describe('ExportDialog', () => {
  it('exports the chosen format, rate and loudness, shows progress and the measured loudness, and reveals the file', async () => {
    const fake = await openExport();
    let finish: () => void = () => {};
    fake.handle('export:take', ({ takeId, format }) => {
      return new Promise((resolve) => {
        finish = () =>
          resolve({
            path: `/music/${takeId}.${format}`,
            downloadUrl: null,
            fileName: `Intro.${format}`,
            durationSeconds: 8,
            integratedLufs: -19.04,
            truePeakDbtp: -1.52,
          });
      });
    });
    expect(screen.getByRole('combobox', { name: 'Sample rate' })).toHaveProperty('value', '24000');
    await userEvent.click(screen.getByRole('radio', { name: /OGG/ }));
    await userEvent.click(screen.getByRole('radio', { name: /−19 LUFS/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save file' }));
    expect(fake.callsTo('export:take')).toEqual([
      { takeId: 't1', format: 'ogg', sampleRate: 24000, targetLufs: -19, region: null },
    ]);
    act(() => fake.emit('export:progress', { takeId: 't1', fraction: 0.4 }));
    expect(screen.getByRole('progressbar', { name: 'Export progress' })).toHaveProperty('value', 0.4);
    await act(async () => finish());
    expect(screen.getByText(/Measured loudness −19\.0 LUFS integrated, true peak −1\.5 dBTP/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(fake.callsTo('export:reveal')).toEqual([{ path: '/music/t1.ogg' }]);
  });

  it('exports only the selected region when asked', async () => {
    const fake = await openExport();
    act(() => usePlaybackStore.getState().api.setRegion({ startSeconds: 1.25, endSeconds: 3.5 }));
    await userEvent.click(screen.getByRole('radio', { name: /Selected region/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save file' }));
    await waitFor(() =>
      expect(fake.callsTo('export:take')).toEqual([
        {
          takeId: 't1',
          format: 'wav',
          sampleRate: 24000,
          targetLufs: null,
          region: { startSeconds: 1.25, endSeconds: 3.5 },
        },
      ]),
    );
  });

  it('offers the region only while the waveform shows the chosen take, following the waveform as it changes', async () => {
    await startStudio({ takes: [makeTake('t1', { name: 'Intro' }), makeTake('t2', { name: 'Outro' })] });
    useTakesStore.getState().api.select('t1');
    const peaks = { max: new Float32Array(4), min: new Float32Array(4), durationSeconds: 8 };
    act(() => waveformView.set({ takeId: 't1', peaks, live: false }));
    render(<WithEvents />);
    act(() => useDialogStore.getState().api.show('export'));
    act(() => usePlaybackStore.getState().api.setRegion({ startSeconds: 1, endSeconds: 2 }));
    const regionChoice = () => screen.getByRole('radio', { name: /Selected region/ }) as HTMLInputElement;
    expect(regionChoice().disabled).toBe(false);
    // The waveform moves to another take with nothing else changing: the region is that take's now.
    act(() => waveformView.set({ takeId: 't2', peaks, live: false }));
    expect(regionChoice().disabled).toBe(true);
    act(() => waveformView.set({ takeId: 't1', peaks, live: false }));
    expect(regionChoice().disabled).toBe(false);
    act(() => waveformView.set(null));
  });

  it('in the web shell, hands the file to the browser as a download', async () => {
    const fake = await openExport();
    fake.handle('export:take', () => ({
      path: null,
      downloadUrl: '/downloads/abc/Intro.wav',
      fileName: 'Intro.wav',
      durationSeconds: 8,
      integratedLufs: -16,
      truePeakDbtp: -1,
    }));
    const clicked = vi.fn();
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
      clicked(this.getAttribute('href'), this.download);
    };
    await userEvent.click(screen.getByRole('button', { name: 'Save file' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledWith('/downloads/abc/Intro.wav', 'Intro.wav'));
    expect(screen.queryByRole('button', { name: 'Show in folder' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Download again' }).getAttribute('href')).toBe('/downloads/abc/Intro.wav');
  });
});
