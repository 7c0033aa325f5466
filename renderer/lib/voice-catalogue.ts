import { languageName } from '../../shared/languages';
import { matchesVoiceFilter, type Voice, type VoiceFilter } from '../../shared/voices';

export interface FacetOption {
  value: string;
  label: string;
  count: number;
}

export interface VoiceFacets {
  language: FacetOption[];
  gender: FacetOption[];
  accent: FacetOption[];
  style: FacetOption[];
}

function tally(values: string[], label: (value: string) => string = (v) => v): FacetOption[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, label: label(value), count }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Filter options taken from the catalogue itself, so the filters never offer a value no voice has. */
export function voiceFacets(voices: readonly Voice[]): VoiceFacets {
  return {
    language: tally(
      voices.flatMap((v) => v.languages),
      languageName,
    ),
    gender: tally(voices.map((v) => v.gender)),
    accent: tally(voices.map((v) => v.accent)),
    style: tally(voices.flatMap((v) => v.styles)),
  };
}

/** What the voice filters hold: the API's filter fields, free text, and "favourites only". */
export interface VoiceListFilter extends VoiceFilter {
  favouritesOnly?: boolean;
}

/** The voices to list, favourites first, each group in catalogue order. */
export function visibleVoices(
  voices: readonly Voice[],
  filter: VoiceListFilter,
  favourites: readonly string[],
): Voice[] {
  const shown = voices.filter(
    (v) => matchesVoiceFilter(v, filter) && (!filter.favouritesOnly || favourites.includes(v.id)),
  );
  const isFavourite = (v: Voice) => (favourites.includes(v.id) ? 0 : 1);
  return shown
    .map((v, i) => ({ v, i }))
    .sort((a, b) => isFavourite(a.v) - isFavourite(b.v) || a.i - b.i)
    .map(({ v }) => v);
}
