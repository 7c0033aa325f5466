import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExportFormat } from '../../shared/audio-format';
import type { ExportRequest } from '../../shared/ipc-contract';
import { waveformView } from '../audio/playback-engine';
import { formatSeconds } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { useExportStore } from '../stores/useExportStore';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useTakesStore } from '../stores/useTakesStore';
import { Dialog } from './Dialog';
import { ExportProgress, FormatChoice, SampleRateField } from './ExportOptions';
import { Problem } from './Problem';
import { ChoiceGroup } from './ChoiceGroup';
import { SelectField } from './SelectField';

type Loudness = ExportRequest['targetLufs'];

const FORMAT_HINTS: Record<ExportFormat, string> = {
  wav: 'lossless',
  mp3: 'plays anywhere',
  ogg: 'Vorbis, open',
};

const LOUDNESS: { value: Loudness; label: string; hint: string }[] = [
  { value: null, label: 'None', hint: 'as made' },
  { value: -16, label: '−16 LUFS', hint: 'podcasts' },
  { value: -19, label: '−19 LUFS', hint: 'quieter mix' },
  { value: -23, label: '−23 LUFS', hint: 'broadcast' },
];

const signed = (value: number, unit: string) => `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)} ${unit}`;

/** Export a take (or the region selected on its waveform) as WAV, MP3 or Ogg, optionally loudness-normalised. */
export function ExportDialog() {
  const open = useDialogStore((s) => s.open === 'export');
  const close = useDialogStore((s) => s.api.close);
  const { takes, selectedId } = useTakesStore(useShallow((s) => ({ takes: s.takes, selectedId: s.selectedId })));
  const region = usePlaybackStore((s) => s.region);
  // Followed, not just read: the waveform can switch takes while the dialog is open.
  const shownTakeId = useSyncExternalStore(waveformView.subscribe, () => waveformView.get()?.takeId);
  const { running, fraction, result, error, api } = useExportStore(
    useShallow((s) => ({ running: s.running, fraction: s.fraction, result: s.result, error: s.error, api: s.api })),
  );
  const [takeId, setTakeId] = useState<string>('');
  const [format, setFormat] = useState<ExportFormat>('wav');
  const [sampleRate, setSampleRate] = useState(44100);
  const [loudness, setLoudness] = useState<Loudness>(null);
  const [onlyRegion, setOnlyRegion] = useState(false);

  useEffect(() => {
    if (!open) return;
    api.reset();
    const initial = takes.find((t) => t.id === selectedId) ?? takes[0];
    setTakeId(initial?.id ?? '');
    if (initial) setSampleRate(initial.sampleRate);
    setOnlyRegion(false);
    // Only when the dialog opens: later list changes must not reset the user's choices.
  }, [open]);

  const take = takes.find((t) => t.id === takeId);
  // The region was dragged on the waveform, so it belongs to the take shown there.
  const regionApplies = !!region && takeId === (shownTakeId ?? selectedId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!take) return;
    void api.run({
      takeId: take.id,
      format,
      sampleRate,
      targetLufs: loudness,
      region: onlyRegion && regionApplies && region ? region : null,
    });
  };

  return (
    <Dialog title="Export" open={open} onClose={close} wide>
      {takes.length === 0 ? (
        <p className="empty">Play something first: every render becomes a take you can export.</p>
      ) : (
        <form className="form" onSubmit={submit}>
          <SelectField
            label="Take"
            value={takeId}
            options={takes.map((t) => ({ value: t.id, label: `${t.name} · ${formatSeconds(t.durationSeconds)}` }))}
            onChange={setTakeId}
          />
          <FormatChoice group="export-format" hints={FORMAT_HINTS} value={format} onChange={setFormat} />
          <SampleRateField
            value={sampleRate}
            native={{ rate: take?.sampleRate, label: 'as recorded' }}
            onChange={setSampleRate}
          />
          <ChoiceGroup
            legend="Loudness"
            group="export-loudness"
            className="choice--inline choice--four"
            options={LOUDNESS}
            value={loudness}
            onChange={setLoudness}
          />
          <ChoiceGroup
            legend="Range"
            group="export-range"
            className="choice--inline"
            options={[
              { value: false, label: 'Whole take', hint: take ? formatSeconds(take.durationSeconds) : '' },
              {
                value: true,
                label: 'Selected region',
                hint:
                  regionApplies && region
                    ? `${formatSeconds(region.startSeconds)} – ${formatSeconds(region.endSeconds)}`
                    : 'drag on the waveform to select',
                disabled: !regionApplies,
              },
            ]}
            // What will be exported: the whole take while no region applies, whatever was picked before.
            value={onlyRegion && regionApplies}
            onChange={setOnlyRegion}
          />
          {running && <ExportProgress fraction={fraction} />}
          <Problem error={error} />
          {result && (
            <div className="inset export-result" role="status">
              <p>
                <strong>{result.fileName}</strong> · {formatSeconds(result.durationSeconds)}
              </p>
              <p>
                Measured loudness {signed(result.integratedLufs, 'LUFS')} integrated, true peak{' '}
                {signed(result.truePeakDbtp, 'dBTP')}.
              </p>
              {result.path && (
                <button type="button" className="button" onClick={() => void api.reveal(result.path!)}>
                  Show in folder
                </button>
              )}
              {result.downloadUrl && (
                <p className="note">
                  Your browser is downloading it.{' '}
                  <a href={result.downloadUrl} download={result.fileName}>
                    Download again
                  </a>
                </p>
              )}
            </div>
          )}
          <div className="form__actions">
            <button type="button" className="button" onClick={close}>
              {result ? 'Done' : 'Cancel'}
            </button>
            <button type="submit" className="button button--primary" disabled={running || !take}>
              {running ? 'Saving…' : 'Save file'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
