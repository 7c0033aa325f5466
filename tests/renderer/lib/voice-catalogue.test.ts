import { describe, expect, it } from 'vitest';
import { visibleVoices, voiceFacets } from '../../../renderer/lib/voice-catalogue';
import { ASYNC_VOICES } from '../fake-studio';

const names = (voices: { name: string }[]) => voices.map((v) => v.name);

describe('voice catalogue', () => {
  it('derives filter options (with counts) from the voices themselves', () => {
    const facets = voiceFacets(ASYNC_VOICES);
    expect(facets.gender).toEqual([
      { value: 'Female', label: 'Female', count: 3 },
      { value: 'Male', label: 'Male', count: 2 },
    ]);
    expect(facets.language.find((l) => l.value === 'en')).toEqual({ value: 'en', label: 'English', count: 4 });
    expect(facets.style.map((s) => s.value)).toEqual(['conversational', 'documentary', 'narration', 'news']);
  });

  it('searches name and description and combines filters', () => {
    expect(names(visibleVoices(ASYNC_VOICES, { query: 'story' }, []))).toEqual(['Emi']);
    expect(names(visibleVoices(ASYNC_VOICES, { query: 'BRU' }, []))).toEqual(['Bruno']);
    expect(names(visibleVoices(ASYNC_VOICES, { language: 'en', gender: 'Female', style: 'narration' }, []))).toEqual([
      'Ava',
      'Emi',
    ]);
  });

  it('lists favourites first and can show only them', () => {
    expect(names(visibleVoices(ASYNC_VOICES, {}, ['v-dieter'])).slice(0, 2)).toEqual(['Dieter', 'Ava']);
    expect(names(visibleVoices(ASYNC_VOICES, { favouritesOnly: true }, ['v-carmen']))).toEqual(['Carmen']);
  });
});
