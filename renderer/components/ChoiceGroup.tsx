import type { ReactNode } from 'react';

export interface ChoiceOption<T> {
  value: T;
  label: string;
  /** A few words under the label: what the option means or costs. */
  hint: string;
  disabled?: boolean;
}

interface ChoiceGroupProps<T> {
  legend: string;
  /** The radios' name: unique on the page, so the arrow keys move within this choice only. */
  group: string;
  /** Layout modifiers of `.choice` ("choice--inline"). */
  className?: string;
  options: readonly ChoiceOption<NoInfer<T>>[];
  value: T;
  onChange(value: NoInfer<T>): void;
  /** Shown after the options (a note on the one chosen). */
  children?: ReactNode;
}

/** One of several options, as the studio's dialogs draw them: radios with a label and a hint under each. */
export function ChoiceGroup<T>({ legend, group, className, options, value, onChange, children }: ChoiceGroupProps<T>) {
  return (
    <fieldset className={className ? `choice ${className}` : 'choice'}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.label} className="choice__option">
          <input
            type="radio"
            name={group}
            checked={o.value === value}
            disabled={o.disabled}
            onChange={() => onChange(o.value)}
          />
          <span>
            <strong>{o.label}</strong>
            <small>{o.hint}</small>
          </span>
        </label>
      ))}
      {children}
    </fieldset>
  );
}
