/** A voice as the studio shows it, whichever provider it comes from. */
export interface Voice {
  id: string;
  name: string;
  description: string;
  /** ISO 639-1 codes the voice speaks. */
  languages: string[];
  gender: string;
  accent: string;
  styles: string[];
  /** PREDEFINED (Async library), CUSTOM (the user's clones) or OFFLINE (embedded engine). */
  type: 'PREDEFINED' | 'CUSTOM' | 'OFFLINE';
  provider: 'async' | 'offline';
}

/** The filters `POST /voices` takes (asyncai-api.md §5.2); `query` is matched locally. */
export interface VoiceFilter {
  language?: string;
  gender?: string;
  accent?: string;
  style?: string;
  modelId?: string;
  myVoices?: boolean;
  /** Free text matched against name and description. */
  query?: string;
}

function includesFolded(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

/** Applies a filter to voices already fetched: the one matcher the CLI, the UI and the offline engine use. */
export function matchesVoiceFilter(voice: Voice, filter: VoiceFilter): boolean {
  if (filter.language && !voice.languages.includes(filter.language)) return false;
  if (filter.gender && voice.gender.toLowerCase() !== filter.gender.toLowerCase()) return false;
  if (filter.accent && !includesFolded(voice.accent, filter.accent)) return false;
  if (filter.style && !voice.styles.some((s) => includesFolded(s, filter.style!))) return false;
  if (filter.myVoices && voice.type !== 'CUSTOM') return false;
  if (filter.query) {
    const q = filter.query.trim();
    if (q && !includesFolded(voice.name, q) && !includesFolded(voice.description, q)) return false;
  }
  return true;
}
