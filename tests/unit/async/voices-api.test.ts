import { describe, expect, it } from 'vitest';
import { readVoicePage, toVoice, voiceListBody, type ApiVoice } from '../../../electron/engine/async/voices-api';

const api: ApiVoice = {
  voice_id: 'e0f39dc4-f691-4e78-bba5-5c636692cc04',
  name: 'Leo',
  description: 'Warm narrator',
  language: 'de, EN ,es,,fr',
  gender: 'Male',
  accent: 'American (US)',
  style: 'Storytelling, Conversational ',
  created_at: '2025-03-30T11:15:32Z',
  updated_at: '2025-05-19T14:37:07.297056',
  voice_type: 'PREDEFINED',
};

describe('toVoice', () => {
  it('maps the API voice to the studio voice, splitting and trimming lists', () => {
    expect(toVoice(api)).toEqual({
      id: 'e0f39dc4-f691-4e78-bba5-5c636692cc04',
      name: 'Leo',
      description: 'Warm narrator',
      languages: ['de', 'en', 'es', 'fr'],
      gender: 'Male',
      accent: 'American (US)',
      styles: ['Storytelling', 'Conversational'],
      type: 'PREDEFINED',
      provider: 'async',
    });
  });

  it('takes the type from voice_type', () => {
    expect(toVoice({ ...api, voice_type: 'CUSTOM' })?.type).toBe('CUSTOM');
    expect(toVoice({ ...api, voice_type: 'custom' })?.type).toBe('CUSTOM');
    expect(toVoice({ ...api, voice_type: undefined })?.type).toBe('PREDEFINED');
  });

  it('tolerates missing optional fields and falls back to the id for the name', () => {
    expect(toVoice({ voice_id: 'v1' })).toEqual({
      id: 'v1',
      name: 'v1',
      description: '',
      languages: [],
      gender: '',
      accent: '',
      styles: [],
      type: 'PREDEFINED',
      provider: 'async',
    });
  });

  it('refuses entries that cannot be used', () => {
    expect(toVoice(null)).toBeNull();
    expect(toVoice('voice')).toBeNull();
    expect(toVoice({ name: 'no id' })).toBeNull();
    expect(toVoice({ voice_id: 42 })).toBeNull();
  });
});

describe('voiceListBody', () => {
  it('sends every server filter under its API name and leaves query out', () => {
    expect(
      voiceListBody(
        {
          language: 'fr',
          gender: 'Female',
          accent: 'British',
          style: 'News',
          modelId: 'async_flash_v1.0',
          myVoices: true,
          query: 'warm',
        },
        { limit: 25, after: 'cursor-1' },
      ),
    ).toEqual({
      limit: 25,
      after: 'cursor-1',
      language: 'fr',
      gender: 'Female',
      accent: 'British',
      style: 'News',
      model_id: 'async_flash_v1.0',
      my_voice: true,
    });
  });

  it('sends nothing for an empty filter and clamps the page size to the API range', () => {
    expect(voiceListBody({}, {})).toEqual({});
    expect(voiceListBody({}, { limit: 500, after: null })).toEqual({ limit: 100 });
    expect(voiceListBody({}, { limit: 0 })).toEqual({ limit: 1 });
  });
});

describe('readVoicePage', () => {
  it('reads the cursor, treating null, empty and absent as the last page', () => {
    expect(readVoicePage({ voices: [api], next_cursor: 'abc' })).toEqual({ voices: [api], nextCursor: 'abc' });
    expect(readVoicePage({ voices: [], next_cursor: null })?.nextCursor).toBeNull();
    expect(readVoicePage({ voices: [], next_cursor: '' })?.nextCursor).toBeNull();
    expect(readVoicePage({ voices: [] })?.nextCursor).toBeNull();
  });

  it('rejects bodies that are not a voice list', () => {
    expect(readVoicePage(null)).toBeNull();
    expect(readVoicePage({ voices: 'x' })).toBeNull();
    expect(readVoicePage([api])).toBeNull();
  });
});
