import { useState } from 'react';
import { PROJECT_LIMITS, type Project, type ProjectDefaults } from '../../../shared/project';
import { useProjectStore } from '../../stores/useProjectStore';

type Pauses = ProjectDefaults['pauses'];
type PauseKey = Exclude<keyof Pauses, 'betweenSentencesMs'>;

const FIELDS: { key: PauseKey; label: string; hint: string }[] = [
  { key: 'betweenBlocksMs', label: 'Between blocks', hint: 'a block can set its own' },
  { key: 'betweenChaptersMs', label: 'Between chapters', hint: 'in a whole-project file' },
  { key: 'headRoomMs', label: 'Head', hint: 'silence before the first word' },
  { key: 'tailRoomMs', label: 'Tail', hint: 'silence after the last word' },
];

/** Milliseconds typed in a field, or null when it is not a pause the project accepts. */
export function parsePause(text: string): number | null {
  const value = Math.round(Number(text));
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= PROJECT_LIMITS.pauseMs ? value : null;
}

/** One pause, sent when the field is left or Enter is pressed. */
function PauseField({
  label,
  hint,
  value,
  onCommit,
}: {
  label: string;
  hint: string;
  value: number;
  onCommit(ms: number): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const ms = parsePause(draft);
    setDraft(null);
    if (ms !== null && ms !== value) onCommit(ms);
  };
  const invalid = draft !== null && parsePause(draft) === null;
  return (
    <label className="field pause-field">
      <span className="field__label">{label}</span>
      <span className="pause-field__input">
        <input
          type="number"
          min={0}
          max={PROJECT_LIMITS.pauseMs}
          step={50}
          aria-label={`${label} (ms)`}
          aria-invalid={invalid}
          value={draft ?? String(value)}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit();
          }}
        />
        ms
      </span>
      <small className="note">{invalid ? `0 to ${PROJECT_LIMITS.pauseMs.toLocaleString()} ms` : hint}</small>
    </label>
  );
}

/**
 * The project's pauses: exact silence spliced between sentences (optional), blocks and chapters,
 * and room at the head and tail. The model's own <break/> stays for short acted pauses.
 */
export function PausesPanel({ project }: { project: Project }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const pauses = project.defaults.pauses;
  const set = (patch: Partial<Pauses>) => void editOrReport([{ op: 'set-pauses', pauses: patch }]);
  const sentences = pauses.betweenSentencesMs;
  return (
    <div className="side__body pauses">
      <label className="check">
        <input
          type="checkbox"
          checked={sentences !== null}
          onChange={(event) => set({ betweenSentencesMs: event.target.checked ? 300 : null })}
        />
        Add silence between sentences
      </label>
      {sentences !== null ? (
        <PauseField
          label="Between sentences"
          hint="replaces the model's own pause"
          value={sentences}
          onCommit={(ms) => set({ betweenSentencesMs: ms })}
        />
      ) : (
        <p className="note">Sentences keep the model’s natural pauses.</p>
      )}
      <div className="pauses__grid">
        {FIELDS.map((field) => (
          <PauseField
            key={field.key}
            label={field.label}
            hint={field.hint}
            value={pauses[field.key]}
            onCommit={(ms) => set({ [field.key]: ms })}
          />
        ))}
      </div>
    </div>
  );
}
