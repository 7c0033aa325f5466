import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ExportFormat } from '../../../shared/audio-format';
import { LOUDNESS_PRESETS } from '../../../shared/loudness';
import type { Project } from '../../../shared/project';
import type { ProjectExportRequest } from '../../../shared/project-session';
import { useProjectExportStore } from '../../stores/useProjectExportStore';
import { useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';
import { Dialog } from '../Dialog';
import { ExportProgress, FormatChoice, SampleRateField } from '../ExportOptions';
import { Problem } from '../Problem';
import { ChoiceGroup, type ChoiceOption } from '../ChoiceGroup';
import { DeliveryReports } from './DeliveryReports';
import { jumpToBlock } from './QaPanel';

type ScopeKind = ProjectExportRequest['scope']['kind'];
type Caption = ProjectExportRequest['captions'][number];

const FORMAT_HINTS: Record<ExportFormat, string> = {
  wav: 'lossless, cue points',
  mp3: 'chapter markers (ID3)',
  ogg: 'Vorbis, open',
};

/** Delivery specs by their short names, with the full description shown for the one chosen. */
const PRESETS: (ChoiceOption<string | null> & { description: string })[] = [
  ...LOUDNESS_PRESETS.map((p) => ({
    value: p.id,
    label: p.label.replace(/\s*\(.*\)$/, ''),
    hint:
      p.target.kind === 'integrated'
        ? `${p.target.targetLufs} LUFS`
        : `RMS ${p.target.minRmsDbfs} to ${p.target.maxRmsDbfs} dB`,
    description: p.description,
  })),
  { value: null, label: 'None', hint: 'as rendered', description: 'Level as rendered; still measured and reported.' },
];

/** The renders are made at 44.1 kHz; other rates are resampled. */
const DEFAULT_RATE = 44100;

/** The files written: shown in their folder (desktop) or downloaded (browser). */
function ExportedFiles() {
  const { result, reveal } = useProjectExportStore(useShallow((s) => ({ result: s.result, reveal: s.api.reveal })));
  const shown = useRef<HTMLDivElement>(null);
  // The dialog is taller than most windows: the outcome is what matters once the export is done.
  useEffect(() => {
    shown.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [result]);
  if (!result) return null;
  return (
    <div ref={shown} className="inset export-result" role="status" aria-label="Exported files">
      <ul className="plain-list exported">
        {result.files.map((file) => (
          <li key={file.path}>
            <span className="exported__kind">{file.kind}</span>
            {file.downloadUrl ? (
              <a href={file.downloadUrl} download={file.fileName}>
                {file.fileName}
              </a>
            ) : (
              <strong>{file.fileName}</strong>
            )}
          </li>
        ))}
      </ul>
      <p className="note">
        {result.chapterMarkers > 0
          ? `${result.chapterMarkers} chapter markers written.`
          : 'No chapter markers (one chapter, or a format without them).'}
      </p>
      {result.files[0] && !result.files[0].downloadUrl && (
        <button type="button" className="button button--small" onClick={() => void reveal(result.files[0]!.path)}>
          Show in folder
        </button>
      )}
    </div>
  );
}

/**
 * Export the project: whole, one file per chapter, or the picked blocks; format, rate, a loudness
 * preset and captions. Afterwards each file's measured delivery report is shown, pass or fail per check.
 */
export function ProjectExportDialog({ project }: { project: Project }) {
  const open = useViewStore((s) => s.dialog === 'export');
  const { showDialog, setPanel } = useViewStore(
    useShallow((s) => ({ showDialog: s.api.showDialog, setPanel: s.api.setPanel })),
  );
  const picked = useViewStore((s) => s.picked);
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const { running, fraction, stage, result, error, findings, api } = useProjectExportStore(
    useShallow((s) => ({
      running: s.running,
      fraction: s.fraction,
      stage: s.stage,
      result: s.result,
      error: s.error,
      findings: s.findings,
      api: s.api,
    })),
  );
  const [scope, setScope] = useState<ScopeKind>('project');
  const [format, setFormat] = useState<ExportFormat>('mp3');
  const [sampleRate, setSampleRate] = useState(DEFAULT_RATE);
  const [presetId, setPresetId] = useState<string | null>(project.defaults.exportPresetId);
  const [captions, setCaptions] = useState<Caption[]>([]);

  useEffect(() => {
    if (!open) return;
    api.reset();
    setPresetId(
      LOUDNESS_PRESETS.some((p) => p.id === project.defaults.exportPresetId) ? project.defaults.exportPresetId : null,
    );
    if (scope === 'blocks' && picked.length === 0) setScope('project');
    // Only when the dialog opens: later project changes must not reset the user's choices.
  }, [open]);

  const close = () => showDialog(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request: ProjectExportRequest = {
      scope:
        scope === 'project'
          ? { kind: 'project' }
          : scope === 'chapters'
            ? { kind: 'chapters', chapterIds: null }
            : { kind: 'blocks', blockIds: picked },
      format,
      sampleRate,
      presetId,
      captions,
    };
    // The preset chosen becomes the project's default for next time.
    if (presetId && presetId !== project.defaults.exportPresetId) {
      void editOrReport([{ op: 'set-export-preset', presetId }]);
    }
    void api.run(request);
  };
  const scopes: ChoiceOption<ScopeKind>[] = [
    { value: 'project', label: 'Whole project', hint: `${project.chapters.length} chapters, one file` },
    { value: 'chapters', label: 'One file per chapter', hint: `${project.chapters.length} files` },
    {
      value: 'blocks',
      label: 'Picked blocks',
      hint: picked.length ? `${picked.length} blocks, one file` : 'Shift- or Ctrl-click blocks to pick them',
      disabled: picked.length === 0,
    },
  ];

  return (
    <Dialog title="Export project" open={open} onClose={close} wide>
      <form className="form" onSubmit={submit}>
        <ChoiceGroup
          legend="What"
          group="project-export-scope"
          className="choice--inline"
          options={scopes}
          value={scope}
          onChange={setScope}
        />
        <FormatChoice group="project-export-format" hints={FORMAT_HINTS} value={format} onChange={setFormat} />
        <div className="settings__row">
          <SampleRateField
            value={sampleRate}
            native={{ rate: DEFAULT_RATE, label: 'as rendered' }}
            onChange={setSampleRate}
          />
          <fieldset className="choice choice--inline">
            <legend>Captions</legend>
            {(['srt', 'vtt'] as const).map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={captions.includes(c)}
                  onChange={(event) =>
                    setCaptions(event.target.checked ? [...captions, c] : captions.filter((x) => x !== c))
                  }
                />
                {c === 'srt' ? 'SRT' : 'WebVTT'}
              </label>
            ))}
          </fieldset>
        </div>
        <ChoiceGroup
          legend="Loudness"
          group="project-export-preset"
          className="presets"
          options={PRESETS}
          value={presetId}
          onChange={setPresetId}
        >
          <p className="note presets__about">{PRESETS.find((p) => p.value === presetId)?.description}</p>
        </ChoiceGroup>
        {running && <ExportProgress fraction={fraction} stage={stage ?? 'Exporting'} />}
        <Problem error={error} />
        <ExportedFiles />
        {result && result.reports.length > 0 && <DeliveryReports reports={result.reports} />}
        {result && (
          <div className="qa-line">
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                void api.runQa(null);
                setPanel('qa');
              }}
            >
              QA the takes
            </button>
            {findings && findings.length > 0 && (
              <ul className="plain-list findings findings--inline" aria-label="QA findings">
                {findings.map((f, i) => (
                  <li key={`${f.blockId}-${i}`}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        close();
                        jumpToBlock(f.chapterId, f.blockId);
                      }}
                    >
                      {f.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {findings && findings.length === 0 && <span className="note">QA: nothing stands out.</span>}
          </div>
        )}
        <div className="form__actions">
          <button type="button" className="button" onClick={close}>
            {result ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="button button--primary" disabled={running}>
            {running ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
