import type { FliteVoice } from '../../electron/engine/offline/flite';
import { matchesVoiceFilter, type Voice, type VoiceFilter } from '../../shared/voices';

/** A voice in the API's own shape (asyncai-api.md §5.1). */
export interface ApiVoice {
  voice_id: string;
  name: string;
  description: string;
  /** Comma-separated ISO 639-1 codes. */
  language: string;
  gender: string;
  accent: string;
  /** Comma-separated. */
  style: string;
  created_at: string;
  updated_at: string;
  voice_type: 'PREDEFINED' | 'CUSTOM';
}

type Row = [
  id: string,
  name: string,
  gender: string,
  accent: string,
  language: string,
  style: string,
  description: string,
  createdAt: string,
  type?: 'CUSTOM',
];

// Both created_at forms the docs show appear: `…Z` and zone-less with microseconds.
const ROWS: Row[] = [
  [
    'e0f39dc4-f691-4e78-bba5-5c636692cc04',
    'Ava',
    'Female',
    'American (US)',
    'en',
    'Conversational',
    'Warm, friendly and clear; the voice most examples use.',
    '2025-03-30T11:15:32Z',
  ],
  [
    'cca0e076-94b9-4c6d-86b7-546168f11174',
    'Jennie',
    'Female',
    'American (US)',
    'en',
    'Conversational,Customer Support',
    'Bright young voice with an easy, helpful tone.',
    '2025-04-02T09:01:10Z',
  ],
  [
    'f493c663-b272-493e-8b78-72d2262a2a8d',
    'Stella',
    'Female',
    'British (UK)',
    'en',
    'Storytelling,Audiobook',
    'Composed storyteller with a soft Southern English accent.',
    '2025-05-19T14:37:07.297056',
  ],
  [
    '6513270e-269e-4d37-b2a7-4de452e6b438',
    'Marcus',
    'Male',
    'American (US)',
    'en',
    'News,Narration',
    'Deep, steady newsreader.',
    '2025-03-30T11:16:02Z',
  ],
  [
    'd23f0824-128b-4f33-8c5c-7fd0a6a3a450',
    'Oliver',
    'Male',
    'British (UK)',
    'en',
    'Audiobook,Storytelling',
    'Measured narrator for long-form fiction.',
    '2025-04-11T08:22:45.118204',
  ],
  [
    '9531985d-5d9d-49f8-9818-e811892f902b',
    'Isla',
    'Female',
    'Scottish',
    'en',
    'Calm,Meditation',
    'Gentle Highland voice for guided relaxation.',
    '2025-04-14T17:45:00Z',
  ],
  [
    '36f675cc-81e7-4ef5-a8e2-5d940ed90475',
    'Liam',
    'Male',
    'Irish',
    'en',
    'Conversational',
    'Relaxed Dublin voice, good for podcasts.',
    '2025-04-20T10:10:10.500000',
  ],
  [
    '6b0d549b-6f03-475a-9600-a35a099950d8',
    'Charlotte',
    'Female',
    'Australian',
    'en',
    'Advertising,Energetic',
    'Upbeat presenter for ads and promos.',
    '2025-05-01T12:00:00Z',
  ],
  [
    '8d116ece-1738-47d9-bd9c-172411e20b8f',
    'Arjun',
    'Male',
    'Indian',
    'en,hi',
    'Customer Support,Conversational',
    'Polite, articulate support agent.',
    '2025-05-03T07:30:12.004512',
  ],
  [
    '90c192cf-d3ac-44af-8f21-ddb66cad4a26',
    'Priya',
    'Female',
    'Indian',
    'en,hi',
    'Narration',
    'Clear explainer voice for tutorials.',
    '2025-05-03T07:31:40Z',
  ],
  [
    'a170b338-3926-4059-b28c-105d1fb17c23',
    'Camille',
    'Female',
    'French (France)',
    'fr,en',
    'Conversational,Advertising',
    'Parisian voice, light and elegant.',
    '2025-05-07T15:02:33Z',
  ],
  [
    '0fd630f1-f29d-4da9-953f-48f1a09f76b5',
    'Théo',
    'Male',
    'French (France)',
    'fr',
    'News',
    'Crisp French news anchor.',
    '2025-05-07T15:05:01.771200',
  ],
  [
    '0cb1e29c-658c-4a14-95e6-0af593bd04cf',
    'Lucía',
    'Female',
    'Spanish (Spain)',
    'es,en',
    'Storytelling',
    'Castilian storyteller, expressive.',
    '2025-05-09T11:11:11Z',
  ],
  [
    '8e81973e-0bec-47b0-b898-d190f9ebdacc',
    'Mateo',
    'Male',
    'Mexican',
    'es',
    'Conversational,Customer Support',
    'Friendly Latin American agent voice.',
    '2025-05-09T11:40:52.090909',
  ],
  [
    '6b4cb242-4a23-4596-a217-beaddbc496cb',
    'Hannah',
    'Female',
    'German',
    'de,en',
    'Narration,Audiobook',
    'Calm Hochdeutsch narrator.',
    '2025-05-12T08:00:00Z',
  ],
  [
    '92276658-1e27-41c0-8a6a-63ec24ede6a4',
    'Felix',
    'Male',
    'German',
    'de',
    'Energetic,Advertising',
    'Punchy voice for trailers and ads.',
    '2025-05-12T08:15:45.123456',
  ],
  [
    'ae97ba94-d0ed-482f-8f6d-05584ef8aa38',
    'Giulia',
    'Female',
    'Italian',
    'it,en',
    'Conversational',
    'Warm Milanese voice.',
    '2025-05-14T13:20:00Z',
  ],
  [
    '923a7369-94e3-4f91-9a61-dbe22e44158b',
    'Rafael',
    'Male',
    'Brazilian',
    'pt,es',
    'Storytelling,Conversational',
    'Smooth Brazilian Portuguese voice.',
    '2025-05-16T19:05:27.640000',
  ],
  [
    '18f135d2-5f55-4203-b018-50c5a38fd547',
    'Beatriz',
    'Female',
    'Portuguese (Portugal)',
    'pt',
    'News,Narration',
    'Lisbon newsreader, precise diction.',
    '2025-05-16T19:08:00Z',
  ],
  [
    '907a70c3-1012-4037-b64c-e4228c38fb29',
    'Omar',
    'Male',
    'Arabic (Gulf)',
    'ar,en',
    'Narration',
    'Resonant Modern Standard Arabic narrator.',
    '2025-05-20T06:45:13.000001',
  ],
  [
    '7f150524-34b9-45df-9e77-69b10f4205b4',
    'Nadia',
    'Female',
    'Russian',
    'ru,en',
    'Audiobook',
    'Rich, low Russian voice for audiobooks.',
    '2025-05-22T21:00:00Z',
  ],
  [
    'c6f87718-6d76-407e-881e-d162ae2eb154',
    'Andrei',
    'Male',
    'Romanian',
    'ro',
    'Conversational',
    'Natural Bucharest conversational voice.',
    '2025-05-25T10:33:21.555555',
  ],
  [
    'ec66a787-95e7-41d1-b731-af10506bf2ef',
    'Yuki',
    'Female',
    'Japanese',
    'ja',
    'Calm,Customer Support',
    'Soft, polite Tokyo voice.',
    '2025-05-28T02:14:00Z',
  ],
  [
    '3f98e277-4cbd-47ad-9c90-a9587403e430',
    'Noam',
    'Male',
    'Israeli',
    'he,en',
    'News',
    'Direct Hebrew news voice.',
    '2025-06-01T09:09:09.090000',
  ],
  [
    'c7a2ea20-b2f1-4c94-ae05-319acb5c7427',
    'Anahit',
    'Female',
    'Armenian',
    'hy',
    'Storytelling',
    'Expressive Eastern Armenian storyteller.',
    '2025-06-03T16:40:00Z',
  ],
  [
    '4cdd2055-930d-4eaf-94f4-733f3e7d1bfb',
    'Emre',
    'Male',
    'Turkish',
    'tr,en',
    'Conversational,Energetic',
    'Lively Istanbul voice.',
    '2025-06-05T12:12:12.121212',
  ],
  [
    '57ee05cd-e009-42c7-bebf-f20686734721',
    'Mei',
    'Female',
    'Mandarin (Beijing)',
    'zh,en',
    'Customer Support',
    'Clear Mandarin support voice.',
    '2025-06-08T04:00:00Z',
  ],
  [
    '9be4bcfc-49b6-4a08-b2e6-cc3ababced20',
    'Sage',
    'Neutral',
    'American (US)',
    'en',
    'Narration,Calm',
    'Even, gender-neutral explainer voice.',
    '2025-06-10T18:25:37.808080',
  ],
  [
    '830e07bc-1e39-4f10-92bd-4acefaecbd38',
    'River',
    'Neutral',
    'Canadian',
    'en,fr',
    'Conversational',
    'Bilingual Montreal voice, relaxed.',
    '2025-06-12T14:00:00Z',
  ],
  [
    '5790f82e-c1d3-4cff-aa3a-f4d46b0a18e8',
    'Victor',
    'Male',
    'American (US)',
    'en,es,fr,de,it,pt',
    'Advertising,News',
    'Multilingual announcer for global campaigns.',
    '2025-06-23T10:00:00Z',
  ],
  [
    '6bf46c69-7d2c-4f82-aeea-cbe226e87555',
    'Grace',
    'Female',
    'South African',
    'en',
    'Audiobook,Calm',
    'Unhurried Cape Town narrator.',
    '2025-06-25T08:48:19.010203',
  ],
  [
    '13deef86-ab10-41d0-b646-e1f40a097c97',
    'My Narrator',
    'Male',
    'American (US)',
    'en',
    'Narration',
    'Instant clone uploaded from a 30-second studio recording.',
    '2026-03-02T20:14:55.431900',
    'CUSTOM',
  ],
  [
    'ca02135e-92b1-43f2-8ede-0d7ac3baea9e',
    'Podcast Co-host',
    'Female',
    'British (UK)',
    'en',
    'Conversational',
    'Instant clone of a podcast guest (enhanced).',
    '2026-04-18T09:30:00Z',
    'CUSTOM',
  ],
];

