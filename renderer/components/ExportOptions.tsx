import { COMMON_SAMPLE_RATES, EXPORT_FORMATS, type ExportFormat } from '../../shared/audio-format';
import { kiloHertz } from '../lib/format';
import { ChoiceGroup } from './ChoiceGroup';
import { SelectField } from './SelectField';

interface FormatChoiceProps {
  group: string;
  /** What each format offers in this export ("chapter markers", "plays anywhere"). */
  hints: Record<ExportFormat, string>;
  value: ExportFormat;
  onChange(format: ExportFormat): void;
}

/** WAV, MP3 or Ogg, each with what it offers. */
export function FormatChoice({ group, hints, value, onChange }: FormatChoiceProps) {
  return (
    <ChoiceGroup
      legend="Format"
      group={group}
      className="choice--inline"
      options={EXPORT_FORMATS.map((f) => ({ value: f, label: f.toUpperCase(), hint: hints[f] }))}
      value={value}
      onChange={onChange}
    />
  );
}

interface SampleRateFieldProps {
  value: number;
  /** The rate the audio was made at, named as such ("as rendered"): the one that needs no resampling. */
  native: { rate: number | undefined; label: string };
  onChange(rate: number): void;
}

/** The common rates, plus the audio's own when it is not one of them. */
export function SampleRateField({ value, native, onChange }: SampleRateFieldProps) {
  const rates = COMMON_SAMPLE_RATES.includes(value as (typeof COMMON_SAMPLE_RATES)[number])
    ? COMMON_SAMPLE_RATES
    : [...COMMON_SAMPLE_RATES, value].sort((a, b) => a - b);
  return (
    <SelectField
      label="Sample rate"
      value={value}
      options={rates.map((rate) => ({
        value: rate,
        label: `${kiloHertz(rate)}${rate === native.rate ? ` (${native.label})` : ''}`,
      }))}
      onChange={onChange}
    />
  );
}

/** How far an export has got, and what it is doing when the engine says ("Measuring loudness"). */
export function ExportProgress({ fraction, stage }: { fraction: number; stage?: string | null }) {
  return (
    <div className="progress">
      <progress value={fraction} max={1} aria-label="Export progress" />
      <span>
        {stage ? `${stage} · ` : ''}
        {Math.round(fraction * 100)} %
      </span>
    </div>
  );
}
