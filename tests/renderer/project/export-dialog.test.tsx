// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { makeBook } from '../fake-project';
import type { FakeStudio } from '../fake-studio';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

async function openExport() {
  const fake = await renderProjectApp(makeBook(3, 1));
  fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
  return { fake, dialog: screen.getByRole('dialog', { name: 'Export project' }) };
}

/**
 * Holds the next export open after it reports `fraction` and `stage`; the function returned lets
 * it finish with the fake engine's result (as `fake.project.exportResult` answers by then).
 */
function holdExport(fake: FakeStudio, fraction: number, stage: string): () => void {
  let finish: () => void = () => {};
  fake.handle('project:export', (request) => {
    fake.emit('project:export-progress', { fraction, stage });
    return new Promise((resolve) => {
      finish = () => resolve(fake.project.exportResult(request));
    });
  });
  return () => finish();
}

describe('project export dialog', () => {
  it('reopened during an export, shows that export under way and offers no second one', async () => {
    const { fake, dialog } = await openExport();
    const finish = holdExport(fake, 0.4, 'Joining takes');
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Export' })));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog', { name: 'Export project' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const again = screen.getByRole('dialog', { name: 'Export project' });
    expect(within(again).getByRole('button', { name: 'Exporting…' })).toHaveProperty('disabled', true);
    expect(within(again).getByText('Joining takes · 40 %')).toBeTruthy();
    await act(async () => finish());
    expect(fake.callsTo('project:export')).toHaveLength(1);
    expect(within(again).getByRole('status', { name: 'Exported files' })).toBeTruthy();
  });

  it('sends the chosen scope, format, rate, preset and captions, shows progress, files and each file’s report', async () => {
    const { fake, dialog } = await openExport();
    const finish = holdExport(fake, 0.8, 'Measuring loudness');
    fake.project.exportResult = (request) => ({
      files: [
        { fileName: '01 One.wav', kind: 'audio', format: 'wav', path: '/p/exports/01 One.wav', downloadUrl: null },
        { fileName: '01 One.srt', kind: 'captions', format: 'srt', path: '/p/exports/01 One.srt', downloadUrl: null },
        { fileName: '02 Two.wav', kind: 'audio', format: 'wav', path: '/p/exports/02 Two.wav', downloadUrl: null },
      ],
      reports: [
        {
          fileName: '01 One.wav',
          presetId: request.presetId,
          presetLabel: 'Audiobook, ACX',
          passed: true,
          checks: [{ label: 'RMS', value: -20.1, unit: 'dBFS', limit: 'between -23 and -18', passed: true }],
          measured: {
            integratedLufs: -19,
            loudnessRangeLu: 3,
            truePeakDbtp: -3.5,
            samplePeakDbfs: -3.6,
            rmsDbfs: -20.1,
          },
          durationSeconds: 12,
          reportFileName: '01 One.report.txt',
        },
        {
          fileName: '02 Two.wav',
          presetId: request.presetId,
          presetLabel: 'Audiobook, ACX',
          passed: false,
          checks: [
            { label: 'RMS', value: -19.4, unit: 'dBFS', limit: 'between -23 and -18', passed: true },
            { label: 'Peak', value: -1.2, unit: 'dBFS', limit: 'at most -3', passed: false },
            { label: 'Noise floor', value: -Infinity, unit: 'dBFS', limit: 'at most -60', passed: true },
          ],
          measured: { integratedLufs: -18, loudnessRangeLu: 3, truePeakDbtp: -1, samplePeakDbfs: -1.2, rmsDbfs: -19.4 },
          durationSeconds: 4,
          reportFileName: '02 Two.report.txt',
        },
      ],
      chapterMarkers: 0,
    });
    fireEvent.click(within(dialog).getByRole('radio', { name: /One file per chapter/ }));
    fireEvent.click(within(dialog).getByRole('radio', { name: /^WAV/ }));
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Sample rate' }), { target: { value: '48000' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: /Audiobook, ACX/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'SRT' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Export' })));
    expect(within(dialog).getByRole('progressbar', { name: 'Export progress' })).toHaveProperty('value', 0.8);
    expect(within(dialog).getByText('Measuring loudness · 80 %')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Exporting…' })).toHaveProperty('disabled', true);
    await act(async () => finish());

    expect(fake.callsTo('project:export')).toEqual([
      {
        scope: { kind: 'chapters', chapterIds: null },
        format: 'wav',
        sampleRate: 48000,
        presetId: 'acx',
        captions: ['srt'],
      },
    ]);
    // The preset becomes the project's default for next time.
    expect(useProjectStore.getState().snapshot!.project.defaults.exportPresetId).toBe('acx');

    const files = within(dialog).getByRole('status', { name: 'Exported files' });
    expect(
      within(files)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['audio01 One.wav', 'captions01 One.srt', 'audio02 Two.wav']);
    const one = within(dialog).getByRole('table', { name: 'Delivery report for 01 One.wav' });
    const two = within(dialog).getByRole('table', { name: 'Delivery report for 02 Two.wav' });
    expect(within(one).getByText('PASS', { selector: 'caption .verdict' })).toBeTruthy();
    expect(within(two).getByText('FAIL', { selector: 'caption .verdict' })).toBeTruthy();
    const rows = within(two)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['RMS', '−19.4 dBFS', 'between -23 and -18', 'PASS'],
      ['Peak', '−1.2 dBFS', 'at most -3', 'FAIL'],
      ['Noise floor', '−∞ dBFS', 'at most -60', 'PASS'],
    ]);
    expect(
      within(two)
        .getAllByRole('row')
        .filter((r) => r.classList.contains('report__row--fail')),
    ).toHaveLength(1);

    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Show in folder' })));
    expect(fake.callsTo('export:reveal')).toEqual([{ path: '/p/exports/01 One.wav' }]);
  });

  it('exports the picked blocks, and QA findings jump to their block', async () => {
    const { fake, dialog } = await openExport();
    expect(within(dialog).getByRole('radio', { name: /Picked blocks/ })).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    // Pick blocks 1 to 3 with a click and a Shift-click.
    fireEvent.click(screen.getByRole('article', { name: 'Block 1' }));
    fireEvent.click(screen.getByRole('article', { name: 'Block 3' }), { shiftKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    fireEvent.click(within(dialog).getByRole('radio', { name: /Picked blocks/ }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Export' })));
    expect(fake.callsTo('project:export')[0]).toMatchObject({
      scope: { kind: 'blocks', blockIds: ['b1', 'b2', 'b3'] },
    });

    fake.project.qaFindings = [
      {
        blockId: 'b4',
        chapterId: 'c2',
        kind: 'clipped',
        message: 'Clipped: 12 samples at full scale.',
        value: 12,
        typical: 0,
      },
    ];
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'QA the takes' })));
    expect(fake.callsTo('project:qa')).toEqual([{ chapterId: null }]);
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Clipped: 12 samples at full scale.' })),
    );
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(screen.queryByRole('dialog', { name: 'Export project' })).toBeNull();
    expect((screen.getByRole('textbox', { name: 'Chapter title' }) as HTMLInputElement).value).toBe('Two');
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'Block 1' }));
    expect(document.activeElement?.getAttribute('data-block-id')).toBe('b4');
    // The QA panel lists it too.
    expect(within(screen.getByRole('tabpanel')).getByText('Clipped: 12 samples at full scale.')).toBeTruthy();
  });
});
