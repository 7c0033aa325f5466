import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Voice } from '../../shared/voices';
import { voiceFacets, type FacetOption } from '../lib/voice-catalogue';
import { useVoicesStore, type VoiceFilterState } from '../stores/useVoicesStore';

type FacetKey = 'language' | 'gender' | 'accent' | 'style';

/** Labels avoid the words "voice" and "language" so the pickers' accessible names stay unique. */
const FACETS: { key: FacetKey; label: string }[] = [
  { key: 'language', label: 'Speaks' },
  { key: 'gender', label: 'Gender' },
  { key: 'accent', label: 'Accent' },
  { key: 'style', label: 'Style' },
];

function FacetSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: FacetOption[];
  onChange(value: string): void;
}) {
  return (
    <label className="facet">
      <span className="facet__label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} disabled={options.length === 0}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Filters for language, gender, accent and style, with options taken from the catalogue. */
export function VoiceFilters({ voices }: { voices: readonly Voice[] }) {
  const { filter, api } = useVoicesStore(useShallow((s) => ({ filter: s.filter, api: s.api })));
  const facets = useMemo(() => voiceFacets(voices), [voices]);
  const active = FACETS.some(({ key }) => filter[key]) || filter.favouritesOnly;

  return (
    <div className="filters">
      {FACETS.map(({ key, label }) => (
        <FacetSelect
          key={key}
          label={label}
          value={filter[key]}
          options={facets[key]}
          onChange={(value) => api.setFilter({ [key]: value } as Partial<VoiceFilterState>)}
        />
      ))}
      <div className="filters__row">
        <button
          type="button"
          className={filter.favouritesOnly ? 'chip chip--on' : 'chip'}
          aria-pressed={filter.favouritesOnly}
          onClick={() => api.setFilter({ favouritesOnly: !filter.favouritesOnly })}
        >
          ★ Starred only
        </button>
        {active && (
          <button type="button" className="link-button" onClick={api.clearFilters}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
