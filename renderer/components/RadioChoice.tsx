interface RadioChoiceProps {
  group: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChoose(): void;
}

/** One option of a choice, as the studio's dialogs draw them: a radio with a label and a hint under it. */
export function RadioChoice({ group, label, hint, checked, disabled, onChoose }: RadioChoiceProps) {
  return (
    <label className="choice__option">
      <input type="radio" name={group} checked={checked} disabled={disabled} onChange={onChoose} />
      <span>
        <strong>{label}</strong>
        <small>{hint}</small>
      </span>
    </label>
  );
}
