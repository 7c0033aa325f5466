export interface SelectOption<T extends string | number> {
  value: T;
  label: string;
}

export interface SelectProps<T extends string | number> {
  value: T;
  options: readonly SelectOption<T>[];
  onChange(value: NoInfer<T>): void;
  'aria-label'?: string;
  'aria-describedby'?: string;
  disabled?: boolean;
  title?: string;
}

/** A select over typed options: what it hands back is the option's own value (a number stays a number). */
export function Select<T extends string | number>({ value, options, onChange, ...attributes }: SelectProps<T>) {
  return (
    <select
      {...attributes}
      value={value}
      onChange={(event) => {
        const chosen = options.find((o) => String(o.value) === event.target.value);
        if (chosen) onChange(chosen.value);
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A select with its label above it: the studio's form field. */
export function SelectField<T extends string | number>({ label, ...select }: SelectProps<T> & { label: string }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <Select {...select} />
    </label>
  );
}
