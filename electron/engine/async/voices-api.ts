import type { Voice, VoiceFilter } from '../../../shared/voices';

/** A voice as `POST /voices` and `GET /voices/{id}` return it (asyncai-api.md §5.1). */
export interface ApiVoice {
  voice_id: string;
  name?: string;
  description?: string;
  /** Comma-separated ISO 639-1 codes, e.g. "de,en,es". */
  language?: string;
  gender?: string;
  accent?: string;
  /** Comma-separated, e.g. "Storytelling, Conversational". */
  style?: string;
  created_at?: string;
  updated_at?: string;
  voice_type?: string;
}

/** One page of the catalogue: `next_cursor` is passed back as `after`. */
export interface VoicePage {
  voices: Voice[];
  nextCursor: string | null;
}

/** `POST /voices` accepts at most 100 voices per page (asyncai-api.md §5.2). */
export const MAX_PAGE_SIZE = 100;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  return text(value)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * The one mapping from the API's voice object to the studio's `Voice`. Returns null for an entry
 * without a voice id, which could never be synthesised with.
 */
export function toVoice(raw: unknown): Voice | null {
  if (!raw || typeof raw !== 'object') return null;
  const api = raw as Record<string, unknown>;
  const id = text(api.voice_id);
  if (!id) return null;
  return {
    id,
    name: text(api.name) || id,
    description: text(api.description),
    languages: list(api.language).map((code) => code.toLowerCase()),
    gender: text(api.gender),
    accent: text(api.accent),
    styles: list(api.style),
    type: text(api.voice_type).toUpperCase() === 'CUSTOM' ? 'CUSTOM' : 'PREDEFINED',
    provider: 'async',
  };
}

/** The JSON body of `POST /voices` for a filter and a page; `query` is not a server filter. */
export function voiceListBody(
  filter: VoiceFilter,
  page: { limit?: number; after?: string | null },
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (page.limit !== undefined) body.limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(page.limit)));
  if (page.after) body.after = page.after;
  if (filter.language) body.language = filter.language;
  if (filter.gender) body.gender = filter.gender;
  if (filter.accent) body.accent = filter.accent;
  if (filter.style) body.style = filter.style;
  if (filter.modelId) body.model_id = filter.modelId;
  if (filter.myVoices !== undefined) body.my_voice = filter.myVoices;
  return body;
}

/** Reads a `POST /voices` answer; null when the body is not a voice list at all. */
export function readVoicePage(body: unknown): { voices: unknown[]; nextCursor: string | null } | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  if (!Array.isArray(record.voices)) return null;
  const cursor = record.next_cursor;
  return { voices: record.voices, nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor : null };
}
