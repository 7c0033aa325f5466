import { useState } from 'react';

interface RenameFieldProps {
  value: string;
  /** The new name, trimmed; called only when it differs from `value`. */
  onRename(name: string): void;
  /** A chapter may be untitled; a project or a speaker keeps its name when the field is emptied. */
  allowEmpty?: boolean;
  className: string;
  'aria-label': string;
  placeholder?: string;
  maxLength?: number;
}

/** A name edited in place: sent when the field is left or Enter is pressed; Escape puts it back. */
export function RenameField({ value, onRename, allowEmpty = false, ...attributes }: RenameFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const name = draft?.trim();
    if (name !== undefined && (name || allowEmpty) && name !== value) onRename(name);
    setDraft(null);
  };
  return (
    <input
      type="text"
      {...attributes}
      value={draft ?? value}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}