/** The simulator's voice library, in the order the API pages through it. */
export const VOICE_CATALOGUE: readonly ApiVoice[] = ROWS.map(
  ([voice_id, name, gender, accent, language, style, description, created_at, type]) => ({
    voice_id,
    name,
    description,
    language,
    gender,
    accent,
    style,
    created_at,
    updated_at: created_at,
    voice_type: type ?? 'PREDEFINED',
  }),
);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const FLITE_BY_GENDER: Record<string, { voices: FliteVoice[]; pitch: [number, number] }> = {
  Female: { voices: ['slt'], pitch: [165, 235] },
  Male: { voices: ['rms', 'awb', 'kal16'], pitch: [85, 135] },
  Neutral: { voices: ['slt', 'kal16'], pitch: [135, 165] },
};

/** The Flite voice and pitch a catalogue voice speaks with: fixed per id, so each voice sounds its own. */
export function fliteVoiceOf(voice: ApiVoice): { voice: FliteVoice; pitchHz: number } {
  const choice = FLITE_BY_GENDER[voice.gender] ?? FLITE_BY_GENDER.Neutral!;
  const hash = fnv1a(voice.voice_id);
  const [low, high] = choice.pitch;
  return { voice: choice.voices[hash % choice.voices.length]!, pitchHz: low + ((hash >>> 8) % (high - low + 1)) };
}

/** The studio's view of an API voice, so the one shared matcher applies the API's filters. */
export function asStudioVoice(voice: ApiVoice): Voice {
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    id: voice.voice_id,
    name: voice.name,
    description: voice.description,
    languages: list(voice.language),
    gender: voice.gender,
    accent: voice.accent,
    styles: list(voice.style),
    type: voice.voice_type,
    provider: 'async',
  };
}

/** Voices matching the API filters, in catalogue order. */
export function filterVoices(voices: readonly ApiVoice[], filter: VoiceFilter): ApiVoice[] {
  return voices.filter((v) => matchesVoiceFilter(asStudioVoice(v), filter));
}
